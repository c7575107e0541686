// Tests for the pod checks: pod-ip-families, pod-ip-primary, pod-ip-pool, pod-ip-unique,
// pod-host-network.
#include "verify_test_support.hpp"

namespace dualstack::verify::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

std::vector<json> clean_pods()
{
  return { pod("team-a", "web-1", { "10.244.1.5", "fd00:10:244:1::5" }),
           pod("team-a", "web-2", { "10.244.1.6", "fd00:10:244:1::6" }, "test-worker-1"),
           pod(
             "kube-system", "kube-proxy-abcde", { "10.0.0.21", "fd00::15" }, "test-worker-0", true),
           pod("team-b", "pending-1", {}, "", false, "Pending") };
}

TEST(PodChecks, PassCleanPods)
{
  const auto report = run(test_plan(), Resource::pods, clean_pods());
  EXPECT_THAT(report.findings, IsEmpty());
  EXPECT_EQ(result(report, "pod-ip-families").objects, 2u);
  EXPECT_EQ(result(report, "pod-ip-primary").objects, 3u);
  EXPECT_EQ(result(report, "pod-host-network").objects, 1u);
  EXPECT_EQ(result(report, "pod-ip-unique").status, CheckStatus::passed);
}

TEST(PodChecks, FamiliesFlagsAMissingSecondIp)
{
  auto pods = clean_pods();
  pods.push_back(pod("team-a", "web-3", { "10.244.1.7" }));
  const auto report = run(test_plan(), Resource::pods, pods);
  EXPECT_THAT(flagged(report, "pod-ip-families"), ElementsAre("team-a/web-3"));
  EXPECT_EQ(report.findings[0].message, "pod team-a/web-3: 1 IP for 2 enabled families");
  EXPECT_EQ(report.findings[0].expected, "one IP each: IPv4, IPv6");
}

TEST(PodChecks, FamiliesFlagsSecondaryFamilyFirst)
{
  auto pods = clean_pods();
  pods.push_back(pod("team-a", "web-3", { "fd00:10:244:1::7", "10.244.1.7" }));
  const auto report = run(test_plan(), Resource::pods, pods);
  EXPECT_THAT(flagged(report, "pod-ip-families"), ElementsAre("team-a/web-3"));
  EXPECT_EQ(report.findings[0].message,
            "pod team-a/web-3: podIPs[0] is IPv6, expected IPv4 (the primary family) first");
}

TEST(PodChecks, PrimaryFlagsPodIpNotFirstOfPodIps)
{
  auto pods = clean_pods();
  auto bad = pod("team-a", "web-3", { "10.244.1.7", "fd00:10:244:1::7" });
  bad["status"]["podIP"] = "10.244.1.8";
  pods.push_back(bad);
  const auto report = run(test_plan(), Resource::pods, pods);
  EXPECT_THAT(flagged(report, "pod-ip-primary"), ElementsAre("team-a/web-3"));
  EXPECT_EQ(report.findings[0].message,
            "pod team-a/web-3: podIP 10.244.1.8 is not podIPs[0] 10.244.1.7");
}

TEST(PodChecks, PoolFlagsAnIpOutsideThePool)
{
  auto pods = clean_pods();
  pods.push_back(pod("team-a", "web-3", { "10.245.1.7", "fd00:10:244:1::7" }));
  const auto report = run(test_plan(), Resource::pods, pods);
  EXPECT_THAT(flagged(report, "pod-ip-pool"), ElementsAre("team-a/web-3"));
  EXPECT_EQ(report.findings[0].message,
            "pod team-a/web-3: 10.245.1.7 is outside the Calico IPv4 pool 10.244.0.0/16");
}

TEST(PodChecks, UniqueFlagsTheSecondPodWithAnIp)
{
  auto pods = clean_pods();
  pods.push_back(pod("team-c", "copy", { "10.244.9.9", "fd00:10:244:1::6" }));
  const auto report = run(test_plan(), Resource::pods, pods);
  EXPECT_THAT(flagged(report, "pod-ip-unique"), ElementsAre("team-c/copy"));
  EXPECT_EQ(report.findings[0].message,
            "pod team-c/copy: fd00:10:244:1::6 already used by pod team-a/web-2");
}

TEST(PodChecks, UniqueIgnoresFinishedAndHostNetworkPods)
{
  auto pods = clean_pods();
  pods.push_back(pod("team-c",
                     "job-done",
                     { "10.244.1.5", "fd00:10:244:1::5" },
                     "test-worker-0",
                     false,
                     "Succeeded"));
  pods.push_back(
    pod("kube-system", "calico-node-x", { "10.0.0.21", "fd00::15" }, "test-worker-0", true));
  const auto report = run(test_plan(), Resource::pods, pods);
  EXPECT_THAT(report.findings, IsEmpty());
}

TEST(PodChecks, HostNetworkFlagsAnotherNodesAddress)
{
  auto pods = clean_pods();
  pods.push_back(
    pod("kube-system", "kube-proxy-zzzzz", { "10.0.0.22", "fd00::16" }, "test-worker-0", true));
  const auto report = run(test_plan(), Resource::pods, pods);
  EXPECT_THAT(flagged(report, "pod-host-network"), ElementsAre("kube-system/kube-proxy-zzzzz"));
  EXPECT_EQ(report.findings[0].message,
            "hostNetwork pod kube-system/kube-proxy-zzzzz: 10.0.0.22 is not an address of node "
            "test-worker-0");
}

TEST(PodChecks, HostNetworkUsesNodesJsonForUnplannedNodes)
{
  auto nodes = clean_nodes();
  nodes.push_back(
    node("extra", { "10.0.0.50", "fd00::50" }, { "10.244.5.0/24", "fd00:10:244:5::/64" }));
  const auto report =
    run(test_plan(),
        { { Resource::nodes, nodes },
          { Resource::pods,
            { pod("kube-system", "kp-1", { "10.0.0.50", "fd00::50" }, "extra", true),
              pod("kube-system", "kp-2", { "10.0.0.51", "fd00::51" }, "extra", true) } } });
  EXPECT_THAT(flagged(report, "pod-host-network"), ElementsAre("kube-system/kp-2"));
}

TEST(PodChecks, SingleStackExpectsOneIp)
{
  const auto report =
    run(test_plan(false),
        Resource::pods,
        { pod("a", "ok", { "10.244.1.5" }), pod("a", "two", { "10.244.1.6", "10.244.1.7" }) });
  EXPECT_THAT(flagged(report, "pod-ip-families"), ElementsAre("a/two"));
}

TEST(PodChecks, AWrongTypedFieldIsUnusableInput)
{
  auto bad = pod("team-a", "web-3", { "10.244.1.7" });
  bad["status"]["podIPs"] = "10.244.1.7";
  const auto report = run(test_plan(), Resource::pods, { bad });
  ASSERT_EQ(report.errors.size(), 1u);
  EXPECT_EQ(report.errors[0].message,
            "invalid Pod at status.podIPs: The JSON element does not have the requested type.");
  EXPECT_EQ(report.errors[0].object, "team-a/web-3");
  EXPECT_EQ(report.exit_status(), exit_unusable);
}

} // namespace
} // namespace dualstack::verify::testing
