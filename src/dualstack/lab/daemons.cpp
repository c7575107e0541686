// Installing the rendered files and running the daemons of the lab.
#include <dualstack/lab/daemons.hpp>

#include <dualstack/lab/files.hpp>
#include <dualstack/lab/listener.hpp>
#include <dualstack/lab/loadbalancer.hpp>
#include <dualstack/lab/network.hpp>
#include <dualstack/lab/node_daemons.hpp>
#include <dualstack/lab/observe.hpp>
#include <dualstack/lab/process.hpp>
#include <dualstack/lab/wg_quick.hpp>
#include <dualstack/render/gateway/paths.hpp>
#include <dualstack/render/pipeline.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>

#include <sys/stat.h>

namespace dualstack::lab {

namespace fs = std::filesystem;
namespace paths = render::gateway::paths;

namespace {

std::string etc_netns(const std::string& ns)
{
  return "/etc/netns/" + ns;
}

std::string client_key_path(const LabContext& lab, const LabClient& c)
{
  return lab.ns_dir(c.ns) + "/private.key";
}

std::string wg_socket(const std::string& wg_if)
{
  return "/var/run/wireguard/" + wg_if + ".sock";
}

bool wait_for(const std::function<bool()>& ready, double seconds)
{
  const double end = now_s() + seconds;
  while (now_s() < end) {
    if (ready())
      return true;
    if (!sleep_for(0.05))
      return false;
  }
  return ready();
}

// Brings up WireGuard interface `wg_if` in `ns` from the rendered wg-quick file `conf_path`
// (a path inside the namespace's /etc view or the render tree), as wg-quick would.
Status start_wireguard(LabContext& lab,
                       const std::string& ns,
                       const std::string& key,
                       const std::string& wg_if,
                       const std::string& conf_path,
                       const std::vector<std::string>& extra_set)
{
  if (fs::exists(wg_socket(wg_if))) {
    return tl::unexpected(
      fmt::format("{} exists: another wireguard-go uses the name {}", wg_socket(wg_if), wg_if));
  }
  const WgQuickFile file = parse_wg_quick(read_file(conf_path));
  const std::string setconf = lab.ns_dir(ns) + "/" + wg_if + ".setconf";
  LAB_TRY(write_file(setconf, file.setconf, 0600));
  const pid_t pid = spawn_process(
    in_netns(ns,
             { "env", "LOG_LEVEL=error", "WG_PROCESS_FOREGROUND=1", "wireguard-go", "-f", wg_if }),
    lab.ns_dir(ns) + "/wireguard-go-" + wg_if + ".log");
  lab.record_pid(key + "/wireguard-go-" + wg_if, pid);
  if (!wait_for([&] { return fs::exists(wg_socket(wg_if)); }, 5)) {
    return tl::unexpected(
      fmt::format("wireguard-go {} did not create {} within 5 s", wg_if, wg_socket(wg_if)));
  }
  LAB_TRY(must_run_in(ns, { "wg", "setconf", wg_if, setconf }));
  if (!extra_set.empty()) {
    std::vector<std::string> argv{ "wg", "set", wg_if };
    argv.insert(argv.end(), extra_set.begin(), extra_set.end());
    LAB_TRY(must_run_in(ns, argv));
  }
  for (const auto& address : file.addresses) {
    std::vector<std::string> argv{ "ip", "-n", ns, "addr", "add", address, "dev", wg_if };
    if (address.find(':') != std::string::npos)
      argv.push_back("nodad");
    LAB_TRY(must_run(argv));
  }
  if (!file.mtu.empty())
    LAB_TRY(must_run({ "ip", "-n", ns, "link", "set", wg_if, "mtu", file.mtu }));
  LAB_TRY(must_run({ "ip", "-n", ns, "link", "set", wg_if, "up" }));
  return {};
}

std::string gateway_key(const LabGateway& g)
{
  return fmt::format("gw{}", g.index);
}

std::vector<std::string> gateway_daemon_keys(const LabGateway& g)
{
  const std::string k = gateway_key(g);
  std::vector<std::string> keys{
    k + "/keepalived-vrrp", k + "/keepalived", k + "/bird", k + "/haproxy", k + "/endpoint-sync"
  };
  for (const auto& wg_if : g.wg_ifs)
    keys.push_back(k + "/wireguard-go-" + wg_if);
  return keys;
}

} // namespace

std::string bird_socket(const LabContext& lab, const std::string& ns)
{
  return lab.ns_dir(ns) + "/bird.ctl";
}

Status render_files(LabContext& lab)
{
  if (auto rendered = render::render_to(lab.render_dir(), lab.plan); !rendered)
    return tl::unexpected("render: " + rendered.error());
  return {};
}

Status install_gateway_files(LabContext& lab)
{
  const std::string manifest_path = lab.render_dir() + "/MANIFEST.json";
  auto manifest = nlohmann::json::parse(read_file(manifest_path), nullptr, false);
  if (manifest.is_discarded())
    return tl::unexpected(manifest_path + " is not valid JSON");
  const nlohmann::json& files = manifest.contains("files") ? manifest["files"] : manifest;
  for (const auto& g : lab.topology.gateways) {
    int installed = 0;
    for (const auto& file : files) {
      if (file.value("host", "") != g.name)
        continue;
      const std::string target = file.value("target_path", "");
      if (target.rfind("/etc/", 0) != 0)
        continue;
      const std::string top = target.substr(5, target.find('/', 5) - 5);
      if (!fs::exists("/etc/" + top)) {
        return tl::unexpected(
          fmt::format("/etc/{} does not exist, so `ip netns exec` cannot put {} there; install the "
                      "package that owns it (scripts/setup.sh)",
                      top,
                      target));
      }
      const std::string source = lab.render_dir() + "/" + file.value("path", "");
      int mode = 0644;
      if (file.contains("mode")) {
        const auto& m = file["mode"];
        mode = m.is_string() ? std::stoi(m.get<std::string>(), nullptr, 8) : m.get<int>();
      }
      LAB_TRY(write_file(etc_netns(g.ns) + target.substr(4), read_file(source), mode));
      ++installed;
    }
    if (installed == 0)
      return tl::unexpected(fmt::format("{} lists no files for {}", manifest_path, g.name));
  }
  return {};
}

Status start_gateway(LabContext& lab, const LabGateway& g)
{
  const std::string dir = lab.ns_dir(g.ns);
  const std::string k = gateway_key(g);
  LAB_TRY(must_run_in(g.ns, { "sysctl", "-q", "-p", std::string(paths::sysctl) }));
  LAB_TRY(must_run_in(g.ns, { "nft", "-f", std::string(paths::nftables) }));
  for (std::size_t e = 0; e < lab.plan.wireguard_endpoints.size(); ++e) {
    const auto& endpoint = lab.plan.wireguard_endpoints[e];
    const std::string conf = etc_netns(g.ns) + "/wireguard/" + endpoint.interface_name + ".conf";
    LAB_TRY(start_wireguard(lab, g.ns, k, g.wg_ifs[e], conf, {}));
  }
  LAB_TRY(must_run_in(g.ns, { "bird", "-p", "-c", std::string(paths::bird) }));
  const pid_t bird = spawn_process(
    in_netns(g.ns, { "bird", "-f", "-c", std::string(paths::bird), "-s", bird_socket(lab, g.ns) }),
    dir + "/bird.log");
  lab.record_pid(k + "/bird", bird);
  LAB_TRY(must_run_in(g.ns, { "haproxy", "-c", "-q", "-f", std::string(paths::haproxy) }));
  const pid_t haproxy = spawn_process(
    in_netns(g.ns, { "haproxy", "-db", "-f", std::string(paths::haproxy) }), dir + "/haproxy.log");
  lab.record_pid(k + "/haproxy", haproxy);
  LAB_TRY(start_endpoint_sync(lab, g));
  return start_keepalived(lab, g);
}

Status start_endpoint_sync(LabContext& lab, const LabGateway& g)
{
  const pid_t pid = spawn_process(
    in_netns(
      g.ns,
      { "python3", std::string(paths::endpoint_sync), std::string(paths::endpoint_sync_config) }),
    lab.ns_dir(g.ns) + "/dualstack-endpoint-sync.log");
  lab.record_pid(gateway_key(g) + "/endpoint-sync", pid);
  return {};
}

Status start_keepalived(LabContext& lab, const LabGateway& g)
{
  const std::string dir = lab.ns_dir(g.ns);
  const std::string k = gateway_key(g);
  LAB_TRY(must_run_in(g.ns, { "keepalived", "-t", "-f", std::string(paths::keepalived) }));
  const std::string main_pid = dir + "/keepalived.pid";
  const std::string vrrp_pid = dir + "/keepalived-vrrp.pid";
  std::error_code ec;
  fs::remove(vrrp_pid, ec);
  // -P VRRP only, -n no fork (the pid is keepalived's), -l -D -G log details to the log file and
  // not to syslog, -p/-r own pid files (several keepalived on one machine).
  // TMPDIR: where keepalived writes its data dump on SIGUSR1 (the lab's snapshot asks for it);
  // the default /tmp would be shared by every gateway of every lab.
  const pid_t keepalived = spawn_process(in_netns(g.ns,
                                                  { "env",
                                                    "TMPDIR=" + dir,
                                                    "keepalived",
                                                    "-P",
                                                    "-n",
                                                    "-l",
                                                    "-D",
                                                    "-G",
                                                    "-f",
                                                    std::string(paths::keepalived),
                                                    "-p",
                                                    main_pid,
                                                    "-r",
                                                    vrrp_pid }),
                                         dir + "/keepalived.log");
  lab.record_pid(k + "/keepalived", keepalived);
  if (!wait_for([&] { return is_alive(read_pid_file(vrrp_pid)); }, 5)) {
    return tl::unexpected(fmt::format(
      "keepalived on {} started no VRRP process within 5 s; see {}/keepalived.log", g.name, dir));
  }
  lab.record_pid(k + "/keepalived-vrrp", read_pid_file(vrrp_pid));
  return {};
}

Status start_loadbalancer_endpoint(LabContext& lab,
                                   const LabLoadBalancer& lb,
                                   const std::vector<Family>& families)
{
  LAB_TRY(ensure_listener_cert(lab));
  const std::string dir = lab.ns_dir(lb.node_ns);
  const std::string rules = dir + "/kube-proxy.nft";
  LAB_TRY(write_file(rules, kube_proxy_rules(lb), 0644));
  LAB_TRY(must_run_in(lb.node_ns, { "nft", "-f", rules }));
  for (const auto& ip : lb.ips) {
    if (!families.empty() &&
        std::find(families.begin(), families.end(), ip.address.family()) == families.end())
      continue;
    const std::string fam = std::string(net::to_string(ip.backend.family()));
    auto started = start_listener(
      lab, lb.pod_ns, ip.backend, loadbalancer_target_port, dir + "/loadbalancer-" + fam + ".log");
    if (!started)
      return tl::unexpected(started.error());
    const pid_t pid = *started;
    lab.record_pid(
      fmt::format("{}/loadbalancer-{}", lb.pod_ns.substr(lab.topology.prefix.size()), fam), pid);
  }
  return {};
}

namespace {

// Starts client `c`'s WireGuard with its rendered client config, its own key and listen port,
// and routes its AllowedIPs into the tunnel. `key` names it in the state file.
Status start_client(LabContext& lab, const LabClient& c, const std::string& key)
{
  const auto& endpoint = lab.plan.wireguard_endpoints.front();
  std::string client_conf;
  for (const auto& entry : fs::directory_iterator(lab.render_dir() + "/wireguard/clients")) {
    const std::string name = entry.path().filename().string();
    if (name.ends_with("-" + endpoint.interface_name + ".conf") &&
        read_file(entry.path().string()).find("client `" + c.peer_ident + "`") !=
          std::string::npos) {
      client_conf = entry.path().string();
    }
  }
  if (client_conf.empty())
    return tl::unexpected("render wrote no client config for peer " + c.peer_ident);
  LAB_TRY(start_wireguard(
    lab,
    c.ns,
    key,
    c.wg_if,
    client_conf,
    { "private-key", client_key_path(lab, c), "listen-port", std::to_string(c.listen_port) }));
  for (const auto& allowed : parse_wg_quick(read_file(client_conf)).allowed_ips) {
    LAB_TRY(must_run({ "ip",
                       "-n",
                       c.ns,
                       allowed.find(':') != std::string::npos ? "-6" : "-4",
                       "route",
                       "add",
                       allowed,
                       "dev",
                       c.wg_if }));
  }
  return {};
}

} // namespace

Status start_daemons(LabContext& lab, bool gateways)
{
  const Topology& t = lab.topology;
  lab.say("daemons: API listeners on the control-plane nodes");
  for (const auto& n : t.nodes) {
    if (n.master)
      LAB_TRY(start_api_listener(lab, n));
  }
  if (auto lb = make_loadbalancer(lab.plan, lab.topology)) {
    lab.say("daemons: the LoadBalancer Service's pod on " + lb->node + " (kube-proxy DNAT)");
    LAB_TRY(start_loadbalancer_endpoint(lab, *lb, {}));
  }
  lab.say("daemons: the operator's WireGuard client");
  LAB_TRY(start_client(lab, t.client, "client"));
  if (t.site) {
    lab.say("daemons: the fixed-endpoint site peer's WireGuard client");
    LAB_TRY(start_client(lab, *t.site, "site"));
  }
  if (!gateways)
    return start_node_bgps(lab);
  // The gateway with the highest VRRP priority first, and the others only once it holds every
  // VIP: with `nopreempt` whoever becomes master first stays master, and migrate's gateway steps
  // (like an operator's runbook) expect the highest priority to be the master. Started together,
  // a slow health check on a loaded machine let a backup win now and then.
  const LabGateway* first = &t.gateways.front();
  for (const auto& g : t.gateways) {
    if (lab.plan.host(g.name)->vrrp_priority > lab.plan.host(first->name)->vrrp_priority)
      first = &g;
  }
  lab.say("daemons: " + first->name + " (WireGuard, BIRD, HAProxy, keepalived), the first master");
  LAB_TRY(start_gateway(lab, *first));
  const auto holds_every_vip = [&] {
    for (const Family family : lab.plan.families()) {
      if (!holds_address(first->ns, lab.plan.gateway_interface, lab.plan.network(family).vip))
        return false;
    }
    return true;
  };
  const double deadline = now_s() + 20;
  while (!holds_every_vip()) {
    if (now_s() > deadline)
      return tl::unexpected(fmt::format("{} (the highest VRRP priority) took no VIP within 20 s of "
                                        "its start; see {}/keepalived.log",
                                        first->name,
                                        lab.ns_dir(first->ns)));
    if (!sleep_for(0.05))
      return tl::unexpected(std::string("interrupted"));
  }
  for (const auto& g : t.gateways) {
    if (&g == first)
      continue;
    lab.say("daemons: " + g.name + " (WireGuard, BIRD, HAProxy, keepalived)");
    LAB_TRY(start_gateway(lab, g));
  }
  return start_node_bgps(lab);
}

Status write_client_key(LabContext& lab, const LabClient& c, const std::string& private_key)
{
  return write_file(client_key_path(lab, c), private_key + "\n", 0600);
}

namespace {

// Returns the pids of gateway `g`'s daemons that the lab started and still run (VRRP child
// first, so that a burst of signals reaches it before its parent can respawn it).
std::vector<pid_t> running_gateway_daemons(const LabContext& lab, const LabGateway& g)
{
  std::vector<pid_t> pids;
  for (const auto& key : gateway_daemon_keys(g)) {
    auto it = lab.state.pids.find(key);
    if (it != lab.state.pids.end() && is_ours(it->second, lab.state.tag))
      pids.push_back(it->second);
  }
  return pids;
}

} // namespace

double crash_gateway(LabContext& lab, const LabGateway& g)
{
  const std::vector<pid_t> pids = running_gateway_daemons(lab, g);
  const double t = now_s();
  for (pid_t pid : pids)
    kill(pid, SIGKILL);
  for (pid_t pid : pids)
    reap(pid);
  return t;
}

double signal_gateway(const LabContext& lab, const LabGateway& g, int signal)
{
  const std::vector<pid_t> pids = running_gateway_daemons(lab, g);
  const double t = now_s();
  for (pid_t pid : pids)
    kill(pid, signal);
  return t;
}

Status reboot_gateway(LabContext& lab, const LabGateway& g)
{
  std::vector<pid_t> pids;
  for (const auto& key : gateway_daemon_keys(g)) {
    auto it = lab.state.pids.find(key);
    if (it != lab.state.pids.end())
      pids.push_back(it->second);
  }
  stop_processes(pids, lab.state.tag);
  const std::string& nic = lab.plan.gateway_interface;
  for (const auto& [family, network] : lab.plan.networks) {
    (void)run_command(
      { "ip",
        "-n",
        g.ns,
        "addr",
        "del",
        fmt::format("{}/{}", network.vip.to_string(), network.cluster_subnet.length()),
        "dev",
        nic });
    (void)run_command({ "ip",
                        "-n",
                        g.ns,
                        network.family == Family::ipv6 ? "-6" : "-4",
                        "route",
                        "flush",
                        "proto",
                        "bird" });
  }
  for (const auto& wg_if : g.wg_ifs) {
    (void)run_command({ "ip", "-n", g.ns, "link", "del", wg_if });
    std::error_code ec;
    fs::remove(wg_socket(wg_if), ec);
  }
  LAB_TRY(set_gateway_link(lab, g, true)); // the NIC comes back with the VM, VIPs already gone
  return start_gateway(lab, g);
}

Status stop_keepalived(LabContext& lab, const LabGateway& g)
{
  const std::string k = gateway_key(g);
  std::vector<pid_t> pids;
  for (const auto& key : { k + "/keepalived", k + "/keepalived-vrrp" }) {
    if (auto it = lab.state.pids.find(key); it != lab.state.pids.end())
      pids.push_back(it->second);
  }
  if (pids.empty())
    return tl::unexpected(fmt::format("{} runs no keepalived the lab started", g.name));
  // The parent first: it stops its VRRP child, which hands the VIPs over (priority 0 advert).
  stop_processes({ pids.front() }, lab.state.tag, std::chrono::seconds(5));
  stop_processes(pids, lab.state.tag);
  return {};
}

Status reload_keepalived(LabContext& lab, const LabGateway& g)
{
  auto it = lab.state.pids.find(gateway_key(g) + "/keepalived");
  if (it == lab.state.pids.end() || !is_ours(it->second, lab.state.tag))
    return tl::unexpected(fmt::format("{} runs no keepalived the lab started", g.name));
  const std::string dir = lab.ns_dir(g.ns);
  const std::string log = dir + "/keepalived.log";
  const std::string vrrp_pid = dir + "/keepalived-vrrp.pid";
  const pid_t vrrp = read_pid_file(vrrp_pid);
  // keepalived 2.2 reloads in its VRRP process (same pid) and logs "Reload complete" at the end.
  const auto reloads = [&] {
    const std::string text = read_file(log);
    std::size_t n = 0;
    for (auto at = text.find("Reload complete"); at != std::string::npos;
         at = text.find("Reload complete", at + 1))
      ++n;
    return n;
  };
  const std::size_t before = reloads();
  if (kill(it->second, SIGHUP) != 0)
    return tl::unexpected(fmt::format("cannot signal keepalived on {}", g.name));
  const bool done = wait_for([&] { return reloads() > before; }, 5);
  // Settle: a VRRP process that dies during its reload is respawned cold by the parent.
  sleep_for(0.3);
  const pid_t now = read_pid_file(vrrp_pid);
  if (now != vrrp || !is_alive(vrrp)) {
    if (now > 0)
      lab.record_pid(gateway_key(g) + "/keepalived-vrrp", now);
    return tl::unexpected(
      fmt::format("keepalived's VRRP process on {} (pid {}) died during its reload and was "
                  "restarted cold (pid {}): a master would drop its VIPs; see {}",
                  g.name,
                  vrrp,
                  now,
                  log));
  }
  if (!done) {
    return tl::unexpected(
      fmt::format("keepalived on {} logged no \"Reload complete\" within 5 s of its reload; see {}",
                  g.name,
                  log));
  }
  return {};
}

Status reload_haproxy(LabContext& lab, const LabGateway& g)
{
  const std::string key = gateway_key(g) + "/haproxy";
  auto it = lab.state.pids.find(key);
  if (it == lab.state.pids.end() || !is_ours(it->second, lab.state.tag))
    return tl::unexpected(fmt::format("{} runs no HAProxy the lab started", g.name));
  const pid_t old = it->second;
  // What `systemctl reload haproxy` amounts to without the master process: a new HAProxy takes
  // the listeners over and tells the old one to finish (-sf).
  const pid_t fresh = spawn_process(
    in_netns(g.ns,
             { "haproxy", "-db", "-f", std::string(paths::haproxy), "-sf", std::to_string(old) }),
    lab.ns_dir(g.ns) + "/haproxy.log");
  lab.record_pid(key, fresh);
  if (!wait_for([&] { return !is_alive(old); }, 5))
    stop_processes({ old }, lab.state.tag);
  reap(old);
  return {};
}

Status install_host_files(const std::string& render_dir,
                          const std::string& ns,
                          const std::vector<std::pair<std::string, std::string>>& files)
{
  for (const auto& [path, target] : files) {
    if (target.rfind("/etc/", 0) != 0)
      return tl::unexpected(fmt::format("{} goes to {}, outside /etc", path, target));
    const std::string source = render_dir + "/" + path;
    struct stat st
    {};
    const int mode = stat(source.c_str(), &st) == 0 ? static_cast<int>(st.st_mode & 07777) : 0644;
    LAB_TRY(write_file(etc_netns(ns) + target.substr(4), read_file(source), mode));
  }
  return {};
}

bool gateway_alive(const LabContext& lab, const LabGateway& g)
{
  auto it = lab.state.pids.find(gateway_key(g) + "/keepalived-vrrp");
  return it != lab.state.pids.end() && is_ours(it->second, lab.state.tag);
}

pid_t gateway_bird_pid(const LabContext& lab, const LabGateway& g)
{
  auto it = lab.state.pids.find(gateway_key(g) + "/bird");
  return it == lab.state.pids.end() ? -1 : it->second;
}

} // namespace dualstack::lab
