// `dualstack verify --host` for real: the binary runs inside a network namespace the test builds
// from the seed config's Plan (a worker's addresses, default routes, cali* and BGP routes,
// forwarding), passes it, then catches planted defects (IPv6 address gone, forwarding off);
// `--gather` merges the node's report. The namespace is deleted even when a test fails.
#include "verify/host/support/netns.hpp"

#include <dualstack/config/loader.hpp>
#include <dualstack/plan/derive.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <set>

namespace dualstack::verify::host::testing {
namespace {

using dualstack::testing::read_text;
using dualstack::testing::run_dualstack;
using dualstack::testing::TempDir;
using dualstack::testing::write_text;
using ::testing::HasSubstr;

const std::string seed_config = std::string(DUALSTACK_SOURCE_DIR) + "/examples/seed/config.toml";

plan::Plan seed_plan()
{
  auto loaded = config::load_config_text(read_text(seed_config), seed_config);
  if (!loaded)
    throw std::runtime_error(loaded.error().message);
  auto result = plan::derive_plan(loaded->config, loaded->findings);
  if (!result.plan)
    throw std::runtime_error("the seed config has errors");
  return *result.plan;
}

std::string with_length(const net::Address& address, int length)
{
  return address.to_string() + "/" + std::to_string(length);
}

// A namespace that looks like `node` of `plan` on a healthy cluster.
class NodeNamespace
{
public:
  NodeNamespace(const plan::Plan& plan, const plan::Host& node)
    : m_plan(plan)
    , m_node(node)
  {
    m_ns.ip({ "link", "set", "lo", "up" });
    // Dummy links need a kernel module; veth pairs inside the namespace do not.
    m_ns.ip({ "link", "add", "eth0", "type", "veth", "peer", "name", "eth0-peer" });
    m_ns.ip({ "link", "add", "cali0123456789", "type", "veth", "peer", "name", "cali-peer" });
    for (const char* link : { "eth0", "eth0-peer", "cali0123456789", "cali-peer" }) {
      m_ns.ip({ "link", "set", link, "up" });
    }
    const plan::Host& other = *plan.k8s_nodes().back();
    for (const auto& [network_family, network] : plan.networks) {
      const bool v4 = network_family == net::Family::ipv4;
      const std::string family = v4 ? "-4" : "-6";
      std::vector<std::string> add = { "addr", "add", address(network.family), "dev", "eth0" };
      if (!v4)
        add.push_back("nodad");
      m_ns.ip(add);
      m_ns.ip({ family, "route", "add", "default", "via", network.router.to_string() });
      // A local pod, and a block of another node learned over BGP.
      const net::Prefix& pods = network.pod_subnet;
      m_ns.ip({ family,
                "route",
                "add",
                with_length(*pods.nth(5), net::bit_width(network.family)),
                "dev",
                "cali0123456789" });
      const net::Prefix block(
        *pods.nth(net::u128(1) << (net::bit_width(network.family) - network.pool.block_size)),
        network.pool.block_size);
      m_ns.ip({ family,
                "route",
                "add",
                block.to_string(),
                "via",
                other.address(network.family)->to_string(),
                "proto",
                "bird" });
    }
    m_ns.sysctl("net.ipv4.ip_forward", "1");
    m_ns.sysctl("net.ipv6.conf.all.forwarding", "1");
  }

  std::string address(net::Family family) const
  {
    return with_length(*m_node.address(family), m_plan.network(family).cluster_subnet.length());
  }

  dualstack::testing::RunResult verify(const std::string& format) const
  {
    return m_ns.exec({ DUALSTACK_BINARY,
                       "verify",
                       seed_config,
                       "--host",
                       "--node",
                       m_node.name,
                       "--format",
                       format });
  }

  const Netns& ns() const
  {
    return m_ns;
  }

private:
  const plan::Plan& m_plan;
  const plan::Host& m_node;
  Netns m_ns;
};

class HostNetns : public ::testing::Test
{
protected:
  void SetUp() override
  {
    if (const std::string why = netns_unavailable(); !why.empty()) {
      GTEST_SKIP() << why;
    }
  }
};

std::set<std::pair<std::string, std::string>> findings_of(const std::string& json)
{
  std::set<std::pair<std::string, std::string>> out;
  const auto report = nlohmann::json::parse(json);
  for (const auto& f : report["findings"]) {
    out.insert(std::make_pair(f["check"].get<std::string>(), f["message"].get<std::string>()));
  }
  return out;
}

TEST_F(HostNetns, AHealthyNodePassesEveryHostCheck)
{
  const plan::Plan plan = seed_plan();
  ASSERT_TRUE(plan.dual_stack());
  const plan::Host& node = *plan.k8s_nodes().front();
  NodeNamespace ns(plan, node);
  const auto run = ns.verify("text");
  EXPECT_EQ(run.status, 0) << run.out << run.err;
  EXPECT_THAT(
    run.out,
    ::testing::StartsWith("verify: 4 checks: 4 passed, 0 failed, 0 skipped; 0 findings (node " +
                          node.name + ")\n"));
  EXPECT_THAT(run.out, HasSubstr("  pass  host-calico-routes  2 objects\n"));
}

TEST_F(HostNetns, AMissingIpv6AddressAndForwardingOffAreCaught)
{
  const plan::Plan plan = seed_plan();
  const plan::Host& node = *plan.k8s_nodes().front();
  NodeNamespace ns(plan, node);
  ns.ns().ip({ "addr", "del", ns.address(net::Family::ipv6), "dev", "eth0" });
  ns.ns().sysctl("net.ipv4.ip_forward", "0");
  const auto run = ns.verify("json");
  EXPECT_EQ(run.status, 1) << run.out << run.err;
  const auto findings = findings_of(run.out);
  EXPECT_TRUE(findings.count({ "host-address", "the node lacks its planned IPv6 address" }))
    << run.out;
  EXPECT_TRUE(findings.count(
    { "host-forwarding", "IPv4 forwarding is off: pods' IPv4 traffic is not routed" }))
    << run.out;
  for (const auto& [check, message] : findings) {
    EXPECT_NE(check, "host-calico-routes") << message; // the cali* routes are still there
  }
}

TEST_F(HostNetns, NoCalicoRoutesAreCaught)
{
  const plan::Plan plan = seed_plan();
  const plan::Host& node = *plan.k8s_nodes().front();
  NodeNamespace ns(plan, node);
  ns.ns().ip({ "link", "del", "cali0123456789" }); // takes the pod routes with it
  ns.ns().ip({ "-6", "route", "flush", "proto", "bird" });
  const auto run = ns.verify("json");
  EXPECT_EQ(run.status, 1) << run.out << run.err;
  EXPECT_EQ(findings_of(run.out),
            (std::set<std::pair<std::string, std::string>>{
              { "host-calico-routes",
                "the node has no Calico IPv6 route: pods of that family are unreachable" } }));
}

TEST_F(HostNetns, GatherMergesTheNodeReportAndNamesTheNodesMissing)
{
  const plan::Plan plan = seed_plan();
  const plan::Host& node = *plan.k8s_nodes().front();
  NodeNamespace ns(plan, node);
  const auto run = ns.verify("json");
  ASSERT_EQ(run.status, 0) << run.out << run.err;
  TempDir dir("gather-cli");
  write_text(dir.path() + "/" + node.name + ".json", run.out);
  const auto gathered =
    run_dualstack({ "verify", seed_config, "--gather", dir.path(), "--format", "json" });
  EXPECT_EQ(gathered.status, 1) << gathered.out << gathered.err;
  const auto report = nlohmann::json::parse(gathered.out);
  EXPECT_EQ(report["summary"]["nodes"], nlohmann::json::array({ node.name }));
  std::set<std::string> missing;
  for (const auto& f : report["findings"]) {
    EXPECT_EQ(f["check"], "host-reported");
    missing.insert(f["name"]);
  }
  EXPECT_EQ(missing.size(), plan.k8s_nodes().size() - 1);
  EXPECT_EQ(missing.count(node.name), 0u);
}

TEST(HostCommand, AnUnknownNodeIsUnusableWithAHint)
{
  const plan::Plan plan = seed_plan();
  const std::string name = plan.k8s_nodes().front()->name;
  const auto run = run_dualstack({ "verify", seed_config, "--host", "--node", name + "x" });
  EXPECT_EQ(run.status, 2);
  EXPECT_THAT(run.err,
              HasSubstr("dualstack verify: --node: `" + name +
                        "x` is not a host of the Plan\n"
                        "hint: did you mean `--node " +
                        name + "`?\n"));
}

} // namespace
} // namespace dualstack::verify::host::testing
