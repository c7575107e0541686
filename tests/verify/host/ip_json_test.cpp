// Parsing iproute2's JSON: addresses per interface, routes with host routes, default, blackhole
// and multipath entries; malformed output is an error naming what is wrong.
#include "verify/host/host_test_support.hpp"

#include <gtest/gtest.h>

namespace dualstack::verify::host::testing {
namespace {

TEST(IpJson, ReadsEveryAddressWithItsInterfaceAndLength)
{
  const auto addresses = parse_ip_addr(addr_json);
  ASSERT_TRUE(addresses) << addresses.error();
  ASSERT_EQ(addresses->size(), 5u);
  EXPECT_EQ((*addresses)[2].interface, "eth0");
  EXPECT_EQ((*addresses)[2].address.to_string(), "10.0.0.21");
  EXPECT_EQ((*addresses)[2].prefix_length, 24);
  EXPECT_EQ((*addresses)[3].address.to_string(), "fd00::15");
  EXPECT_EQ((*addresses)[3].prefix_length, 120);
}

TEST(IpJson, ReadsRoutesHostRoutesAsFullLengthPrefixes)
{
  const auto routes = parse_ip_route(route4_json, net::Family::ipv4);
  ASSERT_TRUE(routes) << routes.error();
  ASSERT_EQ(routes->size(), 5u);
  EXPECT_TRUE((*routes)[0].is_default);
  EXPECT_EQ((*routes)[0].destination.to_string(), "0.0.0.0/0");
  EXPECT_EQ((*routes)[0].gateway->to_string(), "10.0.0.1");
  EXPECT_EQ((*routes)[2].type, "blackhole");
  EXPECT_EQ((*routes)[2].device, "");
  EXPECT_EQ((*routes)[3].destination.to_string(), "10.244.1.5/32");
  EXPECT_EQ((*routes)[3].device, "cali1234abcd");
  EXPECT_EQ((*routes)[4].protocol, "bird");
  const auto v6 = parse_ip_route(route6_json, net::Family::ipv6);
  ASSERT_TRUE(v6) << v6.error();
  EXPECT_EQ((*v6)[1].destination.to_string(), "fd00:10:244::5/128");
  EXPECT_EQ((*v6)[4].destination.to_string(), "::/0");
}

TEST(IpJson, MultipathRoutesKeepTheirFirstNextHop)
{
  const auto routes = parse_ip_route(
    R"([{"dst":"10.244.3.0/26","protocol":"bird","flags":[],"nexthops":[)"
    R"({"gateway":"10.0.0.23","dev":"eth0","weight":1,"flags":[]},{"gateway":"10.0.0.24","dev":"eth0","weight":1,"flags":[]}]}])",
    net::Family::ipv4);
  ASSERT_TRUE(routes) << routes.error();
  EXPECT_EQ((*routes)[0].gateway->to_string(), "10.0.0.23");
  EXPECT_EQ((*routes)[0].device, "eth0");
}

TEST(IpJson, MalformedOutputIsAnError)
{
  EXPECT_EQ(parse_ip_addr("Object \"addr\" is unknown").error(),
            "`ip -j addr show` printed something that is not JSON");
  EXPECT_EQ(parse_ip_addr("{}").error(), "`ip -j addr show` printed JSON that is not an array");
  EXPECT_EQ(
    parse_ip_addr(
      R"([{"ifname":"eth0","addr_info":[{"family":"inet","local":"10.0.0.300","prefixlen":24}]}])")
      .error(),
    "`ip -j addr show`: address `10.0.0.300` of `eth0` is not an address with a prefixlen");
  EXPECT_EQ(parse_ip_route(R"([{"dst":"fd00::/64"}])", net::Family::ipv4).error(),
            "`ip -j -4 route show`: route destination `fd00::/64` is not an IPv4 prefix");
}

} // namespace
} // namespace dualstack::verify::host::testing
