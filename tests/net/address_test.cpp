// Tests for Address: strict IPv4/IPv6 parsing with exact messages, RFC 5952 printing, plus().
#include "net_test_support.hpp"

#include <dualstack/net/address.hpp>

#include <arpa/inet.h>
#include <gtest/gtest.h>

#include <random>
#include <stdexcept>
#include <string>
#include <vector>

namespace dualstack::net {
namespace {

using testing::address;
using testing::expect_address_rejection;
using testing::u128_max;
using testing::v6_value;

constexpr std::string_view any_address_hint =
  "write an address such as `192.0.2.1` or `2001:db8::1`";

// --- construction and accessors ---

TEST(Address, DefaultIsIpv4Zero)
{
  const Address zero;
  EXPECT_EQ(zero.family(), Family::ipv4);
  EXPECT_TRUE(zero.value() == 0);
  EXPECT_EQ(zero.bit_width(), 32);
  EXPECT_EQ(zero.to_string(), "0.0.0.0");
}

TEST(Address, FactoriesSetFamilyAndValue)
{
  EXPECT_EQ(Address::v4(0xc0000201), Address(Family::ipv4, 0xc0000201));
  EXPECT_EQ(Address::v6(1), Address(Family::ipv6, 1));
  EXPECT_EQ(Address::v6(1).bit_width(), 128);
  EXPECT_NE(Address::v4(1), Address::v6(1));
}

TEST(Address, ConstructorRejectsIpv4ValueAbove32Bits)
{
  EXPECT_THROW(Address(Family::ipv4, u128{ 1 } << 32), std::invalid_argument);
  EXPECT_NO_THROW(Address(Family::ipv4, 0xffff'ffff));
  EXPECT_NO_THROW(Address(Family::ipv6, u128_max));
}

TEST(Address, OrdersIpv4BeforeIpv6ThenByValue)
{
  EXPECT_LT(Address::v4(0xffff'ffff), Address::v6(0));
  EXPECT_LT(Address::v4(1), Address::v4(2));
  EXPECT_LT(Address::v6(v6_value(0, ~0ull)), Address::v6(v6_value(1, 0)));
  EXPECT_EQ(address("::ffff:1.2.3.4") <=> address("::ffff:1.2.3.4"), std::strong_ordering::equal);
}

// --- IPv4 parsing ---

TEST(Address, ParsesIpv4DottedQuad)
{
  EXPECT_EQ(address("192.0.2.1"), Address::v4(0xc000'0201));
  EXPECT_EQ(address("10.0.0.1"), Address::v4(0x0a00'0001));
  EXPECT_EQ(address("172.30.153.65"), Address::v4(0xac1e'9941));
  EXPECT_EQ(address("1.2.3.4").family(), Family::ipv4);
}

TEST(Address, ParsesIpv4Boundaries)
{
  EXPECT_EQ(address("0.0.0.0"), Address::v4(0));
  EXPECT_EQ(address("255.255.255.255"), Address::v4(0xffff'ffff));
  EXPECT_EQ(address("0.255.0.255"), Address::v4(0x00ff'00ff));
}

TEST(Address, RejectsIpv4LeadingZeroWithHint)
{
  expect_address_rejection("010.0.0.1", "IPv4 octet `010` has a leading zero", "write `10`");
  expect_address_rejection("10.0.0.00", "IPv4 octet `00` has a leading zero", "write `0`");
  expect_address_rejection("1.2.3.0255", "IPv4 octet `0255` has a leading zero", "write `255`");
  expect_address_rejection("1.02.3.4", "IPv4 octet `02` has a leading zero", "write `2`");
}

TEST(Address, RejectsIpv4OctetAbove255)
{
  const std::string hint = "write a number from 0 to 255";
  expect_address_rejection("256.0.0.1", "IPv4 octet `256` is greater than 255", hint);
  expect_address_rejection("1.2.3.999", "IPv4 octet `999` is greater than 255", hint);
  expect_address_rejection("1.2.3.1000", "IPv4 octet `1000` is greater than 255", hint);
  expect_address_rejection("1.2.3.0256", "IPv4 octet `0256` is greater than 255", hint);
  expect_address_rejection("1.2.3.99999999999999999999999",
                           "IPv4 octet `99999999999999999999999` is greater than 255",
                           hint);
}

TEST(Address, RejectsIpv4WithWrongOctetCount)
{
  const std::string hint = "write four numbers from 0 to 255 separated by dots, e.g. `192.0.2.1`";
  expect_address_rejection("1.2.3", "IPv4 address `1.2.3` has 3 octets; it needs exactly 4", hint);
  expect_address_rejection(
    "1.2.3.4.5", "IPv4 address `1.2.3.4.5` has 5 octets; it needs exactly 4", hint);
  expect_address_rejection("10", "IPv4 address `10` has 1 octet; it needs exactly 4", hint);
}

TEST(Address, RejectsIpv4EmptyOctet)
{
  const std::string hint = "write a number from 0 to 255 between the dots";
  expect_address_rejection("1..2.3", "IPv4 address `1..2.3` has an empty octet", hint);
  expect_address_rejection("1.2.3.", "IPv4 address `1.2.3.` has an empty octet", hint);
  expect_address_rejection(".1.2.3", "IPv4 address `.1.2.3` has an empty octet", hint);
  expect_address_rejection(".", "IPv4 address `.` has an empty octet", hint);
}

TEST(Address, RejectsIpv4NonDecimalOctet)
{
  const std::string hint = "write a number from 0 to 255";
  expect_address_rejection("1.2.3.x", "IPv4 octet `x` is not a decimal number", hint);
  expect_address_rejection("0x0a.0.0.1", "IPv4 octet `0x0a` is not a decimal number", hint);
  expect_address_rejection("1.2.3.+4", "IPv4 octet `+4` is not a decimal number", hint);
  expect_address_rejection("1.2.3.-4", "IPv4 octet `-4` is not a decimal number", hint);
}

TEST(Address, RejectsHostNames)
{
  const std::string hint =
    "write an IPv4 address such as `192.0.2.1` or an IPv6 address such as `2001:db8::1`";
  expect_address_rejection("localhost", "`localhost` is not an IP address", hint);
  expect_address_rejection("example.com", "`example.com` is not an IP address", hint);
  expect_address_rejection("-1.2.3.4", "`-1.2.3.4` is not an IP address", hint);
}

TEST(Address, RejectsIpv4WithPort)
{
  expect_address_rejection("192.0.2.1:80", "address `192.0.2.1:80` has a port", "remove `:80`");
}

// --- rejections common to both families ---

TEST(Address, RejectsEmptyText)
{
  expect_address_rejection("", "empty address", any_address_hint);
}

TEST(Address, RejectsOnlyWhitespace)
{
  expect_address_rejection("   ", "address `   ` is only whitespace", any_address_hint);
  expect_address_rejection("\t", "address `\\t` is only whitespace", any_address_hint);
}

TEST(Address, RejectsSurroundingWhitespaceWithTrimmedHint)
{
  expect_address_rejection(
    " 10.0.0.1", "address ` 10.0.0.1` has surrounding whitespace", "remove it: write `10.0.0.1`");
  expect_address_rejection(
    "fd00::1\n", "address `fd00::1\\n` has surrounding whitespace", "remove it: write `fd00::1`");
  expect_address_rejection(
    "\r\n::1 \t", "address `\\r\\n::1 \\t` has surrounding whitespace", "remove it: write `::1`");
}

TEST(Address, RejectsInnerWhitespace)
{
  expect_address_rejection(
    "10.0. 0.1", "address `10.0. 0.1` contains whitespace", "remove the whitespace");
  expect_address_rejection(
    "fd00:: 1", "address `fd00:: 1` contains whitespace", "remove the whitespace");
  expect_address_rejection(
    " fd00:: 1", "address ` fd00:: 1` contains whitespace", "remove the whitespace");
}

TEST(Address, RejectsZoneIdWithRemoveHint)
{
  expect_address_rejection("fe80::1%eth0",
                           "address `fe80::1%eth0` has a zone id; zone ids are not allowed",
                           "remove `%eth0`");
  expect_address_rejection(
    "fe80::1%", "address `fe80::1%` has a zone id; zone ids are not allowed", "remove `%`");
  expect_address_rejection(
    "10.0.0.1%2", "address `10.0.0.1%2` has a zone id; zone ids are not allowed", "remove `%2`");
}

TEST(Address, RejectsBracketsWithRemoveHint)
{
  expect_address_rejection(
    "[fd00::1]", "address `[fd00::1]` has brackets", "remove the brackets: write `fd00::1`");
  expect_address_rejection(
    "[fd00::1", "address `[fd00::1` has brackets", "remove the brackets: write `fd00::1`");
  expect_address_rejection(
    "fd00::1]", "address `fd00::1]` has brackets", "remove the brackets: write `fd00::1`");
  expect_address_rejection(
    "[10.0.0.1]", "address `[10.0.0.1]` has brackets", "remove the brackets: write `10.0.0.1`");
}

TEST(Address, RejectsBracketsAndPortWithRemoveHint)
{
  expect_address_rejection("[fd00::1]:443",
                           "address `[fd00::1]:443` has brackets and a port",
                           "remove the brackets and the port: write `fd00::1`");
}

TEST(Address, RejectsPrefixLengthWithRemoveHint)
{
  expect_address_rejection("10.0.0.0/8", "address `10.0.0.0/8` has a prefix length", "remove `/8`");
  expect_address_rejection("fd00::/64", "address `fd00::/64` has a prefix length", "remove `/64`");
}

TEST(Address, QuotesControlAndNonAsciiBytesInMessages)
{
  expect_address_rejection(std::string_view("1.2.3.\x01", 7),
                           "IPv4 octet `\\x01` is not a decimal number",
                           "write a number from 0 to 255");
  expect_address_rejection(
    "\xef\xbc\x91.2.3.4",
    "`\\xef\\xbc\\x91.2.3.4` is not an IP address",
    "write an IPv4 address such as `192.0.2.1` or an IPv6 address such as `2001:db8::1`");
  expect_address_rejection(std::string_view("1.2.3.4\0", 8),
                           "IPv4 octet `4\\x00` is not a decimal number",
                           "write a number from 0 to 255");
}

TEST(Address, CutsLongInputInMessages)
{
  const std::string long_text(100, 'x');
  expect_address_rejection(
    long_text,
    "`" + std::string(64, 'x') + "...` is not an IP address",
    "write an IPv4 address such as `192.0.2.1` or an IPv6 address such as `2001:db8::1`");
}

// --- IPv6 parsing ---

TEST(Address, ParsesIpv6FullAndCompressedForms)
{
  EXPECT_EQ(address("::"), Address::v6(0));
  EXPECT_EQ(address("::1"), Address::v6(1));
  EXPECT_EQ(address("1::"), Address::v6(v6_value(0x0001'0000'0000'0000, 0)));
  EXPECT_EQ(address("2001:db8::1"), Address::v6(v6_value(0x2001'0db8'0000'0000, 1)));
  EXPECT_EQ(address("2001:db8:0:0:1:0:0:1"),
            Address::v6(v6_value(0x2001'0db8'0000'0000, 0x0001'0000'0000'0001)));
  EXPECT_EQ(address("1:2:3:4:5:6:7:8"),
            Address::v6(v6_value(0x0001'0002'0003'0004, 0x0005'0006'0007'0008)));
  EXPECT_EQ(address("1:2:3:4:5:6:7::"),
            Address::v6(v6_value(0x0001'0002'0003'0004, 0x0005'0006'0007'0000)));
  EXPECT_EQ(address("::2:3:4:5:6:7:8"),
            Address::v6(v6_value(0x0000'0002'0003'0004, 0x0005'0006'0007'0008)));
  EXPECT_EQ(address("1:2:3::6:7:8"),
            Address::v6(v6_value(0x0001'0002'0003'0000, 0x0000'0006'0007'0008)));
  EXPECT_EQ(address("0000:0000:0000:0000:0000:0000:0000:0000"), Address::v6(0));
  EXPECT_EQ(address("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"), Address::v6(u128_max));
}

TEST(Address, ParsesIpv6CaseInsensitively)
{
  EXPECT_EQ(address("2001:DB8::ABCD"), address("2001:db8::abcd"));
  EXPECT_EQ(address("FFFF:ffff:FfFf::"), Address::v6(v6_value(0xffff'ffff'ffff'0000, 0)));
  EXPECT_EQ(address("::FFFF:1.2.3.4"), address("::ffff:1.2.3.4"));
}

TEST(Address, ParsesIpv6WithEmbeddedIpv4Tail)
{
  EXPECT_EQ(address("::ffff:192.0.2.1"), Address::v6(v6_value(0, 0x0000'ffff'c000'0201)));
  EXPECT_EQ(address("::1.2.3.4"), Address::v6(0x0102'0304));
  EXPECT_EQ(address("64:ff9b::192.0.2.33"),
            Address::v6(v6_value(0x0064'ff9b'0000'0000, 0x0000'0000'c000'0221)));
  EXPECT_EQ(address("1:2:3:4:5:6:255.255.255.255"),
            Address::v6(v6_value(0x0001'0002'0003'0004, 0x0005'0006'ffff'ffff)));
  EXPECT_EQ(address("1:2:3:4:5::0.0.0.0"),
            Address::v6(v6_value(0x0001'0002'0003'0004, 0x0005'0000'0000'0000)));
}

TEST(Address, RejectsIpv6InvalidCharacter)
{
  const std::string hint = "write groups of hex digits (0-9, a-f) separated by colons";
  expect_address_rejection("fd00::g", "IPv6 address `fd00::g` has an invalid character `g`", hint);
  expect_address_rejection(
    "fd00::-1", "IPv6 address `fd00::-1` has an invalid character `-`", hint);
  expect_address_rejection("fd00::1\x7f",
                           "IPv6 address `fd00::1\\x7f` has an invalid character "
                           "`\\x7f`",
                           hint);
}

TEST(Address, RejectsTripleColon)
{
  expect_address_rejection(
    "fd00:::1", "IPv6 address `fd00:::1` has `:::`", "write `::` for a run of zero groups");
  expect_address_rejection(
    ":::", "IPv6 address `:::` has `:::`", "write `::` for a run of zero groups");
}

TEST(Address, RejectsSecondDoubleColon)
{
  const std::string hint = "use `::` once and write the other zero groups as `0`";
  expect_address_rejection("1::2::3", "IPv6 address `1::2::3` has more than one `::`", hint);
  expect_address_rejection("::1::", "IPv6 address `::1::` has more than one `::`", hint);
}

TEST(Address, RejectsSingleLeadingColon)
{
  const std::string hint = "write `::` or remove the leading `:`";
  expect_address_rejection(
    ":1:2:3:4:5:6:7", "IPv6 address `:1:2:3:4:5:6:7` starts with a single `:`", hint);
  expect_address_rejection(":1::", "IPv6 address `:1::` starts with a single `:`", hint);
  expect_address_rejection(":", "IPv6 address `:` starts with a single `:`", hint);
}

TEST(Address, RejectsSingleTrailingColon)
{
  const std::string hint = "write `::` or remove the trailing `:`";
  expect_address_rejection(
    "1:2:3:4:5:6:7:", "IPv6 address `1:2:3:4:5:6:7:` ends with a single `:`", hint);
  expect_address_rejection("1::2:", "IPv6 address `1::2:` ends with a single `:`", hint);
}

TEST(Address, RejectsGroupWithMoreThanFourHexDigits)
{
  const std::string hint = "write at most 4 hex digits per group";
  expect_address_rejection("12345::", "IPv6 group `12345` has more than 4 hex digits", hint);
  expect_address_rejection("::00001", "IPv6 group `00001` has more than 4 hex digits", hint);
}

TEST(Address, RejectsTooFewGroupsWithoutDoubleColon)
{
  expect_address_rejection("1:2:3:4:5:6:7",
                           "IPv6 address `1:2:3:4:5:6:7` has 7 groups; it needs 8",
                           "write all 8 groups, or `::` for a run of zero groups");
  expect_address_rejection("1:2",
                           "IPv6 address `1:2` has 2 groups; it needs 8",
                           "write all 8 groups, or `::` for a run of zero groups");
}

TEST(Address, RejectsTooManyGroups)
{
  expect_address_rejection("1:2:3:4:5:6:7:8:9",
                           "IPv6 address `1:2:3:4:5:6:7:8:9` has 9 groups; it needs 8",
                           "remove the extra groups");
  // The IPv4 tail counts as two groups.
  expect_address_rejection("1:2:3:4:5:6:7:1.2.3.4",
                           "IPv6 address `1:2:3:4:5:6:7:1.2.3.4` has 9 groups; it needs 8",
                           "remove the extra groups");
}

TEST(Address, RejectsDoubleColonThatStandsForNoGroup)
{
  expect_address_rejection(
    "1:2:3:4::5:6:7:8",
    "IPv6 address `1:2:3:4::5:6:7:8` has 8 groups and a `::`; it can have at most 7 with `::`",
    "remove the `::`");
  expect_address_rejection(
    "1:2:3:4:5:6::1.2.3.4",
    "IPv6 address `1:2:3:4:5:6::1.2.3.4` has 8 groups and a `::`; it can have at most 7 with `::`",
    "remove the `::`");
  expect_address_rejection(
    "1:2:3:4:5::6:7:8:9",
    "IPv6 address `1:2:3:4:5::6:7:8:9` has 9 groups and a `::`; it can have at most 7 with `::`",
    "remove the extra groups");
}

TEST(Address, RejectsIpv4PartNotAtTheEnd)
{
  const std::string hint = "write the dotted IPv4 part last, e.g. `::ffff:192.0.2.1`";
  expect_address_rejection(
    "::ffff:1.2.3.4:5",
    "IPv6 address `::ffff:1.2.3.4:5` has an IPv4 part `1.2.3.4` that is not at the end",
    hint);
  expect_address_rejection("1.2.3.4::",
                           "IPv6 address `1.2.3.4::` has an IPv4 part `1.2.3.4` that is not at "
                           "the end",
                           hint);
}

TEST(Address, RejectsBadEmbeddedIpv4WithOctetMessages)
{
  expect_address_rejection("::ffff:1.2.3",
                           "IPv4 address `1.2.3` has 3 octets; it needs exactly 4",
                           "write four numbers from 0 to 255 separated by dots, e.g. `192.0.2.1`");
  expect_address_rejection("::ffff:01.2.3.4", "IPv4 octet `01` has a leading zero", "write `1`");
  expect_address_rejection(
    "::ffff:1.2.3.256", "IPv4 octet `256` is greater than 255", "write a number from 0 to 255");
  expect_address_rejection(
    "::ffff:1.2.3.a", "IPv4 octet `a` is not a decimal number", "write a number from 0 to 255");
  expect_address_rejection("::ffff:1..3.4",
                           "IPv4 address `1..3.4` has an empty octet",
                           "write a number from 0 to 255 between the dots");
}

// --- printing ---

TEST(Address, PrintsIpv4AsDottedQuad)
{
  EXPECT_EQ(Address::v4(0).to_string(), "0.0.0.0");
  EXPECT_EQ(Address::v4(0xffff'ffff).to_string(), "255.255.255.255");
  EXPECT_EQ(Address::v4(0x0a00'0001).to_string(), "10.0.0.1");
}

// RFC 5952 section 2 lists these spellings of one address; section 4 picks the canonical one.
TEST(Address, PrintsEverySpellingOfRfc5952Section2Address)
{
  for (const char* text : { "2001:db8:0:0:1:0:0:1",
                            "2001:0db8:0:0:1:0:0:1",
                            "2001:db8::1:0:0:1",
                            "2001:db8::0:1:0:0:1",
                            "2001:0db8::1:0:0:1",
                            "2001:db8:0:0:1::1",
                            "2001:db8:0000:0:1::1",
                            "2001:DB8:0:0:1::1" }) {
    EXPECT_EQ(address(text).to_string(), "2001:db8::1:0:0:1") << text;
  }
}

TEST(Address, PrintsWithoutLeadingZerosRfc5952Section41)
{
  EXPECT_EQ(address("2001:0db8::0001").to_string(), "2001:db8::1");
  EXPECT_EQ(address("2001:db8:00aa:0bbb:c:0:0:1").to_string(), "2001:db8:aa:bbb:c::1");
}

TEST(Address, CompressesAsMuchAsPossibleRfc5952Section421)
{
  EXPECT_EQ(address("2001:db8:0:0:0:0:2:1").to_string(), "2001:db8::2:1");
  EXPECT_EQ(address("2001:db8::0:1").to_string(), "2001:db8::1");
}

TEST(Address, DoesNotCompressSingleZeroGroupRfc5952Section422)
{
  EXPECT_EQ(address("2001:db8:0:1:1:1:1:1").to_string(), "2001:db8:0:1:1:1:1:1");
  EXPECT_EQ(address("2001:db8::1:1:1:1:1").to_string(), "2001:db8:0:1:1:1:1:1");
  EXPECT_EQ(address("0:1:2:3:4:5:6:7").to_string(), "0:1:2:3:4:5:6:7");
  EXPECT_EQ(address("1:2:3:4:5:6:7:0").to_string(), "1:2:3:4:5:6:7:0");
}

TEST(Address, CompressesLongestRunThenFirstRfc5952Section423)
{
  EXPECT_EQ(address("2001:0:0:1:0:0:0:1").to_string(), "2001:0:0:1::1");
  EXPECT_EQ(address("2001:db8:0:0:1:0:0:1").to_string(), "2001:db8::1:0:0:1");
  EXPECT_EQ(address("1:0:0:2:0:0:3:4").to_string(), "1::2:0:0:3:4");
  EXPECT_EQ(address("1:0:0:2:3:0:0:0").to_string(), "1:0:0:2:3::");
}

TEST(Address, PrintsLowercaseRfc5952Section43)
{
  EXPECT_EQ(address("2001:DB8::ABCD").to_string(), "2001:db8::abcd");
  EXPECT_EQ(address("FE80::A:B:C:D").to_string(), "fe80::a:b:c:d");
}

TEST(Address, PrintsIpv4MappedAsDottedQuadRfc5952Section5)
{
  EXPECT_EQ(address("::ffff:192.0.2.1").to_string(), "::ffff:192.0.2.1");
  EXPECT_EQ(address("::ffff:c000:201").to_string(), "::ffff:192.0.2.1");
  EXPECT_EQ(address("0:0:0:0:0:FFFF:0:0").to_string(), "::ffff:0.0.0.0");
  EXPECT_EQ(address("::ffff:255.255.255.255").to_string(), "::ffff:255.255.255.255");
}

TEST(Address, PrintsOtherIpv4EmbeddingsInHex)
{
  EXPECT_EQ(address("::1.2.3.4").to_string(), "::102:304");
  EXPECT_EQ(address("64:ff9b::192.0.2.33").to_string(), "64:ff9b::c000:221");
  EXPECT_EQ(address("::ffff:0:1.2.3.4").to_string(), "::ffff:0:102:304");
  EXPECT_EQ(address("::fffe:1.2.3.4").to_string(), "::fffe:102:304");
  EXPECT_EQ(address("0:0:0:0:1:ffff:1.2.3.4").to_string(), "::1:ffff:102:304");
}

TEST(Address, PrintsIpv6Boundaries)
{
  EXPECT_EQ(Address::v6(0).to_string(), "::");
  EXPECT_EQ(Address::v6(1).to_string(), "::1");
  EXPECT_EQ(Address::v6(u128_max).to_string(), "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff");
  EXPECT_EQ(Address::v6(v6_value(0x0001'0000'0000'0000, 0)).to_string(), "1::");
  EXPECT_EQ(Address::v6(v6_value(0, 0x0000'0001'0000'0000)).to_string(), "::1:0:0");
}

// Returns a random IPv6 value whose groups are zero half the time, so runs of zeros of every
// length and position occur.
u128 random_sparse_v6(std::mt19937_64& rng)
{
  u128 value = 0;
  for (int group = 0; group < 8; ++group) {
    const auto roll = rng();
    const unsigned bits = (roll & 1) != 0 ? 0 : static_cast<unsigned>(roll >> 8) & 0xffff;
    value = (value << 16) | bits;
  }
  return value;
}

TEST(Address, RoundTripsRandomAddresses)
{
  std::mt19937_64 rng(5952);
  for (int i = 0; i < 20000; ++i) {
    const Address v4 = Address::v4(static_cast<std::uint32_t>(rng()));
    const Address v6 = Address::v6(i % 2 == 0 ? random_sparse_v6(rng) : v6_value(rng(), rng()));
    for (const Address& original : { v4, v6 }) {
      const auto text = original.to_string();
      const auto parsed = Address::parse(text);
      ASSERT_TRUE(parsed.has_value()) << text << ": " << parsed.error().message;
      EXPECT_EQ(*parsed, original) << text;
      EXPECT_EQ(parsed->to_string(), text);
    }
  }
}

// Prints like RFC 5952 by the slow, obvious route, to cross-check the printer.
std::string reference_v6_text(u128 value)
{
  if ((value >> 32) == 0xffff) {
    return "::ffff:" + Address::v4(static_cast<std::uint32_t>(value)).to_string();
  }
  std::vector<std::string> groups;
  for (int i = 7; i >= 0; --i) {
    char buffer[8];
    std::snprintf(buffer, sizeof buffer, "%x", static_cast<unsigned>(value >> (16 * i)) & 0xffff);
    groups.emplace_back(buffer);
  }
  // Try the longest zero runs first, leftmost first, at least two long.
  for (int length = 8; length >= 2; --length) {
    for (int start = 0; start + length <= 8; ++start) {
      bool zeros = true;
      for (int i = start; i < start + length; ++i) {
        zeros = zeros && groups[static_cast<std::size_t>(i)] == "0";
      }
      if (!zeros) {
        continue;
      }
      std::string left;
      std::string right;
      for (int i = 0; i < start; ++i) {
        left += (i ? ":" : "") + groups[static_cast<std::size_t>(i)];
      }
      for (int i = start + length; i < 8; ++i) {
        right += (i > start + length ? ":" : "") + groups[static_cast<std::size_t>(i)];
      }
      return left + "::" + right;
    }
  }
  std::string out;
  for (int i = 0; i < 8; ++i) {
    out += (i ? ":" : "") + groups[static_cast<std::size_t>(i)];
  }
  return out;
}

TEST(Address, PrintsLikeReferenceOnRandomSparseAddresses)
{
  std::mt19937_64 rng(4291);
  for (int i = 0; i < 20000; ++i) {
    const u128 value = random_sparse_v6(rng);
    ASSERT_EQ(Address::v6(value).to_string(), reference_v6_text(value));
  }
  // Every pattern of zero and non-zero groups.
  for (unsigned mask = 0; mask < 256; ++mask) {
    u128 value = 0;
    for (int group = 0; group < 8; ++group) {
      value = (value << 16) | ((mask >> group) & 1 ? 0xab : 0);
    }
    ASSERT_EQ(Address::v6(value).to_string(), reference_v6_text(value));
  }
}

// Builds random text from the characters addresses are made of, biased towards near-valid.
std::string random_address_text(std::mt19937_64& rng)
{
  static constexpr std::string_view pieces[] = { "0",  "1",   "9",       "a",     "F",     "00",
                                                 "10", "255", "256",     "ffff",  "12345", ":",
                                                 "::", ".",   "1.2.3.4", "ffff:", "0:",    "01" };
  std::string text;
  const auto count = 1 + rng() % 10;
  for (std::size_t i = 0; i < count; ++i) {
    text += pieces[rng() % std::size(pieces)];
  }
  return text;
}

TEST(Address, AgreesWithInetPtonOnRandomText)
{
  std::mt19937_64 rng(1884);
  int accepted = 0;
  for (int i = 0; i < 200000; ++i) {
    const auto text = random_address_text(rng);
    const bool v6 = text.find(':') != std::string::npos;
    unsigned char bytes[16] = {};
    const bool ok = inet_pton(v6 ? AF_INET6 : AF_INET, text.c_str(), bytes) == 1;
    const auto parsed = Address::parse(text);
    ASSERT_EQ(parsed.has_value(), ok)
      << "`" << text << "`: " << (parsed ? parsed->to_string() : parsed.error().message);
    if (ok) {
      ++accepted;
      u128 value = 0;
      for (int b = 0; b < (v6 ? 16 : 4); ++b) {
        value = (value << 8) | bytes[b];
      }
      ASSERT_EQ(*parsed, Address(v6 ? Family::ipv6 : Family::ipv4, value)) << text;
    }
  }
  EXPECT_GT(accepted, 1000); // the generator must reach valid addresses too
}

// --- arithmetic ---

TEST(Address, PlusAddsWithinFamily)
{
  EXPECT_EQ(address("10.0.0.1").plus(1).value(), address("10.0.0.2"));
  EXPECT_EQ(address("10.0.0.255").plus(1).value(), address("10.0.1.0"));
  EXPECT_EQ(address("fd00::ffff").plus(1).value(), address("fd00::1:0"));
  EXPECT_EQ(address("::ffff:ffff:ffff:ffff").plus(1).value(), address("0:0:0:1::"));
  EXPECT_EQ(address("fd00::1").plus(0).value(), address("fd00::1"));
}

TEST(Address, PlusReachesTheTopOfTheSpaceExactly)
{
  EXPECT_EQ(Address::v4(0).plus(0xffff'ffff).value(), address("255.255.255.255"));
  EXPECT_EQ(address("255.255.255.254").plus(1).value(), address("255.255.255.255"));
  EXPECT_EQ(Address::v6(0).plus(u128_max).value(), Address::v6(u128_max));
  EXPECT_EQ(Address::v6(u128_max - 1).plus(1).value(), Address::v6(u128_max));
}

TEST(Address, PlusRejectsWrapPastIpv4Max)
{
  const auto wrapped = address("255.255.255.255").plus(1);
  ASSERT_FALSE(wrapped.has_value());
  EXPECT_EQ(wrapped.error().message, "`255.255.255.255` plus 1 is past the last IPv4 address");
  EXPECT_EQ(wrapped.error().hint, "the largest offset from `255.255.255.255` is 0");

  const auto big = address("10.0.0.0").plus(u128{ 1 } << 32);
  ASSERT_FALSE(big.has_value());
  EXPECT_EQ(big.error().message, "`10.0.0.0` plus 4294967296 is past the last IPv4 address");
  EXPECT_EQ(big.error().hint, "the largest offset from `10.0.0.0` is 4127195135");
}

TEST(Address, PlusRejectsWrapPastIpv6Max)
{
  const auto wrapped = Address::v6(u128_max).plus(1);
  ASSERT_FALSE(wrapped.has_value());
  EXPECT_EQ(wrapped.error().message,
            "`ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff` plus 1 is past the last IPv6 address");
  EXPECT_EQ(wrapped.error().hint,
            "the largest offset from `ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff` is 0");

  const auto huge = address("::1").plus(u128_max);
  ASSERT_FALSE(huge.has_value());
  EXPECT_EQ(huge.error().message,
            "`::1` plus 340282366920938463463374607431768211455 is past the last IPv6 address");
  EXPECT_EQ(huge.error().hint,
            "the largest offset from `::1` is 340282366920938463463374607431768211454");
}

TEST(Address, PlusKeepsIpv4MappedAddressesInIpv6)
{
  const auto next = address("::ffff:255.255.255.255").plus(1);
  ASSERT_TRUE(next.has_value());
  EXPECT_EQ(next->family(), Family::ipv6);
  EXPECT_EQ(next->to_string(), "::1:0:0:0");
}

} // namespace
} // namespace dualstack::net
