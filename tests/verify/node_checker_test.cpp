// Tests for the node checks: node-known, node-internal-ip, node-pod-cidrs.
#include "verify_test_support.hpp"

namespace dualstack::verify::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(NodeChecks, PassCleanNodes)
{
  const auto report = run(test_plan(), Resource::nodes, clean_nodes());
  EXPECT_THAT(report.findings, IsEmpty());
  EXPECT_EQ(result(report, "node-internal-ip").status, CheckStatus::passed);
  EXPECT_EQ(result(report, "node-internal-ip").objects, 3u);
  EXPECT_EQ(result(report, "node-pod-cidrs").objects, 3u);
  EXPECT_EQ(report.exit_status(), exit_ok);
}

TEST(NodeChecks, NodeKnownFlagsUnplannedAndMissingNodes)
{
  auto nodes = clean_nodes();
  nodes.pop_back();
  nodes.push_back(
    node("stray-1", { "10.0.0.99", "fd00::99" }, { "10.244.9.0/24", "fd00:10:244:9::/64" }));
  const auto report = run(test_plan(), Resource::nodes, nodes);
  EXPECT_THAT(flagged(report, "node-known"), ElementsAre("stray-1", "test-worker-1"));
  EXPECT_EQ(report.exit_status(), exit_findings);
}

TEST(NodeChecks, InternalIpFlagsAWrongAddress)
{
  auto nodes = clean_nodes();
  nodes[1] =
    node("test-worker-0", { "10.0.0.21", "fd00::99" }, { "10.244.1.0/24", "fd00:10:244:1::/64" });
  const auto report = run(test_plan(), Resource::nodes, nodes);
  EXPECT_THAT(flagged(report, "node-internal-ip"), ElementsAre("test-worker-0"));
  EXPECT_EQ(report.findings[0].message,
            "node test-worker-0: IPv6 InternalIP differs from the Plan");
  EXPECT_EQ(report.findings[0].expected, "10.0.0.21, fd00::15");
  EXPECT_EQ(report.findings[0].found, "10.0.0.21, fd00::99");
}

TEST(NodeChecks, InternalIpFlagsAMissingFamily)
{
  auto nodes = clean_nodes();
  nodes[2] = node("test-worker-1", { "10.0.0.22" }, { "10.244.2.0/24", "fd00:10:244:2::/64" });
  const auto report = run(test_plan(), Resource::nodes, nodes);
  EXPECT_THAT(flagged(report, "node-internal-ip"), ElementsAre("test-worker-1"));
  EXPECT_EQ(report.findings[0].message, "node test-worker-1: no IPv6 InternalIP");
}

TEST(NodeChecks, InternalIpFlagsAFamilyTheClusterDoesNotHave)
{
  auto plan = test_plan(false);
  const auto report =
    run(plan,
        Resource::nodes,
        { node("test-master-0", { "10.0.0.20", "fd00::14" }, { "10.244.0.0/24" }) });
  EXPECT_THAT(flagged(report, "node-internal-ip"), ElementsAre("test-master-0"));
}

TEST(NodeChecks, PodCidrsFlagsMissingCidrs)
{
  // The seed's check never failed on this: nodes without pod CIDRs.
  auto nodes = clean_nodes();
  nodes[0] = node("test-master-0", { "10.0.0.20", "fd00::14" }, {});
  const auto report = run(test_plan(), Resource::nodes, nodes);
  EXPECT_THAT(flagged(report, "node-pod-cidrs"), ElementsAre("test-master-0"));
  EXPECT_EQ(report.findings[0].message, "node test-master-0: spec.podCIDRs is empty");
  EXPECT_EQ(report.findings[0].expected,
            "a /24 inside 10.244.0.0/16, a /64 inside fd00:10:244::/56");
}

TEST(NodeChecks, PodCidrsFlagsWrongOrderMaskAndRange)
{
  auto nodes = clean_nodes();
  nodes[0] =
    node("test-master-0", { "10.0.0.20", "fd00::14" }, { "fd00:10:244::/64", "10.244.0.0/24" });
  nodes[1] =
    node("test-worker-0", { "10.0.0.21", "fd00::15" }, { "10.244.1.0/25", "fd00:10:244:1::/64" });
  nodes[2] =
    node("test-worker-1", { "10.0.0.22", "fd00::16" }, { "10.245.2.0/24", "fd00:10:244:2::/64" });
  const auto report = run(test_plan(), Resource::nodes, nodes);
  EXPECT_THAT(flagged(report, "node-pod-cidrs"),
              ElementsAre("test-master-0", "test-worker-0", "test-worker-1"));
  EXPECT_EQ(report.findings[0].message,
            "node test-master-0: podCIDRs[0] is IPv6, the primary family is IPv4");
  EXPECT_EQ(report.findings[1].message,
            "node test-worker-0: podCIDRs[0] 10.244.1.0/25 is a /25, the planned node mask is /24");
  EXPECT_EQ(
    report.findings[2].message,
    "node test-worker-1: podCIDRs[0] 10.245.2.0/24 is outside the pod subnet 10.244.0.0/16");
}

TEST(NodeChecks, IPv6PrimaryExpectsIPv6First)
{
  const auto plan = test_plan(true, net::Family::ipv6);
  const auto report = run(
    plan,
    Resource::nodes,
    { node("test-master-0", { "fd00::14", "10.0.0.20" }, { "fd00:10:244::/64", "10.244.0.0/24" }),
      node("test-worker-0", { "10.0.0.21", "fd00::15" }, { "10.244.1.0/24", "fd00:10:244:1::/64" }),
      node(
        "test-worker-1", { "fd00::16", "10.0.0.22" }, { "fd00:10:244:2::/64", "10.244.2.0/24" }) });
  EXPECT_THAT(flagged(report, "node-pod-cidrs"), ElementsAre("test-worker-0"));
  EXPECT_THAT(flagged(report, "node-internal-ip"), IsEmpty());
}

TEST(NodeChecks, ANodeListOfAnotherKindIsUnusable)
{
  const auto report =
    run(test_plan(), Resource::nodes, { pod("default", "web", { "10.244.1.5" }) });
  ASSERT_EQ(report.errors.size(), 1u);
  EXPECT_EQ(report.errors[0].to_string(),
            "nodes.json: byte 41 (item 0): expected Node objects, found a Pod");
  EXPECT_EQ(report.exit_status(), exit_unusable);
  EXPECT_EQ(result(report, "node-known").status, CheckStatus::skipped);
}

} // namespace
} // namespace dualstack::verify::testing
