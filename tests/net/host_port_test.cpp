// Tests for host_port: `host:port` with IPv6 in brackets, and the address literal of one.
#include "net_test_support.hpp"

#include <dualstack/net/host_port.hpp>

#include <gtest/gtest.h>

#include <string>

namespace dualstack::net {
namespace {

using testing::address;

TEST(HostPort, Ipv4AddressIsWrittenBare)
{
  EXPECT_EQ(host_port(address("203.0.113.5"), 7777), "203.0.113.5:7777");
}

TEST(HostPort, Ipv6AddressGoesInBracketsInRfc5952Form)
{
  EXPECT_EQ(host_port(address("2001:DB8:0:0::2"), 443), "[2001:db8::2]:443");
  EXPECT_EQ(host_port(address("::"), 6443), "[::]:6443");
}

TEST(HostPort, TextHostIsBracketedOnlyWhenItIsAnUnbracketedIpv6Literal)
{
  EXPECT_EQ(host_port("fdff:3::1", 443), "[fdff:3::1]:443");
  EXPECT_EQ(host_port("[fdff:3::1]", 443), "[fdff:3::1]:443");
  EXPECT_EQ(host_port("10.96.0.1", 443), "10.96.0.1:443");
  EXPECT_EQ(host_port("api.example.com", 6443), "api.example.com:6443");
}

TEST(HostPort, WhatHostPortWritesReadsBackAsTheSameAddress)
{
  for (const char* text : { "192.0.2.1", "2001:db8::2", "::ffff:192.0.2.1", "fe80::1" }) {
    const Address a = address(text);
    const auto back = host_port_address(host_port(a, 51820));
    ASSERT_TRUE(back.has_value()) << text;
    EXPECT_EQ(*back, a) << text;
  }
}

TEST(HostPort, AddressOfANameOrMalformedValueIsNone)
{
  EXPECT_FALSE(host_port_address("vpn.example.com:51820").has_value());
  EXPECT_FALSE(host_port_address("").has_value());
  EXPECT_FALSE(host_port_address("203.0.113.5").has_value()) << "no port";
  EXPECT_FALSE(host_port_address("[2001:db8::2:51820").has_value());
}

} // namespace
} // namespace dualstack::net
