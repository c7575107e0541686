// Tests for the Calico checks: calico-ippool-present, calico-ippool-settings, calico-node-env,
// calico-installation, calico-bgp-peer.
#include "verify_test_support.hpp"

namespace dualstack::verify::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(IpPoolChecks, PassThePlannedPools)
{
  const auto report = run(test_plan(), Resource::ippools, clean_ippools());
  EXPECT_THAT(report.findings, IsEmpty());
  EXPECT_EQ(result(report, "calico-ippool-present").objects, 2u);
  EXPECT_EQ(result(report, "calico-ippool-settings").status, CheckStatus::passed);
}

TEST(IpPoolChecks, PresentFlagsAMissingFamily)
{
  auto pools = clean_ippools();
  pools.pop_back();
  const auto report = run(test_plan(), Resource::ippools, pools);
  EXPECT_THAT(flagged(report, "calico-ippool-present"), ElementsAre(""));
  EXPECT_EQ(report.findings[0].message, "no enabled IPv6 IPPool; the Plan's is fd00:10:244::/56");
}

TEST(IpPoolChecks, PresentFlagsAPoolWithAnotherCidrOrDisabled)
{
  auto pools = clean_ippools();
  pools[1]["spec"]["cidr"] = "fd00:10:245::/56";
  pools[0]["spec"]["disabled"] = true;
  const auto report = run(test_plan(), Resource::ippools, pools);
  EXPECT_THAT(flagged(report, "calico-ippool-present"), ElementsAre("", "default-ipv6-ippool"));
  EXPECT_EQ(report.findings[1].message,
            "IPPool default-ipv6-ippool has CIDR fd00:10:245::/56; the Plan's IPv6 pool is "
            "fd00:10:244::/56");
}

TEST(IpPoolChecks, SettingsFlagsBlockSizeEncapsulationAndNat)
{
  auto pools = clean_ippools();
  pools[0]["spec"]["ipipMode"] = "Always";
  pools[1]["spec"]["blockSize"] = 120;
  const auto report = run(test_plan(), Resource::ippools, pools);
  EXPECT_THAT(flagged(report, "calico-ippool-settings"),
              ElementsAre("default-ipv4-ippool", "default-ipv6-ippool"));
  EXPECT_EQ(report.findings[0].expected,
            "blockSize 26, ipipMode Never, vxlanMode Never, natOutgoing true");
  EXPECT_EQ(report.findings[0].found,
            "blockSize 26, ipipMode Always, vxlanMode Never, natOutgoing true");
}

TEST(IpPoolChecks, SettingsSayWhatAWrongIpv6NatBreaksUnderThePlannedEgress)
{
  auto routed = test_plan();
  routed.ipv6_egress = plan::Ipv6Egress::routed;
  auto pools = clean_ippools();
  pools[1]["spec"]["natOutgoing"] = true;
  auto report = run(routed, Resource::ippools, pools);
  ASSERT_THAT(flagged(report, "calico-ippool-settings"), ElementsAre("default-ipv6-ippool"));
  EXPECT_EQ(report.findings[0].message,
            "IPPool default-ipv6-ippool (fd00:10:244::/56) differs from the Plan's IPv6 pool; IPv6 "
            "egress is "
            "routed, so natOutgoing must be off: pods leave with their node's address instead of "
            "their own, and "
            "the router's route to them carries nothing");

  auto nat66 = test_plan();
  nat66.ipv6_egress = plan::Ipv6Egress::nat66;
  nat66.networks.at(nat66.families()[1]).pool.nat_outgoing = true;
  report = run(nat66, Resource::ippools, clean_ippools());
  ASSERT_THAT(flagged(report, "calico-ippool-settings"), ElementsAre("default-ipv6-ippool"));
  EXPECT_EQ(report.findings[0].expected,
            "blockSize 122, ipipMode Never, vxlanMode Never, natOutgoing true");
  EXPECT_EQ(report.findings[0].message,
            "IPPool default-ipv6-ippool (fd00:10:244::/56) differs from the Plan's IPv6 pool; IPv6 "
            "egress is "
            "nat66, so natOutgoing must be on: pods leave with their ULA address, which nothing "
            "outside routes "
            "back");

  report = run(nat66, Resource::installations, { installation(clean_operator_pools()) });
  ASSERT_THAT(flagged(report, "calico-installation"), ElementsAre("default"));
  EXPECT_EQ(report.findings[0].message,
            "Installation default: the IPv6 pool differs from the Plan; IPv6 egress is nat66, so "
            "natOutgoing must "
            "be on: pods leave with their ULA address, which nothing outside routes back");

  pools = clean_ippools();
  pools[1]["spec"]["blockSize"] = 120;
  EXPECT_EQ(run(routed, Resource::ippools, pools).findings.at(0).message,
            "IPPool default-ipv6-ippool (fd00:10:244::/56) differs from the Plan's IPv6 pool")
    << "natOutgoing right: no word about egress";
}

TEST(IpPoolChecks, SettingsUseCalicoDefaultsForOmittedFields)
{
  auto pools = clean_ippools();
  pools[1]["spec"].erase("blockSize");
  pools[1]["spec"].erase("vxlanMode");
  pools[1]["spec"].erase("natOutgoing");
  EXPECT_THAT(run(test_plan(), Resource::ippools, pools).findings, IsEmpty());
}

TEST(CalicoNodeEnv, PassesTheDualStackEnv)
{
  const auto report = run(test_plan(), Resource::daemonsets, { calico_node(clean_calico_env()) });
  EXPECT_THAT(report.findings, IsEmpty());
  EXPECT_EQ(result(report, "calico-node-env").objects, 1u);
}

TEST(CalicoNodeEnv, FlagsMissingIpv6Support)
{
  auto env = clean_calico_env();
  env.pop_back();
  env.emplace_back("FELIX_IPV6SUPPORT", "false");
  const auto report = run(test_plan(), Resource::daemonsets, { calico_node(env) });
  EXPECT_THAT(flagged(report, "calico-node-env"), ElementsAre("calico-system/calico-node"));
  EXPECT_EQ(report.findings[0].message, "calico-node env: FELIX_IPV6SUPPORT=false");
}

TEST(CalicoNodeEnv, FlagsUnsetIp6)
{
  const auto report =
    run(test_plan(),
        Resource::daemonsets,
        { calico_node({ { "IP", "autodetect" }, { "FELIX_IPV6SUPPORT", "true" } }) });
  EXPECT_EQ(report.findings.at(0).found, "IP6 unset");
}

TEST(CalicoNodeEnv, FlagsAMissingDaemonSet)
{
  auto other = calico_node(clean_calico_env());
  other["metadata"]["name"] = "kube-proxy";
  const auto report = run(test_plan(), Resource::daemonsets, { other });
  EXPECT_THAT(flagged(report, "calico-node-env"), ElementsAre("calico-node"));
}

TEST(CalicoInstallation, PassesThePlannedPools)
{
  const auto report =
    run(test_plan(), Resource::installations, { installation(clean_operator_pools()) });
  EXPECT_THAT(report.findings, IsEmpty());
  EXPECT_EQ(result(report, "calico-installation").objects, 2u);
}

TEST(CalicoInstallation, FlagsAPoolAndMissingAutodetection)
{
  auto pools = clean_operator_pools();
  pools[0]["encapsulation"] = "VXLAN";
  const auto report =
    run(test_plan(), Resource::installations, { installation(pools, true, false) });
  EXPECT_THAT(flagged(report, "calico-installation"), ElementsAre("default", "default"));
  EXPECT_EQ(report.findings[0].found,
            "cidr 10.244.0.0/16, blockSize 26, encapsulation VXLAN, natOutgoing Enabled, "
            "nodeAddressAutodetectionV4 cidr=10.0.0.0/24");
  EXPECT_EQ(report.findings[1].message,
            "Installation default: the IPv6 pool differs from the Plan");
}

TEST(CalicoInstallation, ComparesTheAutodetectionMethodByValue)
{
  // The seed's historical bug in operator form: the IPv4 cluster CIDR given to IPv6
  // autodetection. `firstFound` (may pick the VIP) is a finding too; the planned cidrs pass.
  for (const json& wrong : { json{ { "cidrs", { "10.0.0.0/24" } } },
                             json{ { "firstFound", true } },
                             json{ { "interface", "eth1" } } }) {
    json inst = installation(clean_operator_pools());
    inst["spec"]["calicoNetwork"]["nodeAddressAutodetectionV6"] = wrong;
    const auto report = run(test_plan(), Resource::installations, { inst });
    ASSERT_THAT(flagged(report, "calico-installation"), ElementsAre("default")) << wrong.dump();
    EXPECT_THAT(report.findings[0].expected,
                ::testing::EndsWith("nodeAddressAutodetectionV6 cidr=fd00::/120"));
  }
  EXPECT_THAT(
    run(test_plan(), Resource::installations, { installation(clean_operator_pools()) }).findings,
    IsEmpty());
}

TEST(CalicoInstallation, SkippedWhenCalicoIsInstalledByManifest)
{
  auto plan = test_plan();
  plan.calico_install_mode = "manifest";
  const auto report = run(plan, Resource::installations, {});
  EXPECT_EQ(result(report, "calico-installation").status, CheckStatus::skipped);
  EXPECT_EQ(result(report, "calico-installation").skip_reason,
            "the Plan installs Calico by manifest");
  EXPECT_THAT(report.findings, IsEmpty());
}

TEST(BgpPeerChecks, PassAPeerPerFamily)
{
  const auto report =
    run(test_plan(),
        Resource::bgppeers,
        { bgppeer("gw-v4", "10.0.0.10", 65000), bgppeer("gw-v6", "fd00::a", 65000) });
  EXPECT_THAT(report.findings, IsEmpty());
  EXPECT_EQ(result(report, "calico-bgp-peer").objects, 2u);
}

TEST(BgpPeerChecks, FlagWrongPeerWrongAsAndMissingFamily)
{
  const auto wrong_ip =
    run(test_plan(),
        Resource::bgppeers,
        { bgppeer("gw-v4", "10.0.0.10", 65000), bgppeer("gw-v6", "fd00::b", 65000) });
  EXPECT_THAT(flagged(wrong_ip, "calico-bgp-peer"), ElementsAre("gw-v6"));
  EXPECT_EQ(wrong_ip.findings[0].message,
            "BGPPeer gw-v6 peers with fd00::b, not the IPv6 gateway VIP fd00::a");

  const auto wrong_as =
    run(test_plan(),
        Resource::bgppeers,
        { bgppeer("gw-v4", "10.0.0.10", 65001), bgppeer("gw-v6", "fd00::a", 65000) });
  EXPECT_THAT(flagged(wrong_as, "calico-bgp-peer"), ElementsAre("gw-v4"));

  const auto missing =
    run(test_plan(), Resource::bgppeers, { bgppeer("gw-v4", "10.0.0.10", 65000) });
  EXPECT_THAT(flagged(missing, "calico-bgp-peer"), ElementsAre(""));
  EXPECT_EQ(missing.findings[0].message, "no BGPPeer to the IPv6 gateway VIP fd00::a");
}

} // namespace
} // namespace dualstack::verify::testing
