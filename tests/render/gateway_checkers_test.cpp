// Every rendered gateway file passes the real tool that reads it, for all four family shapes:
// bird -p, keepalived -t, haproxy -c, nft -c (then applied), sysctl -p, and the WireGuard configs
// loaded with wg-quick strip + wg setconf into a wireguard-go interface in a throwaway network
// namespace, where the keepalived notify hook also runs for real. Needs root.
#include "gateway_test_support.hpp"

#include <dualstack/net/host_port.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <thread>

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

namespace dualstack::render {
namespace {

namespace fs = std::filesystem;
using gateway_testing::all_shapes;
using gateway_testing::plan_for;
using gateway_testing::Shape;
using gateway_testing::shape_name;
using ::testing::HasSubstr;

struct Result
{
  int rc = -1;
  std::string output; // stdout and stderr
};

// Quotes `word` for /bin/sh.
std::string quote(const std::string& word)
{
  std::string out = "'";
  for (char ch : word) {
    if (ch == '\'')
      out += "'\\''";
    else
      out += ch;
  }
  return out + "'";
}

// Runs `command` through /bin/sh with a 60 s limit; returns its exit code and output.
Result run(const std::string& command)
{
  Result result;
  FILE* pipe = popen(("timeout 60 sh -c " + quote(command) + " 2>&1").c_str(), "r");
  if (pipe == nullptr)
    return result;
  char buffer[4096];
  std::size_t n = 0;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0)
    result.output.append(buffer, n);
  const int status = pclose(pipe);
  result.rc = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

// Returns true if `tool` is on PATH or in an sbin directory (tests may run with a short PATH).
std::optional<std::string> find_tool(const std::string& tool)
{
  std::string path = std::getenv("PATH") ? std::getenv("PATH") : "";
  path += ":/usr/local/sbin:/usr/sbin:/sbin:/usr/local/bin:/usr/bin:/bin";
  std::size_t start = 0;
  while (start <= path.size()) {
    const std::size_t end = std::min(path.find(':', start), path.size());
    const fs::path candidate = fs::path(path.substr(start, end - start)) / tool;
    if (end > start && access(candidate.c_str(), X_OK) == 0)
      return candidate.string();
    start = end + 1;
  }
  return std::nullopt;
}

// Fails the current test unless every checker binary is installed, naming the package.
bool have_checkers()
{
  const std::pair<const char*, const char*> tools[] = {
    { "bird", "bird2" },
    { "birdc", "bird2" },
    { "ss", "iproute2" },
    { "keepalived", "keepalived" },
    { "haproxy", "haproxy" },
    { "nft", "nftables" },
    { "wg", "wireguard-tools" },
    { "wg-quick", "wireguard-tools" },
    { "wireguard-go", "wireguard-go" },
    { "ip", "iproute2" },
    { "sysctl", "procps" },
    { "timeout", "coreutils" },
  };
  bool ok = true;
  for (const auto& [tool, package] : tools) {
    if (!find_tool(tool)) {
      ADD_FAILURE() << "checker `" << tool << "` is missing: install the Debian package `"
                    << package << "` (scripts/setup.sh installs it)";
      ok = false;
    }
  }
  if (geteuid() != 0) {
    ADD_FAILURE() << "the gateway checker tests need root (network namespaces, nft, wireguard-go)";
    ok = false;
  }
  return ok;
}

// A temporary directory, removed with everything in it.
class TempDir
{
public:
  TempDir()
  {
    std::string pattern = (fs::temp_directory_path() / "dsgt-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr)
      throw std::runtime_error("mkdtemp failed");
    m_path = pattern;
  }
  ~TempDir()
  {
    std::error_code ignored;
    fs::remove_all(m_path, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const fs::path& path() const
  {
    return m_path;
  }

private:
  fs::path m_path;
};

// Returns a name unique on this machine for this test process: "dsgt-<pid>-<n>" (at most 15
// characters, so it also works as an interface name).
std::string unique_name()
{
  static std::atomic<int> counter{ 0 };
  return fmt::format("dsgt{}-{}", getpid() % 10000000, counter++ % 100);
}

// A network namespace made for one test and deleted afterwards, whatever happens.
class Netns
{
public:
  Netns()
    : m_name(unique_name())
  {
    const Result r = run("ip netns add " + m_name);
    if (r.rc != 0)
      throw std::runtime_error("ip netns add " + m_name + ": " + r.output);
    run(exec("ip link set lo up"));
  }
  ~Netns()
  {
    run("ip netns del " + m_name);
    if (m_etc) {
      std::error_code ignored;
      fs::remove_all(fs::path("/etc/netns") / m_name, ignored);
      fs::remove("/etc/netns", ignored); // only if empty: other namespaces may use it
    }
  }
  // Returns /etc/netns/<name>/<sub>, created: `ip netns exec` mounts it over /etc/<sub>, so
  // files placed there appear at their target paths inside the namespace (as the lab does).
  fs::path etc(const std::string& sub)
  {
    m_etc = true;
    const fs::path dir = fs::path("/etc/netns") / m_name / sub;
    // Another test's namespace may remove an empty /etc/netns between our mkdirs (ctest -j2):
    // create again until the path stays.
    std::error_code ec;
    for (int attempt = 0;
         attempt < 20 && !fs::create_directories(dir, ec) && !fs::is_directory(dir);
         ++attempt)
      ;
    if (!fs::is_directory(dir))
      throw std::runtime_error("cannot create " + dir.string() + ": " + ec.message());
    // keepalived's script security wants no directory on a script's path writable by others
    for (const fs::path& p : { fs::path("/etc/netns") / m_name, dir }) {
      fs::permissions(p, fs::perms(0755));
    }
    return dir;
  }
  Netns(const Netns&) = delete;
  Netns& operator=(const Netns&) = delete;

  const std::string& name() const
  {
    return m_name;
  }
  // Returns `command` prefixed to run inside the namespace.
  std::string exec(const std::string& command) const
  {
    return "ip netns exec " + m_name + " " + command;
  }

private:
  std::string m_name;
  bool m_etc = false;
};

// A process started by this test inside `netns` (quiet), stopped when the guard goes: SIGTERM,
// then SIGKILL, only ever to its own pid.
class Child
{
public:
  Child(const Netns& netns, const std::vector<std::string>& argv)
  {
    std::vector<std::string> full{ "ip", "netns", "exec", netns.name() };
    full.insert(full.end(), argv.begin(), argv.end());
    std::vector<char*> args;
    for (auto& arg : full) {
      args.push_back(arg.data());
    }
    args.push_back(nullptr);
    m_pid = fork();
    if (m_pid == 0) {
      // wireguard-go prints a banner and every failed handshake; BIRD and HAProxy log too
      const int null = open("/dev/null", O_WRONLY);
      dup2(null, STDOUT_FILENO);
      dup2(null, STDERR_FILENO);
      setenv("LOG_LEVEL", "error", 1);
      execvp(args[0], args.data());
      _exit(127);
    }
  }
  ~Child()
  {
    stop();
  }
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;

  // Stops the process (if it still runs) and reaps it.
  void stop()
  {
    if (m_pid <= 0)
      return;
    kill(m_pid, SIGTERM);
    int status = 0;
    pid_t done = 0;
    for (int i = 0; i < 150 && (done = waitpid(m_pid, &status, WNOHANG)) == 0; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    if (done == 0) {
      kill(m_pid, SIGKILL);
      waitpid(m_pid, &status, 0);
    }
    m_pid = -1;
  }

private:
  pid_t m_pid = -1;
};

// A wireguard-go interface inside `netns` called `name`, gone with the guard.
class WireguardGo
{
public:
  WireguardGo(const Netns& netns, std::string name)
    : m_name(std::move(name))
    , m_process(netns, { "wireguard-go", "-f", m_name })
  {
    for (int i = 0; i < 100 && !fs::exists(socket()); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    if (!fs::exists(socket()))
      throw std::runtime_error("wireguard-go " + m_name + " did not come up");
  }
  ~WireguardGo()
  {
    m_process.stop();
    std::error_code ignored;
    fs::remove(socket(), ignored);
  }
  WireguardGo(const WireguardGo&) = delete;
  WireguardGo& operator=(const WireguardGo&) = delete;
  const std::string& name() const
  {
    return m_name;
  }

private:
  fs::path socket() const
  {
    return fs::path("/var/run/wireguard") / (m_name + ".sock");
  }

  std::string m_name;
  Child m_process;
};

// Returns true once `command` exits with `rc`, polling for up to `seconds`.
bool eventually(const std::string& command, int rc, int seconds)
{
  for (int i = 0; i < seconds * 5; ++i) {
    if (run(command).rc == rc)
      return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  return false;
}

// Writes every artifact under `dir` (at its relative path, with its mode); returns the paths.
void write_all(const Artifacts& artifacts, const fs::path& dir)
{
  for (const auto& a : artifacts) {
    const fs::path path = dir / a.path;
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << a.content;
    chmod(path.c_str(), static_cast<mode_t>(a.mode));
  }
}

std::string expect_ok(const std::string& what, const std::string& command)
{
  const Result r = run(command);
  EXPECT_EQ(r.rc, 0) << what << " failed:\n$ " << command << "\n" << r.output;
  return r.output;
}

class GatewayCheckers : public ::testing::TestWithParam<Shape>
{
protected:
  void SetUp() override
  {
    if (!have_checkers())
      GTEST_FAIL() << "checkers unavailable";
    m_plan = plan_for(GetParam());
    // A fixed client address, as the lab's client has: the server config gets an Endpoint.
    m_plan.wireguard_peers[0].endpoint =
      m_plan.primary() == net::Family::ipv4 ? "198.51.100.100:51820" : "[2001:db8::100]:51820";
    // The gateways' public address: known for all shapes but IPv4-only, which so renders (and
    // loads) the client config with its placeholder instead.
    if (GetParam() != Shape::ipv4_only) {
      m_plan.wireguard_endpoints[0].public_endpoint =
        m_plan.primary() == net::Family::ipv4 ? "198.51.100.2:7777" : "[2001:db8::2]:7777";
    }
    // LoadBalancer pools on every shape, so the checkers see their BIRD filters and nft sets too.
    for (net::Family family : m_plan.families()) {
      plan::FamilyPlan& network = m_plan.networks.at(family);
      network.loadbalancer_pool = *net::Prefix::parse(
        network.family == net::Family::ipv4 ? "192.0.2.0/24" : "2001:db8:10::/120");
      network.loadbalancer_block_size = network.family == net::Family::ipv4 ? 26 : 122;
    }
    // Routed IPv6 pods on the IPv6-primary shape, so nft checks and applies the notrack chain.
    if (GetParam() == Shape::ipv6_primary)
      m_plan.ipv6_egress = plan::Ipv6Egress::routed;
    m_artifacts = render_gateways(m_plan, gateway_testing::secrets_for(m_plan));
    write_all(m_artifacts, m_dir.path());
  }

  // Gives `ns` the Plan's gateway interface with `gw`'s addresses, up.
  void give_gateway_interface(const Netns& ns, const plan::Host& gw) const
  {
    const std::string& iface = m_plan.gateway_interface;
    expect_ok("interface", ns.exec("ip link add " + iface + " type bridge"));
    for (const auto& [family, network] : m_plan.networks) {
      expect_ok("address",
                ns.exec(fmt::format("ip addr add {}/{} dev {} nodad",
                                    gw.address(network.family)->to_string(),
                                    network.cluster_subnet.length(),
                                    iface)));
    }
    expect_ok("link up", ns.exec("ip link set " + iface + " up"));
  }

  fs::path file(const plan::Host& gateway, const std::string& name) const
  {
    return m_dir.path() / "gateways" / gateway.name / name;
  }
  std::vector<const plan::Host*> gateways() const
  {
    return m_plan.hosts_with(plan::HostRole::gateway);
  }

  TempDir m_dir;
  plan::Plan m_plan;
  Artifacts m_artifacts;
};

TEST_P(GatewayCheckers, BirdParsesTheConfig)
{
  for (const plan::Host* gw : gateways()) {
    expect_ok("bird -p " + gw->name, "bird -p -c " + quote(file(*gw, "bird.conf")));
  }
}

TEST_P(GatewayCheckers, HaproxyAcceptsTheConfigWithoutWarnings)
{
  for (const plan::Host* gw : gateways()) {
    const std::string out =
      expect_ok("haproxy -c " + gw->name, "haproxy -c -f " + quote(file(*gw, "haproxy.cfg")));
    EXPECT_THAT(out, ::testing::Not(HasSubstr("WARNING"))) << out;
  }
}

TEST_P(GatewayCheckers, KeepalivedAcceptsTheConfigAtItsTargetPaths)
{
  for (const plan::Host* gw : gateways()) {
    Netns ns;
    // keepalived -t checks that the interface exists: give the namespace the Plan's interface
    expect_ok("interface", ns.exec("ip link add " + m_plan.gateway_interface + " type bridge"));
    // ... and that the scripts exist, are root's and not writable by others: install the
    // config and both scripts at their target paths (/etc/keepalived/...) for the namespace
    const fs::path etc = ns.etc("keepalived");
    for (const char* name : { "keepalived.conf", "dualstack-notify.sh", "dualstack-check.sh" }) {
      fs::copy_file(file(*gw, name), etc / name);
    }
    const fs::path run_dir = m_dir.path() / ("keepalived-" + gw->name);
    fs::create_directories(run_dir);
    const std::string out = expect_ok(
      "keepalived -t " + gw->name,
      ns.exec("keepalived -t -l -f /etc/keepalived/keepalived.conf -p " + quote(run_dir / "k.pid") +
              " -r " + quote(run_dir / "vrrp.pid") + " -c " + quote(run_dir / "check.pid")));
    EXPECT_EQ(out, "") << "keepalived -t complained";
  }
}

TEST_P(GatewayCheckers, NftablesChecksAndAppliesTheRuleset)
{
  for (const plan::Host* gw : gateways()) {
    Netns ns;
    const std::string path = quote(file(*gw, "nftables.conf"));
    expect_ok("nft -c " + gw->name, ns.exec("nft -c -f " + path));
    // applying it twice proves the file replaces its own table
    expect_ok("nft -f", ns.exec("nft -f " + path));
    expect_ok("nft -f again", ns.exec("nft -f " + path));
    const std::string listed = expect_ok("nft list", ns.exec("nft list table inet dualstack"));
    EXPECT_THAT(listed, HasSubstr("chain forward"));
  }
}

TEST_P(GatewayCheckers, SysctlDropInAppliesInANamespace)
{
  Netns ns;
  expect_ok("interface", ns.exec("ip link add " + m_plan.gateway_interface + " type bridge"));
  const plan::Host& gw = *gateways()[0];
  expect_ok("sysctl -p", ns.exec("sysctl -p " + quote(file(gw, "90-dualstack.conf"))));
  if (m_plan.has(net::Family::ipv4)) {
    EXPECT_EQ(expect_ok("read", ns.exec("sysctl -n net.ipv4.ip_nonlocal_bind")), "1\n");
  }
  if (m_plan.has(net::Family::ipv6)) {
    EXPECT_EQ(expect_ok("read", ns.exec("sysctl -n net.ipv6.ip_nonlocal_bind")), "1\n");
  }
}

TEST_P(GatewayCheckers, ScriptsAreValidShell)
{
  for (const plan::Host* gw : gateways()) {
    for (const char* script : { "dualstack-notify.sh", "dualstack-check.sh" }) {
      expect_ok(std::string("sh -n ") + script, "sh -n " + quote(file(*gw, script)));
    }
  }
}

TEST_P(GatewayCheckers, WireguardConfigsLoadIntoWireguardGoAndTheNotifyHookRuns)
{
  const plan::Host& gw = *gateways()[0];
  Netns ns;
  WireguardGo wg(ns, ns.name());
  const std::string server = quote(file(gw, "wg0.conf"));
  expect_ok("wg setconf (server)",
            "wg-quick strip " + server + " | " +
              ns.exec("wg setconf " + wg.name() + " /dev/stdin"));
  expect_ok("link up", ns.exec("ip link set " + wg.name() + " up"));
  EXPECT_EQ(expect_ok("listen-port", ns.exec("wg show " + wg.name() + " listen-port")),
            fmt::format("{}\n", m_plan.wireguard_endpoints[0].port));
  const std::string peers = expect_ok("peers", ns.exec("wg show " + wg.name() + " allowed-ips"));
  for (const auto& peer : m_plan.wireguard_peers) {
    EXPECT_THAT(peers, HasSubstr(peer.pub_key));
    for (const auto& [family, address] : peer.addresses[0]) {
      EXPECT_THAT(peers, HasSubstr(fmt::format("{}/{}", address.to_string(), address.bit_width())));
    }
  }
  EXPECT_THAT(expect_ok("public key", ns.exec("wg show " + wg.name() + " public-key")),
              HasSubstr(gateway_testing::test_key().public_key));

  // The notify hook, for real: BACKUP leaves every peer quiet, MASTER turns on keepalives (and
  // so a handshake) for the peer with a known endpoint only, and only while it holds the VIPs:
  // a MASTER hook that runs late, after keepalived gave the VIPs up again, acts as BACKUP.
  const std::string hook = quote(file(gw, "dualstack-notify.sh"));
  const std::string keepalive = ns.exec("wg show " + wg.name() + " persistent-keepalive");
  expect_ok("notify BACKUP", ns.exec(hook + " BACKUP"));
  EXPECT_THAT(expect_ok("keepalive", keepalive), ::testing::Not(HasSubstr("\t25")));
  give_gateway_interface(ns, gw);
  expect_ok("notify MASTER without the VIPs", ns.exec(hook + " MASTER"));
  EXPECT_THAT(expect_ok("keepalive", keepalive), ::testing::Not(HasSubstr("\t25")))
    << "a gateway without the VIPs started handshakes";
  for (const auto& [family, network] : m_plan.networks) {
    const bool v6 = network.family == net::Family::ipv6;
    expect_ok("VIP",
              ns.exec(fmt::format("ip addr add {}/{} dev {} nodad",
                                  network.vip.to_string(),
                                  v6 ? 128 : 32,
                                  m_plan.gateway_interface)));
  }
  expect_ok("notify MASTER", ns.exec(hook + " MASTER"));
  const std::string after = expect_ok("keepalive", keepalive);
  EXPECT_THAT(after, HasSubstr(m_plan.wireguard_peers[0].pub_key + "\t25"));
  EXPECT_THAT(after, HasSubstr(m_plan.wireguard_peers[1].pub_key + "\toff"));
  EXPECT_EQ(expect_ok("private key kept", ns.exec("wg show " + wg.name() + " private-key")),
            gateway_testing::test_key().private_key + "\n");
  expect_ok("notify BACKUP", ns.exec(hook + " BACKUP"));
  EXPECT_THAT(expect_ok("keepalive", keepalive), ::testing::Not(HasSubstr("\t25")));

  // A client config loads too (it has no private key: that stays with the operator).
  const fs::path client = m_dir.path() / "wireguard" / "clients" / "operator-wg0.conf";
  expect_ok("wg setconf (client)",
            "wg-quick strip " + quote(client) + " | " +
              ns.exec("wg setconf " + wg.name() + " /dev/stdin"));
  const std::string& public_endpoint = m_plan.wireguard_endpoints[0].public_endpoint;
  EXPECT_THAT(expect_ok("endpoint", ns.exec("wg show " + wg.name() + " endpoints")),
              HasSubstr(public_endpoint.empty() ? "(none)" : public_endpoint));
}

TEST_P(GatewayCheckers, NotifyHookMakesWireguardLeaveFromTheVipOnTheMasterOnly)
{
  // A master's WireGuard packets (UDP from the listen port) leave from the family's VIP, so the
  // outside sees only the address clients dial (the floating IP, or the VIP); all its other
  // traffic keeps the gateway's own address. Checked with the kernel's route lookup.
  const plan::Host& gw = *gateways()[0];
  Netns ns;
  give_gateway_interface(ns, gw);
  const std::string& iface = m_plan.gateway_interface;
  const std::string hook = quote(file(gw, "dualstack-notify.sh"));
  const int port = m_plan.wireguard_endpoints[0].port;
  for (const auto& [family, network] : m_plan.networks) {
    const bool v6 = network.family == net::Family::ipv6;
    const char* flag = v6 ? "-6" : "-4";
    expect_ok(
      "default route",
      ns.exec(fmt::format("ip {} route add default via {}", flag, network.router.to_string())));
    expect_ok("VIP",
              ns.exec(fmt::format("ip addr add {}/{} dev {} nodad{}",
                                  network.vip.to_string(),
                                  v6 ? 128 : 32,
                                  iface,
                                  v6 ? " preferred_lft 0" : "")));
  }
  auto source = [&](const plan::FamilyPlan& network, bool wireguard) {
    const bool v6 = network.family == net::Family::ipv6;
    const std::string out =
      expect_ok("route get",
                ns.exec(fmt::format("ip {} route get {}{}",
                                    v6 ? "-6" : "-4",
                                    v6 ? "2001:db8:ffff::7" : "203.0.113.7",
                                    wireguard ? fmt::format(" ipproto udp sport {}", port) : "")));
    const auto at = out.find(" src ");
    return at == std::string::npos ? out : out.substr(at + 5, out.find(' ', at + 5) - at - 5);
  };
  expect_ok("notify MASTER", ns.exec(hook + " MASTER"));
  for (const auto& [family, network] : m_plan.networks) {
    EXPECT_EQ(source(network, true), network.vip.to_string()) << "WireGuard on the master";
    EXPECT_EQ(source(network, false), gw.address(network.family)->to_string()) << "everything else";
  }
  expect_ok("notify MASTER again", ns.exec(hook + " MASTER"));
  for (const char* flag : { "-4", "-6" }) {
    const bool has =
      std::string(flag) == "-4" ? m_plan.has(net::Family::ipv4) : m_plan.has(net::Family::ipv6);
    EXPECT_EQ(expect_ok("rules", ns.exec(fmt::format("ip {} rule show pref 7377 | wc -l", flag))),
              has ? "1\n" : "0\n")
      << "the rule is added once, per family the cluster has (" << flag << ")";
  }
  expect_ok("notify BACKUP", ns.exec(hook + " BACKUP"));
  for (const auto& [family, network] : m_plan.networks)
    EXPECT_EQ(source(network, true), gw.address(network.family)->to_string())
      << "a backup has no VIP source";
}

TEST_P(GatewayCheckers, EndpointSyncCarriesTheMastersLearnedEndpointsToTheBackups)
{
  // Two gateways on one link, each with its rendered WireGuard config and dualstack-endpoint-sync
  // running on its installed files. The master (it holds the VIPs) learns where a roaming peer is;
  // the backup must get that endpoint, and must ignore a forged message and, once it holds a
  // VIP itself, the other master's.
  const auto gws = gateways();
  ASSERT_GE(gws.size(), 2u);
  Netns a;
  Netns b;
  const std::string& iface = m_plan.gateway_interface;
  expect_ok(
    "veth",
    a.exec(fmt::format("ip link add {0} type veth peer name {0} netns {1}", iface, b.name())));
  auto setup = [&](Netns& ns, const plan::Host& gw) {
    for (const auto& [family, network] : m_plan.networks) {
      expect_ok("address",
                ns.exec(fmt::format("ip addr add {}/{} dev {} nodad",
                                    gw.address(network.family)->to_string(),
                                    network.cluster_subnet.length(),
                                    iface)));
    }
    expect_ok("link up", ns.exec("ip link set " + iface + " up"));
    const fs::path etc = ns.etc("keepalived");
    for (const char* name : { "dualstack-endpoint-sync",
                              "dualstack-endpoint-sync.json",
                              "dualstack-endpoint-sync.key" }) {
      fs::copy_file(file(gw, name), etc / name);
    }
  };
  setup(a, *gws[0]);
  setup(b, *gws[1]);
  for (const auto& [family, network] : m_plan.networks) {
    const bool v6 = network.family == net::Family::ipv6;
    expect_ok("VIP",
              a.exec(fmt::format(
                "ip addr add {}/{} dev {} nodad", network.vip.to_string(), v6 ? 128 : 32, iface)));
  }
  WireguardGo wga(a, a.name());
  WireguardGo wgb(b, b.name());
  for (auto [ns, wg] : { std::pair{ &a, &wga }, std::pair{ &b, &wgb } }) {
    expect_ok("wg setconf",
              "wg-quick strip " + quote(file(*gws[0], "wg0.conf")) + " | " +
                ns->exec("wg setconf " + wg->name() + " /dev/stdin"));
    expect_ok("wg up", ns->exec("ip link set " + wg->name() + " up"));
  }
  const std::vector<std::string> daemon{ "python3",
                                         "/etc/keepalived/dualstack-endpoint-sync",
                                         "/etc/keepalived/dualstack-endpoint-sync.json" };
  Child sync_a(a, daemon);
  Child sync_b(b, daemon);

  const std::string& roaming = m_plan.wireguard_peers[1].pub_key; // no configured endpoint
  const std::string on_b = b.exec("wg show " + wgb.name() + " endpoints");
  auto endpoint_on_b = [&] {
    std::istringstream in(expect_ok("endpoints", on_b));
    for (std::string key, endpoint; in >> key >> endpoint;) {
      if (key == roaming)
        return endpoint;
    }
    return std::string("(missing)");
  };
  ASSERT_EQ(endpoint_on_b(), "(none)");
  expect_ok(
    "learn",
    a.exec(fmt::format("wg set {} peer {} endpoint 198.51.100.9:4444", wga.name(), roaming)));
  EXPECT_TRUE(eventually("sh -c " + quote(on_b + " | grep -q '198.51.100.9:4444'"), 0, 10))
    << "the backup did not get the master's endpoint: " << endpoint_on_b();

  // A forged message (valid JSON, wrong key) changes nothing.
  const std::string forged = fmt::format(
    R"(python3 -c 'import hmac,hashlib,json,socket,time,sys; b=json.dumps({{"v":1,"from":"x","seq":time.time_ns(),"time":time.time(),"endpoints":{{"{}":{{"{}":"198.51.100.66:6666"}}}}}}).encode(); s=socket.socket(socket.AF_INET6 if ":" in sys.argv[1] else socket.AF_INET, socket.SOCK_DGRAM); s.sendto(hmac.new(b"wrong key 0123456789", b, hashlib.sha256).digest()+b, (sys.argv[1], 7378))' {})",
    m_plan.wireguard_endpoints[0].port,
    roaming,
    gws[1]->address(m_plan.primary())->to_string());
  expect_ok("forged", a.exec(forged));
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  EXPECT_EQ(endpoint_on_b(), "198.51.100.9:4444") << "a forged message was applied";

  // A gateway that holds a VIP trusts its own WireGuard, not another master's messages.
  expect_ok("VIP on b",
            b.exec(fmt::format(
              "ip addr add {}/{} dev {} nodad",
              m_plan.networks.at(m_plan.families()[0]).vip.to_string(),
              m_plan.networks.at(m_plan.families()[0]).family == net::Family::ipv6 ? 128 : 32,
              iface)));
  expect_ok(
    "roam",
    a.exec(fmt::format("wg set {} peer {} endpoint 198.51.100.10:5555", wga.name(), roaming)));
  std::this_thread::sleep_for(std::chrono::milliseconds(2000));
  EXPECT_EQ(endpoint_on_b(), "198.51.100.9:4444") << "a master took another master's endpoint";
}

TEST_P(GatewayCheckers, DaemonsStartAndTheReadyCheckFollowsThem)
{
  // The gateway as the lab runs it, in one namespace: the Plan's interface with the gateway's
  // addresses, the sysctl drop-in, then WireGuard, BIRD and HAProxy on the rendered files.
  const plan::Host& gw = *gateways()[0];
  Netns ns;
  give_gateway_interface(ns, gw);
  expect_ok("sysctl -p", ns.exec("sysctl -q -p " + quote(file(gw, "90-dualstack.conf"))));
  expect_ok("nft -f", ns.exec("nft -f " + quote(file(gw, "nftables.conf"))));
  const std::string check = ns.exec("sh " + quote(file(gw, "dualstack-check.sh")));
  EXPECT_EQ(run(check).rc, 1) << "ready with nothing running";

  WireguardGo wg(ns, ns.name());
  expect_ok("wg setconf",
            "wg-quick strip " + quote(file(gw, "wg0.conf")) + " | " +
              ns.exec("wg setconf " + wg.name() + " /dev/stdin"));
  expect_ok("wg up", ns.exec("ip link set " + wg.name() + " up"));
  Child bird(ns,
             { "bird",
               "-f",
               "-c",
               file(gw, "bird.conf").string(),
               "-s",
               (m_dir.path() / "bird.ctl").string() });
  Child haproxy(ns, { "haproxy", "-db", "-f", file(gw, "haproxy.cfg").string() });
  EXPECT_TRUE(eventually(check, 0, 10)) << "not ready with WireGuard, BIRD and HAProxy up:\n"
                                        << run(ns.exec("ss -H -l -n -t -u")).output;
  const std::string protocols =
    run(ns.exec("birdc -s " + quote(m_dir.path() / "bird.ctl") + " show protocols")).output;
  EXPECT_THAT(protocols, HasSubstr("BGP")) << protocols;
  bird.stop();
  EXPECT_TRUE(eventually(check, 1, 5)) << "still ready without BIRD";
}

TEST_P(GatewayCheckers, HaproxyTakesAWedgedApiServerOutOfRotation)
{
  // Two masters on the primary family: one answers HTTPS GET /readyz with 200 (openssl s_server
  // -www), one completes TLS but gives no HTTP answer, like a wedged kube-apiserver whose port is
  // open. A TCP connect check keeps both; the rendered /readyz check marks the wedged one DOWN.
  const plan::Host& gw = *gateways()[0];
  const auto masters = m_plan.hosts_with(plan::HostRole::master);
  ASSERT_GE(masters.size(), 2u);
  Netns ns;
  give_gateway_interface(ns, gw);
  const net::Family family = m_plan.primary();
  const std::string& iface = m_plan.gateway_interface;
  for (const plan::Host* master : { masters[0], masters[1] }) {
    expect_ok("master address",
              ns.exec(fmt::format("ip addr add {}/{} dev {} nodad",
                                  master->address(family)->to_string(),
                                  m_plan.network(family).cluster_subnet.length(),
                                  iface)));
  }
  expect_ok("sysctl -p", ns.exec("sysctl -q -p " + quote(file(gw, "90-dualstack.conf"))));
  const fs::path key = m_dir.path() / "api.key";
  const fs::path cert = m_dir.path() / "api.crt";
  expect_ok("certificate",
            "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=apiserver -keyout " +
              quote(key) + " -out " + quote(cert));
  const auto accept = [&](const plan::Host* master) {
    return net::host_port(*master->address(family), m_plan.api.bind_port);
  };
  Child ready(ns,
              { "openssl",
                "s_server",
                "-accept",
                accept(masters[0]),
                "-cert",
                cert.string(),
                "-key",
                key.string(),
                "-www",
                "-quiet" });
  Child wedged(ns,
               { "openssl",
                 "s_server",
                 "-accept",
                 accept(masters[1]),
                 "-cert",
                 cert.string(),
                 "-key",
                 key.string(),
                 "-quiet" });
  // Both listen before HAProxy's first check (a refused first check marks a server DOWN).
  const std::string port = std::to_string(m_plan.api.bind_port);
  EXPECT_TRUE(eventually(
    ns.exec("sh -c " + quote("test $(ss -H -l -n -t 'sport = :" + port + "' | wc -l) -ge 2")),
    0,
    10))
    << run(ns.exec("ss -H -l -n -t")).output;
  const fs::path log = m_dir.path() / "haproxy.log";
  Child haproxy(
    ns,
    { "sh", "-c", "exec haproxy -db -f " + quote(file(gw, "haproxy.cfg")) + " 2> " + quote(log) });
  const std::string suffix = family == net::Family::ipv4 ? "-ipv4" : "-ipv6";
  const std::string ready_down = "kubernetes-api/" + masters[0]->name + suffix + " is DOWN";
  const std::string wedged_down = "kubernetes-api/" + masters[1]->name + suffix + " is DOWN";
  const auto log_text = [&] {
    std::ifstream in(log);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  };
  for (int i = 0; i < 80 && log_text().find(wedged_down) == std::string::npos; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  std::this_thread::sleep_for(std::chrono::seconds(1)); // the ready one would be DOWN by now too
  const std::string text = log_text();
  EXPECT_NE(text.find(wedged_down), std::string::npos) << text;
  EXPECT_EQ(text.find(ready_down), std::string::npos) << text;
}

// Returns the soft limit of `name` in /proc/<pid>/limits ("" if the process is gone).
std::string proc_limit(pid_t pid, const std::string& name)
{
  std::ifstream in("/proc/" + std::to_string(pid) + "/limits");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(name, 0) == 0) {
      std::istringstream fields(line.substr(name.size()));
      std::string soft;
      fields >> soft;
      return soft;
    }
  }
  return "";
}

TEST_P(GatewayCheckers, KeepalivedReloadKeepsItsVrrpProcessAndItsLimits)
{
  // `systemctl reload keepalived` (SIGHUP) must reload in the running VRRP process. keepalived
  // 2.2.7 with `vrrp_rt_priority` set the process's RLIMIT_RTTIME to 0 on a reload, so the kernel
  // killed it at its next tick and the parent restarted it cold: a master dropped its VIPs.
  const plan::Host& gw = *gateways()[0];
  Netns ns;
  give_gateway_interface(ns, gw);
  const fs::path etc = ns.etc("keepalived");
  for (const char* name : { "keepalived.conf", "dualstack-notify.sh", "dualstack-check.sh" })
    fs::copy_file(file(gw, name), etc / name);
  const fs::path run_dir = m_dir.path() / "keepalived-run";
  fs::create_directories(run_dir);
  const fs::path log = run_dir / "keepalived.log";
  const fs::path main_pid = run_dir / "k.pid";
  const fs::path vrrp_pid = run_dir / "vrrp.pid";
  Child keepalived(ns,
                   { "sh",
                     "-c",
                     "exec keepalived -P -n -l -D -f /etc/keepalived/keepalived.conf -p " +
                       quote(main_pid) + " -r " + quote(vrrp_pid) + " >> " + quote(log) +
                       " 2>&1" });
  const auto read_pid = [](const fs::path& path) {
    std::ifstream in(path);
    pid_t pid = -1;
    in >> pid;
    return pid;
  };
  const auto log_has = [&](const std::string& text) {
    std::ifstream in(log);
    std::stringstream s;
    s << in.rdbuf();
    return s.str().find(text) != std::string::npos;
  };
  for (int i = 0; i < 50 && !log_has("Startup complete"); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  const pid_t vrrp = read_pid(vrrp_pid);
  ASSERT_GT(vrrp, 0) << "no VRRP process";
  ASSERT_GT(read_pid(main_pid), 0);
  ASSERT_EQ(kill(read_pid(main_pid), SIGHUP), 0);
  for (int i = 0; i < 50 && !log_has("Reload complete"); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_TRUE(log_has("Reload complete")) << "the VRRP process did not finish its reload";
  std::this_thread::sleep_for(std::chrono::seconds(1)); // a killed process shows by now
  EXPECT_EQ(read_pid(vrrp_pid), vrrp) << "the VRRP process was replaced";
  EXPECT_FALSE(log_has("died")) << "the VRRP process died during its reload";
  const std::string rttime = proc_limit(vrrp, "Max realtime timeout");
  EXPECT_NE(rttime, "") << "the VRRP process is gone";
  EXPECT_NE(rttime, "0") << "the reloaded VRRP process has a realtime limit of 0";
}

INSTANTIATE_TEST_SUITE_P(
  AllShapes,
  GatewayCheckers,
  ::testing::Values(Shape::ipv4_only, Shape::dual, Shape::ipv6_primary, Shape::ipv6_only),
  [](const ::testing::TestParamInfo<Shape>& param_info) {
    std::string name = shape_name(param_info.param);
    for (char& ch : name) {
      if (ch == '-')
        ch = '_';
    }
    return name;
  });

} // namespace
} // namespace dualstack::render
