// Tests for Prefix and parse_interface_address: strict parsing with exact messages, masking,
// containment, sizes and nth() at the boundaries of both families.
#include "net_test_support.hpp"

#include <dualstack/net/prefix.hpp>

#include <gtest/gtest.h>

#include <random>
#include <stdexcept>

namespace dualstack::net {
namespace {

using testing::address;
using testing::expect_interface_rejection;
using testing::expect_prefix_rejection;
using testing::prefix;
using testing::u128_max;
using testing::v6_value;

// --- construction ---

TEST(Prefix, DefaultIsAllOfIpv4)
{
  const Prefix all;
  EXPECT_EQ(all.family(), Family::ipv4);
  EXPECT_EQ(all.length(), 0);
  EXPECT_EQ(all.host_bits(), 32);
  EXPECT_EQ(all.to_string(), "0.0.0.0/0");
  EXPECT_EQ(all, prefix("0.0.0.0/0"));
}

TEST(Prefix, ConstructorAcceptsMaskedNetworks)
{
  const Prefix p(address("10.0.0.0"), 8);
  EXPECT_EQ(p.network(), address("10.0.0.0"));
  EXPECT_EQ(p.length(), 8);
  EXPECT_EQ(p.host_bits(), 24);
  EXPECT_NO_THROW(Prefix(address("::"), 0));
  EXPECT_NO_THROW(Prefix(Address::v6(u128_max), 128));
}

TEST(Prefix, ConstructorRejectsHostBitsAndBadLengths)
{
  EXPECT_THROW(Prefix(address("10.0.0.1"), 8), std::invalid_argument);
  EXPECT_THROW(Prefix(address("10.0.0.0"), 33), std::invalid_argument);
  EXPECT_THROW(Prefix(address("10.0.0.0"), -1), std::invalid_argument);
  EXPECT_THROW(Prefix(address("::"), 129), std::invalid_argument);
  EXPECT_THROW(Prefix(address("::1"), 127), std::invalid_argument);
}

TEST(Prefix, MaskedClearsHostBits)
{
  EXPECT_EQ(Prefix::masked(address("10.1.2.3"), 8), prefix("10.0.0.0/8"));
  EXPECT_EQ(Prefix::masked(address("10.1.2.3"), 32), prefix("10.1.2.3/32"));
  EXPECT_EQ(Prefix::masked(address("10.1.2.3"), 0), prefix("0.0.0.0/0"));
  EXPECT_EQ(Prefix::masked(address("fd00::1"), 120), prefix("fd00::/120"));
  EXPECT_EQ(Prefix::masked(Address::v6(u128_max), 0), prefix("::/0"));
  EXPECT_EQ(Prefix::masked(Address::v6(u128_max), 1), prefix("8000::/1"));
  EXPECT_EQ(Prefix::masked(Address::v6(u128_max), 128).network(), Address::v6(u128_max));
  EXPECT_THROW(Prefix::masked(address("10.0.0.0"), 33), std::invalid_argument);
}

// --- parsing ---

TEST(Prefix, ParsesIpv4AndIpv6)
{
  const auto v4 = prefix("10.0.0.0/8");
  EXPECT_EQ(v4.family(), Family::ipv4);
  EXPECT_EQ(v4.network(), address("10.0.0.0"));
  EXPECT_EQ(v4.length(), 8);

  const auto v6 = prefix("fd00::/64");
  EXPECT_EQ(v6.family(), Family::ipv6);
  EXPECT_EQ(v6.network(), address("fd00::"));
  EXPECT_EQ(v6.length(), 64);

  EXPECT_EQ(prefix("FD00:0:0::/48"), prefix("fd00::/48"));
  EXPECT_EQ(prefix("::ffff:10.0.0.0/104").network(), address("::ffff:10.0.0.0"));
}

TEST(Prefix, ParsesBoundaryLengths)
{
  EXPECT_EQ(prefix("0.0.0.0/0").length(), 0);
  EXPECT_EQ(prefix("255.255.255.255/32").length(), 32);
  EXPECT_EQ(prefix("::/0").length(), 0);
  EXPECT_EQ(prefix("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128").length(), 128);
  EXPECT_EQ(prefix("8000::/1").length(), 1);
  EXPECT_EQ(prefix("128.0.0.0/1").length(), 1);
}

TEST(Prefix, RejectsHostBitsWithMaskedHint)
{
  expect_prefix_rejection(
    "10.1.2.3/8", "prefix `10.1.2.3/8` has host bits set", "did you mean `10.0.0.0/8`?");
  expect_prefix_rejection(
    "fd00::1/120", "prefix `fd00::1/120` has host bits set", "did you mean `fd00::/120`?");
  expect_prefix_rejection(
    "FD00:0::1/64", "prefix `FD00:0::1/64` has host bits set", "did you mean `fd00::/64`?");
  expect_prefix_rejection(
    "0.0.0.1/0", "prefix `0.0.0.1/0` has host bits set", "did you mean `0.0.0.0/0`?");
  expect_prefix_rejection("::1/0", "prefix `::1/0` has host bits set", "did you mean `::/0`?");
  expect_prefix_rejection("255.255.255.255/31",
                          "prefix `255.255.255.255/31` has host bits set",
                          "did you mean `255.255.255.254/31`?");
  expect_prefix_rejection("::ffff:10.1.0.0/104",
                          "prefix `::ffff:10.1.0.0/104` has host bits set",
                          "did you mean `::ffff:10.0.0.0/104`?");
}

TEST(Prefix, RejectsMissingLengthWithFullLengthExample)
{
  expect_prefix_rejection("fd00::1",
                          "prefix `fd00::1` has no prefix length",
                          "add the prefix length, e.g. `fd00::1/128`");
  expect_prefix_rejection("10.0.0.1",
                          "prefix `10.0.0.1` has no prefix length",
                          "add the prefix length, e.g. `10.0.0.1/32`");
}

TEST(Prefix, ReportsAddressErrorWhenLengthIsMissingAndAddressIsBad)
{
  expect_prefix_rejection("010.0.0.0", "IPv4 octet `010` has a leading zero", "write `10`");
  expect_prefix_rejection("fd00::g",
                          "IPv6 address `fd00::g` has an invalid character `g`",
                          "write groups of hex digits (0-9, a-f) separated by colons");
}

TEST(Prefix, ReportsAddressErrorsOfTheAddressPart)
{
  expect_prefix_rejection("010.0.0.0/8", "IPv4 octet `010` has a leading zero", "write `10`");
  expect_prefix_rejection("fe80::%eth0/64",
                          "address `fe80::%eth0` has a zone id; zone ids are not allowed",
                          "remove `%eth0`");
  expect_prefix_rejection(
    "[fd00::]/64", "address `[fd00::]` has brackets", "remove the brackets: write `fd00::`");
  expect_prefix_rejection(
    "/8", "empty address", "write an address such as `192.0.2.1` or `2001:db8::1`");
  expect_prefix_rejection("1:2::3::/64",
                          "IPv6 address `1:2::3::` has more than one `::`",
                          "use `::` once and write the other zero groups as `0`");
}

TEST(Prefix, RejectsEmptyAndWhitespace)
{
  expect_prefix_rejection("", "empty prefix", "write a prefix such as `10.0.0.0/8` or `fd00::/64`");
  expect_prefix_rejection(
    " ", "prefix ` ` is only whitespace", "write a prefix such as `10.0.0.0/8` or `fd00::/64`");
  expect_prefix_rejection(" 10.0.0.0/8",
                          "prefix ` 10.0.0.0/8` has surrounding whitespace",
                          "remove it: write `10.0.0.0/8`");
  expect_prefix_rejection("fd00::/64\n",
                          "prefix `fd00::/64\\n` has surrounding whitespace",
                          "remove it: write `fd00::/64`");
  expect_prefix_rejection(
    "10.0.0.0 /8", "prefix `10.0.0.0 /8` contains whitespace", "remove the whitespace");
  expect_prefix_rejection(
    "10.0.0.0/ 8", "prefix `10.0.0.0/ 8` contains whitespace", "remove the whitespace");
}

TEST(Prefix, RejectsSecondSlash)
{
  expect_prefix_rejection("10.0.0.0/8/9",
                          "prefix `10.0.0.0/8/9` has more than one `/`",
                          "write one address and one length, e.g. `10.0.0.0/8`");
  expect_prefix_rejection("fd00:://64",
                          "prefix `fd00:://64` has more than one `/`",
                          "write one address and one length, e.g. `10.0.0.0/8`");
}

TEST(Prefix, RejectsEmptyLength)
{
  expect_prefix_rejection(
    "10.0.0.0/", "prefix `10.0.0.0/` has an empty prefix length", "write a length from 0 to 32");
  expect_prefix_rejection(
    "fd00::/", "prefix `fd00::/` has an empty prefix length", "write a length from 0 to 128");
}

TEST(Prefix, RejectsSignedOrNonDecimalLength)
{
  expect_prefix_rejection(
    "10.0.0.0/+8", "prefix length `+8` is not a decimal number", "write a length from 0 to 32");
  expect_prefix_rejection(
    "10.0.0.0/-1", "prefix length `-1` is not a decimal number", "write a length from 0 to 32");
  expect_prefix_rejection(
    "10.0.0.0/8a", "prefix length `8a` is not a decimal number", "write a length from 0 to 32");
  expect_prefix_rejection(
    "fd00::/0x40", "prefix length `0x40` is not a decimal number", "write a length from 0 to 128");
  expect_prefix_rejection("fd00::/255.255.0.0",
                          "prefix length `255.255.0.0` is not a decimal "
                          "number",
                          "write a length from 0 to 128");
}

TEST(Prefix, RejectsLengthWithLeadingZero)
{
  expect_prefix_rejection("10.0.0.0/08", "prefix length `08` has a leading zero", "write `8`");
  expect_prefix_rejection("0.0.0.0/00", "prefix length `00` has a leading zero", "write `0`");
  expect_prefix_rejection("fd00::/064", "prefix length `064` has a leading zero", "write `64`");
}

TEST(Prefix, RejectsLengthAboveFamilyMaximum)
{
  expect_prefix_rejection(
    "10.0.0.0/33", "prefix length `33` is greater than 32 for IPv4", "write a length from 0 to 32");
  expect_prefix_rejection("10.0.0.0/128",
                          "prefix length `128` is greater than 32 for IPv4",
                          "write a length from 0 to 32");
  expect_prefix_rejection("fd00::/129",
                          "prefix length `129` is greater than 128 for IPv6",
                          "write a length from 0 to 128");
  expect_prefix_rejection("fd00::/0129",
                          "prefix length `0129` is greater than 128 for IPv6",
                          "write a length from 0 to 128");
  expect_prefix_rejection("fd00::/99999999999999999999",
                          "prefix length `99999999999999999999` is greater than 128 for IPv6",
                          "write a length from 0 to 128");
}

// --- printing and round trips ---

TEST(Prefix, PrintsRfc5952Address)
{
  EXPECT_EQ(prefix("2001:0DB8:0000::/48").to_string(), "2001:db8::/48");
  EXPECT_EQ(prefix("::ffff:10.0.0.0/104").to_string(), "::ffff:10.0.0.0/104");
  EXPECT_EQ(prefix("10.0.0.0/8").to_string(), "10.0.0.0/8");
  EXPECT_EQ(prefix("::/0").to_string(), "::/0");
}

TEST(Prefix, RoundTripsRandomPrefixes)
{
  std::mt19937_64 rng(4632);
  for (int i = 0; i < 20000; ++i) {
    const bool v6 = i % 2 == 1;
    const Address random =
      v6 ? Address::v6(v6_value(rng(), rng())) : Address::v4(static_cast<std::uint32_t>(rng()));
    const int length = static_cast<int>(rng() % (random.bit_width() + 1));
    const Prefix original = Prefix::masked(random, length);
    const auto text = original.to_string();
    const auto parsed = Prefix::parse(text);
    ASSERT_TRUE(parsed.has_value()) << text << ": " << parsed.error().message;
    EXPECT_EQ(*parsed, original);
    EXPECT_EQ(parsed->to_string(), text);
  }
}

TEST(Prefix, OrdersByNetworkThenLength)
{
  EXPECT_LT(prefix("10.0.0.0/8"), prefix("10.0.0.0/16"));
  EXPECT_LT(prefix("10.0.0.0/16"), prefix("10.1.0.0/16"));
  EXPECT_LT(prefix("255.255.255.255/32"), prefix("::/0"));
}

// --- geometry ---

TEST(Prefix, LastIsTheBroadcastAddressForIpv4)
{
  EXPECT_EQ(prefix("10.0.0.0/8").last(), address("10.255.255.255"));
  EXPECT_EQ(prefix("192.0.2.64/26").last(), address("192.0.2.127"));
  EXPECT_EQ(prefix("0.0.0.0/0").last(), address("255.255.255.255"));
  EXPECT_EQ(prefix("192.0.2.1/32").last(), address("192.0.2.1"));
}

TEST(Prefix, LastCoversIpv6Boundaries)
{
  EXPECT_EQ(prefix("fd00::/64").last(), address("fd00::ffff:ffff:ffff:ffff"));
  EXPECT_EQ(prefix("::/0").last(), Address::v6(u128_max));
  EXPECT_EQ(prefix("::1/128").last(), address("::1"));
  EXPECT_EQ(prefix("8000::/1").last(), Address::v6(u128_max));
}

TEST(Prefix, SizeCountsAddresses)
{
  EXPECT_TRUE(prefix("192.0.2.1/32").size() == 1);
  EXPECT_TRUE(prefix("192.0.2.0/24").size() == 256);
  EXPECT_TRUE(prefix("0.0.0.0/0").size() == u128{ 1 } << 32);
  EXPECT_TRUE(prefix("::1/128").size() == 1);
  EXPECT_TRUE(prefix("fd00::/64").size() == u128{ 1 } << 64);
  EXPECT_TRUE(prefix("::/1").size() == u128{ 1 } << 127);
}

TEST(Prefix, SizeOfIpv6SlashZeroSaturates)
{
  EXPECT_TRUE(prefix("::/0").size() == u128_max);
}

TEST(Prefix, NthCountsFromTheNetworkAddress)
{
  const auto p = prefix("192.0.2.0/24");
  EXPECT_EQ(p.nth(0), address("192.0.2.0"));
  EXPECT_EQ(p.nth(1), address("192.0.2.1"));
  EXPECT_EQ(p.nth(255), address("192.0.2.255"));
  EXPECT_EQ(prefix("fd00::/64").nth(0x10), address("fd00::10"));
}

TEST(Prefix, NthReturnsNulloptPastTheEnd)
{
  EXPECT_EQ(prefix("192.0.2.0/24").nth(256), std::nullopt);
  EXPECT_EQ(prefix("192.0.2.1/32").nth(1), std::nullopt);
  EXPECT_EQ(prefix("255.255.255.255/32").nth(1), std::nullopt);
  EXPECT_EQ(prefix("0.0.0.0/0").nth(u128{ 1 } << 32), std::nullopt);
  EXPECT_EQ(prefix("0.0.0.0/0").nth(u128_max), std::nullopt);
  EXPECT_EQ(prefix("fd00::/64").nth(u128{ 1 } << 64), std::nullopt);
  EXPECT_EQ(prefix("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128").nth(1), std::nullopt);
}

TEST(Prefix, NthReachesTheLastAddress)
{
  EXPECT_EQ(prefix("0.0.0.0/0").nth(0xffff'ffff), address("255.255.255.255"));
  EXPECT_EQ(prefix("fd00::/64").nth((u128{ 1 } << 64) - 1), address("fd00::ffff:ffff:ffff:ffff"));
  // An IPv6 /0 has 2^128 addresses, one more than size() can report; nth still reaches the top.
  EXPECT_EQ(prefix("::/0").nth(u128_max), Address::v6(u128_max));
  EXPECT_EQ(prefix("8000::/1").nth((u128{ 1 } << 127) - 1), Address::v6(u128_max));
}

TEST(Prefix, ContainsAddressesOfItsOwnFamilyOnly)
{
  const auto v4 = prefix("10.0.0.0/8");
  EXPECT_TRUE(v4.contains(address("10.0.0.0")));
  EXPECT_TRUE(v4.contains(address("10.255.255.255")));
  EXPECT_FALSE(v4.contains(address("11.0.0.0")));
  EXPECT_FALSE(v4.contains(address("9.255.255.255")));
  EXPECT_FALSE(v4.contains(address("::ffff:10.0.0.1")));
  EXPECT_FALSE(v4.contains(Address::v6(0x0a00'0001)));

  EXPECT_TRUE(prefix("::/0").contains(Address::v6(u128_max)));
  EXPECT_FALSE(prefix("::/0").contains(address("10.0.0.1")));
  EXPECT_TRUE(prefix("0.0.0.0/0").contains(address("255.255.255.255")));
  EXPECT_TRUE(prefix("fd00::1/128").contains(address("fd00::1")));
  EXPECT_FALSE(prefix("fd00::1/128").contains(address("fd00::2")));
}

TEST(Prefix, ContainsPrefixesWhollyInside)
{
  EXPECT_TRUE(prefix("10.0.0.0/8").contains(prefix("10.1.0.0/16")));
  EXPECT_TRUE(prefix("10.0.0.0/8").contains(prefix("10.0.0.0/8")));
  EXPECT_FALSE(prefix("10.1.0.0/16").contains(prefix("10.0.0.0/8")));
  EXPECT_FALSE(prefix("10.0.0.0/8").contains(prefix("11.0.0.0/16")));
  EXPECT_TRUE(prefix("::/0").contains(prefix("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128")));
  EXPECT_FALSE(prefix("::/0").contains(prefix("0.0.0.0/0")));
  EXPECT_FALSE(prefix("0.0.0.0/0").contains(prefix("::/0")));
}

TEST(Prefix, OverlapsIsSymmetricAndFamilyAware)
{
  const auto outer = prefix("fd00::/48");
  const auto inner = prefix("fd00:0:0:1::/64");
  const auto apart = prefix("fd01::/48");
  EXPECT_TRUE(outer.overlaps(inner));
  EXPECT_TRUE(inner.overlaps(outer));
  EXPECT_TRUE(outer.overlaps(outer));
  EXPECT_FALSE(outer.overlaps(apart));
  EXPECT_FALSE(apart.overlaps(outer));
  EXPECT_FALSE(prefix("0.0.0.0/0").overlaps(prefix("::/0")));
  EXPECT_FALSE(prefix("::ffff:0:0/96").overlaps(prefix("0.0.0.0/0")));
  EXPECT_TRUE(prefix("192.0.2.0/25").overlaps(prefix("192.0.2.127/32")));
  EXPECT_FALSE(prefix("192.0.2.0/25").overlaps(prefix("192.0.2.128/25")));
}

// --- interface addresses ---

TEST(InterfaceAddress, KeepsHostBitsAndMasksThePrefix)
{
  const auto parsed = parse_interface_address("172.30.153.65/26");
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->address, address("172.30.153.65"));
  EXPECT_EQ(parsed->prefix, prefix("172.30.153.64/26"));

  const auto v6 = parse_interface_address("fd00::1/64");
  ASSERT_TRUE(v6.has_value());
  EXPECT_EQ(v6->address, address("fd00::1"));
  EXPECT_EQ(v6->prefix, prefix("fd00::/64"));
}

TEST(InterfaceAddress, AcceptsNetworkAddressAndFullLength)
{
  const auto network = parse_interface_address("10.0.0.0/8");
  ASSERT_TRUE(network.has_value());
  EXPECT_EQ(network->address, address("10.0.0.0"));
  EXPECT_EQ(network->prefix, prefix("10.0.0.0/8"));

  const auto host = parse_interface_address("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128");
  ASSERT_TRUE(host.has_value());
  EXPECT_EQ(host->prefix.network(), Address::v6(u128_max));

  const auto everything = parse_interface_address("255.255.255.255/0");
  ASSERT_TRUE(everything.has_value());
  EXPECT_EQ(everything->prefix, prefix("0.0.0.0/0"));
}

TEST(InterfaceAddress, RejectsMissingLengthWithSubnetExample)
{
  expect_interface_rejection("172.30.153.65",
                             "interface address `172.30.153.65` has no prefix length",
                             "add the prefix length, e.g. `172.30.153.65/24`");
  expect_interface_rejection("fd00::1",
                             "interface address `fd00::1` has no prefix length",
                             "add the prefix length, e.g. `fd00::1/64`");
}

TEST(InterfaceAddress, RejectsEmptyAndWhitespace)
{
  expect_interface_rejection("",
                             "empty interface address",
                             "write an interface address such as `10.0.0.1/24` or `fd00::1/64`");
  expect_interface_rejection("10.0.0.1/24 ",
                             "interface address `10.0.0.1/24 ` has surrounding whitespace",
                             "remove it: write `10.0.0.1/24`");
}

TEST(InterfaceAddress, RejectsBadLengths)
{
  expect_interface_rejection("10.0.0.1/",
                             "interface address `10.0.0.1/` has an empty prefix length",
                             "write a length from 0 to 32");
  expect_interface_rejection(
    "10.0.0.1/33", "prefix length `33` is greater than 32 for IPv4", "write a length from 0 to 32");
  expect_interface_rejection("fd00::1/064", "prefix length `064` has a leading zero", "write `64`");
  expect_interface_rejection(
    "fd00::1/+64", "prefix length `+64` is not a decimal number", "write a length from 0 to 128");
  expect_interface_rejection("fd00::1/64/64",
                             "interface address `fd00::1/64/64` has more than one `/`",
                             "write one address and one length, e.g. `10.0.0.0/8`");
}

TEST(InterfaceAddress, ReportsAddressErrors)
{
  expect_interface_rejection("fe80::1%wg0/64",
                             "address `fe80::1%wg0` has a zone id; zone ids are not allowed",
                             "remove `%wg0`");
  expect_interface_rejection(
    "172.30.153.065/26", "IPv4 octet `065` has a leading zero", "write `65`");
}

TEST(InterfaceAddress, AgreesWithPrefixParseWhenNoHostBitsAreSet)
{
  std::mt19937_64 rng(26);
  for (int i = 0; i < 5000; ++i) {
    const Address random = i % 2 == 0 ? Address::v4(static_cast<std::uint32_t>(rng()))
                                      : Address::v6(v6_value(rng(), rng()));
    const int length = static_cast<int>(rng() % (random.bit_width() + 1));
    const auto text = random.to_string() + "/" + std::to_string(length);
    const auto interface = parse_interface_address(text);
    ASSERT_TRUE(interface.has_value()) << text;
    EXPECT_EQ(interface->address, random);
    EXPECT_EQ(interface->prefix, Prefix::masked(random, length));
    const auto strict = Prefix::parse(text);
    EXPECT_EQ(strict.has_value(), interface->prefix.network() == random) << text;
  }
}

// --- exclude and global space ---

TEST(Prefix, ExcludeCoversEverythingButTheAddress)
{
  const Prefix subnet = prefix("2001:db8:10::/120");
  const Address vip = address("2001:db8:10::2");
  const auto parts = exclude(subnet, vip);
  ASSERT_EQ(parts.size(), 8u) << "one prefix per bit below /120";
  u128 covered = 0;
  for (const Prefix& part : parts) {
    EXPECT_FALSE(part.contains(vip)) << part.to_string();
    EXPECT_TRUE(subnet.contains(part)) << part.to_string();
    covered += u128(1) << (128 - part.length());
    for (const Prefix& other : parts)
      if (&other != &part) {
        EXPECT_FALSE(part.overlaps(other)) << part.to_string() << " " << other.to_string();
      }
  }
  EXPECT_EQ(covered, u128(255)) << "all 256 addresses but one";
  EXPECT_EQ(parts.front().to_string(), "2001:db8:10::80/121");
  EXPECT_EQ(parts.back().to_string(), "2001:db8:10::3/128");
  EXPECT_EQ(exclude(subnet, address("2001:db8:11::2")), std::vector<Prefix>{ subnet })
    << "outside: unchanged";
  EXPECT_EQ(exclude(prefix("10.0.0.0/30"), address("10.0.0.0")).size(), 2u);
}

TEST(Prefix, GlobalIpv6IsTwoThousandSlashThree)
{
  EXPECT_TRUE(is_global_ipv6(prefix("2001:db8:10::/64")));
  EXPECT_TRUE(is_global_ipv6(prefix("2a01:4f8::/32")));
  EXPECT_FALSE(is_global_ipv6(prefix("fd00::/120")));
  EXPECT_FALSE(is_global_ipv6(prefix("fe80::/64")));
  EXPECT_FALSE(is_global_ipv6(prefix("::/0")));
  EXPECT_FALSE(is_global_ipv6(prefix("10.0.0.0/8")));
}

} // namespace
} // namespace dualstack::net
