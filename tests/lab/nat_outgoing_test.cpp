// Felix's natOutgoing on the node stand-ins: the masquerade follows the rendered IPPools.
#include <dualstack/lab/nat_outgoing.hpp>

#include <gtest/gtest.h>

namespace dualstack::lab {
namespace {

IpPoolObject pool(const std::string& cidr, bool nat_outgoing, bool disabled = false)
{
  IpPoolObject p;
  p.cidr = *net::Prefix::parse(cidr);
  p.nat_outgoing = nat_outgoing;
  p.disabled = disabled;
  return p;
}

TEST(LabNatOutgoing, MasqueradesNatOutgoingPoolsToOutsideEveryPoolPerFamily)
{
  const std::string expected =
    "table inet dualstack_nat_outgoing\n"
    "delete table inet dualstack_nat_outgoing\n"
    "# Felix's natOutgoing (cali-nat-outgoing) from the rendered IPPools.\n"
    "table inet dualstack_nat_outgoing {\n"
    "  set masq_ipam_pools_ipv4 {\n    type ipv4_addr;\n    flags interval;\n    elements = { "
    "10.244.0.0/16 }\n  }\n"
    "  set all_ipam_pools_ipv4 {\n    type ipv4_addr;\n    flags interval;\n"
    "    elements = { 10.244.0.0/16, 10.245.0.0/24 }\n  }\n"
    "  set masq_ipam_pools_ipv6 {\n    type ipv6_addr;\n    flags interval;\n    elements = { "
    "fdff:2::/56 }\n  }\n"
    "  set all_ipam_pools_ipv6 {\n    type ipv6_addr;\n    flags interval;\n    elements = { "
    "fdff:2::/56 }\n  }\n"
    "  chain postrouting {\n    type nat hook postrouting priority srcnat; policy accept;\n"
    "    ip saddr @masq_ipam_pools_ipv4 ip daddr != @all_ipam_pools_ipv4 masquerade comment "
    "\"cali-nat-outgoing: "
    "natOutgoing pool to outside every pool\"\n"
    "    ip6 saddr @masq_ipam_pools_ipv6 ip6 daddr != @all_ipam_pools_ipv6 masquerade comment "
    "\"cali-nat-outgoing: "
    "natOutgoing pool to outside every pool\"\n"
    "  }\n}\n";
  EXPECT_EQ(
    nat_outgoing_ruleset(
      { pool("10.244.0.0/16", true), pool("10.245.0.0/24", false), pool("fdff:2::/56", true) }),
    expected);
}

TEST(LabNatOutgoing, NothingWhenNoEnabledPoolMasquerades)
{
  EXPECT_EQ(nat_outgoing_ruleset({ pool("2001:db8:20::/56", false) }), "");
  EXPECT_EQ(nat_outgoing_ruleset({ pool("10.244.0.0/16", true, true) }), "");
  const std::string v6_only =
    nat_outgoing_ruleset({ pool("10.244.0.0/16", false), pool("fdff:2::/56", true) });
  EXPECT_EQ(v6_only.find("ipv4"), std::string::npos) << v6_only;
  EXPECT_NE(v6_only.find("ip6 saddr @masq_ipam_pools_ipv6"), std::string::npos) << v6_only;
}

TEST(LabNatOutgoing, TheRenderedPoolsNatOutgoingIsRead)
{
  const auto objects =
    parse_calico_objects({ { "ippools.yaml",
                             "apiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata:\n  name: "
                             "v6\nspec:\n  cidr: fdff:2::/56\n"
                             "  natOutgoing: true\n---\napiVersion: projectcalico.org/v3\nkind: "
                             "IPPool\nmetadata:\n  name: v4\n"
                             "spec:\n  cidr: 10.244.0.0/16\n" } });
  ASSERT_TRUE(objects.has_value()) << objects.error();
  ASSERT_EQ(objects->pools.size(), 2u);
  EXPECT_TRUE(objects->pools[0].nat_outgoing);
  EXPECT_FALSE(objects->pools[1].nat_outgoing);
}

} // namespace
} // namespace dualstack::lab
