// Fuzzes Address::parse, Prefix::parse and parse_interface_address; aborts when a parsed value
// does not survive printing and parsing again, or when the parsers disagree with each other.
#include <dualstack/net/address.hpp>
#include <dualstack/net/prefix.hpp>

#include <arpa/inet.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

using namespace dualstack::net;

namespace {

void check(bool ok, const char* what, std::string_view input)
{
  if (!ok) {
    std::fprintf(stderr,
                 "address_fuzz: %s for input of %zu bytes: %.*s\n",
                 what,
                 input.size(),
                 static_cast<int>(input.size()),
                 input.data());
    std::abort();
  }
}

void check_error(const ParseError& error, std::string_view input)
{
  check(!error.message.empty(), "empty error message", input);
  check(error.message.find('\n') == std::string::npos, "newline in error message", input);
  check(error.hint.find('\n') == std::string::npos, "newline in hint", input);
}

void check_address(const Address& address, std::string_view input)
{
  const auto text = address.to_string();
  const auto again = Address::parse(text);
  check(again && *again == address, "address does not round-trip", input);
  check(again->to_string() == text, "address printing is not stable", input);
  if (address.family() == Family::ipv4) {
    check(address.value() <= 0xffff'ffffu, "IPv4 value above 32 bits", input);
  }
  const auto next = address.plus(1);
  const bool at_top =
    address.value() == (address.family() == Family::ipv4 ? u128{ 0xffff'ffffu } : ~u128{ 0 });
  check(next.has_value() != at_top, "plus(1) disagrees with the top of the space", input);
  if (next) {
    check(*next > address && next->family() == address.family(), "plus(1) did not go up", input);
  }
}

void check_prefix(const Prefix& prefix, std::string_view input)
{
  const auto text = prefix.to_string();
  const auto again = Prefix::parse(text);
  check(again && *again == prefix, "prefix does not round-trip", input);
  check(again->to_string() == text, "prefix printing is not stable", input);
  check(Prefix::masked(prefix.network(), prefix.length()) == prefix, "prefix is not masked", input);
  check(prefix.contains(prefix.network()) && prefix.contains(prefix.last()),
        "prefix does not contain its ends",
        input);
  check(
    prefix.contains(prefix) && prefix.overlaps(prefix), "prefix does not contain itself", input);
  check(prefix.nth(0) == prefix.network(), "nth(0) is not the network", input);
  const u128 last_offset = prefix.last().value() - prefix.network().value();
  check(prefix.nth(last_offset) == prefix.last(), "nth(last) is not last()", input);
  check(last_offset == ~u128{ 0 } || !prefix.nth(last_offset + 1), "nth past the end", input);
  check(prefix.size() == (last_offset == ~u128{ 0 } ? last_offset : last_offset + 1),
        "size() disagrees with last()",
        input);
  if (prefix.length() > 0) {
    const auto parent = Prefix::masked(prefix.network(), prefix.length() - 1);
    check(parent.contains(prefix) && !prefix.contains(parent), "parent containment", input);
  }
}

// Compares Address::parse with the C library's inet_pton, which is just as strict for plain
// addresses (no leading zeros in IPv4, at most 4 hex digits per group, one "::").
void check_against_inet_pton(const tl::expected<Address, ParseError>& address,
                             std::string_view input)
{
  if (input.find('\0') != std::string_view::npos) {
    return;
  }
  const std::string text(input);
  unsigned char bytes[16] = {};
  const bool v6 = text.find(':') != std::string::npos;
  const bool ok = inet_pton(v6 ? AF_INET6 : AF_INET, text.c_str(), bytes) == 1;
  check(ok == address.has_value(), "Address::parse and inet_pton disagree on validity", input);
  if (ok) {
    u128 value = 0;
    for (int i = 0; i < (v6 ? 16 : 4); ++i) {
      value = (value << 8) | bytes[i];
    }
    check(address->family() == (v6 ? Family::ipv6 : Family::ipv4) && address->value() == value,
          "Address::parse and inet_pton disagree on the value",
          input);
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  const std::string_view input(reinterpret_cast<const char*>(data), size);

  const auto address = Address::parse(input);
  if (address) {
    check_address(*address, input);
  } else {
    check_error(address.error(), input);
  }
  check_against_inet_pton(address, input);

  const auto prefix = Prefix::parse(input);
  if (prefix) {
    check_prefix(*prefix, input);
  } else {
    check_error(prefix.error(), input);
  }

  const auto interface = parse_interface_address(input);
  if (interface) {
    check_address(interface->address, input);
    check_prefix(interface->prefix, input);
    check(interface->prefix.contains(interface->address), "interface outside its prefix", input);
    check(Prefix::masked(interface->address, interface->prefix.length()) == interface->prefix,
          "interface prefix is not the masked address",
          input);
    const auto text =
      interface->address.to_string() + "/" + std::to_string(interface->prefix.length());
    const auto again = parse_interface_address(text);
    check(again && again->address == interface->address && again->prefix == interface->prefix,
          "interface address does not round-trip",
          input);
    // A prefix parses exactly when the interface address has no host bits.
    check(prefix.has_value() == (interface->address == interface->prefix.network()),
          "Prefix::parse and parse_interface_address disagree",
          input);
  } else {
    check_error(interface.error(), input);
    check(!prefix, "prefix parsed but interface address did not", input);
  }
  // A bare address is never a prefix, and a prefix is never a bare address.
  check(!(address && prefix), "text parsed as both address and prefix", input);
  return 0;
}
