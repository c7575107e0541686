// The router's ULA filter and the nftables JSON the lab reads back from it.
#include <dualstack/lab/internet.hpp>

#include <gtest/gtest.h>

namespace dualstack::lab {
namespace {

TEST(LabInternet, TheRouterDropsUlaBothWaysAtItsExternalSide)
{
  EXPECT_EQ(ula_filter_ruleset("eth-public"),
            "table ip6 dualstack_internet\ndelete table ip6 dualstack_internet\n"
            "# The internet routes no ULA (RFC 4193) and Neutron's router does no NAT66.\n"
            "table ip6 dualstack_internet {\n"
            "  chain inbound {\n"
            "    type filter hook prerouting priority raw; policy accept;\n"
            "    iifname \"eth-public\" ip6 saddr fc00::/7 counter drop comment \"internet: a ULA "
            "source from "
            "outside (RFC 4193)\"\n"
            "    iifname \"eth-public\" ip6 daddr fc00::/7 counter drop comment \"internet: "
            "nothing outside routes a "
            "ULA destination (RFC 4193)\"\n"
            "  }\n"
            "  chain outbound {\n"
            "    type filter hook postrouting priority 200; policy accept;\n"
            "    oifname \"eth-public\" ip6 saddr fc00::/7 counter drop comment \"internet: a ULA "
            "source leaving the "
            "router (RFC 4193; Neutron does no NAT66)\"\n"
            "    oifname \"eth-public\" ip6 daddr fc00::/7 counter drop comment \"internet: a ULA "
            "destination leaving "
            "the router (RFC 4193)\"\n"
            "  }\n"
            "}\n");
}

TEST(LabInternet, CountedDropsAreTheCommentedRulesThatDropped)
{
  const std::string json = R"({"nftables": [{"metainfo": {"version": "1.0.6"}},
    {"table": {"family": "ip6", "name": "dualstack_internet"}},
    {"rule": {"chain": "outbound", "comment": "internet: a ULA source leaving",
              "expr": [{"match": {}}, {"counter": {"packets": 3, "bytes": 312}}, {"drop": null}]}},
    {"rule": {"chain": "outbound", "comment": "internet: nothing yet",
              "expr": [{"counter": {"packets": 0, "bytes": 0}}, {"drop": null}]}},
    {"rule": {"chain": "inbound", "expr": [{"counter": {"packets": 9, "bytes": 9}}]}}]})";
  const auto drops = counted_drops(json);
  ASSERT_EQ(drops.size(), 1u);
  EXPECT_EQ(drops[0].what, "internet: a ULA source leaving");
  EXPECT_EQ(drops[0].packets, 3u);
  EXPECT_TRUE(counted_drops("Error: No such file or directory").empty());
}

TEST(LabInternet, SetAddressesArePlainOrWrappedElements)
{
  const std::string json = R"({"nftables": [{"metainfo": {}},
    {"set": {"family": "ip6", "name": "sources", "type": "ipv6_addr",
             "elem": ["2001:db8:20::2", {"elem": {"val": "2001:db8:5100::200", "expires": 10}}]}}]})";
  EXPECT_EQ(nft_set_addresses(json),
            (std::vector<std::string>{ "2001:db8:20::2", "2001:db8:5100::200" }));
  EXPECT_TRUE(nft_set_addresses(R"({"nftables": [{"set": {"name": "sources"}}]})").empty());
  EXPECT_TRUE(nft_set_addresses("").empty());
}

} // namespace
} // namespace dualstack::lab
