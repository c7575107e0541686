// IPv4 and IPv6 addresses: strict parsing, RFC 5952 printing, 128-bit safe arithmetic.
#include <dualstack/net/address.hpp>
#include <dualstack/net/detail.hpp>

#include <algorithm>
#include <array>
#include <optional>
#include <stdexcept>

namespace dualstack::net {

namespace {

using detail::quote;

constexpr std::uint32_t max_v4 = 0xffff'ffff;
constexpr std::string_view any_address_example = "`192.0.2.1` or `2001:db8::1`";

tl::unexpected<ParseError> fail(std::string message, std::string hint)
{
  return tl::unexpected(ParseError{ std::move(message), std::move(hint) });
}

bool is_digit(char c)
{
  return c >= '0' && c <= '9';
}

bool is_hex(char c)
{
  return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

unsigned hex_value(char c)
{
  if (is_digit(c)) {
    return static_cast<unsigned>(c - '0');
  }
  return static_cast<unsigned>((c | 0x20) - 'a' + 10);
}

// Parses one decimal IPv4 octet: digits only, no leading zero, at most 255.
tl::expected<std::uint32_t, ParseError> parse_octet(std::string_view octet)
{
  if (!std::all_of(octet.begin(), octet.end(), is_digit)) {
    return fail("IPv4 octet " + quote(octet) + " is not a decimal number",
                "write a number from 0 to 255");
  }
  const auto nonzero = octet.find_first_not_of('0');
  const std::string_view digits =
    nonzero == std::string_view::npos ? octet.substr(octet.size() - 1) : octet.substr(nonzero);
  std::uint32_t value = 0;
  for (const char c : digits.substr(0, 4)) {
    value = value * 10 + static_cast<std::uint32_t>(c - '0');
  }
  if (digits.size() > 3 || value > 255) {
    return fail("IPv4 octet " + quote(octet) + " is greater than 255",
                "write a number from 0 to 255");
  }
  if (digits.size() != octet.size()) {
    return fail("IPv4 octet " + quote(octet) + " has a leading zero", "write " + quote(digits));
  }
  return value;
}

// The common case in one pass: a plain dotted quad ("10.244.3.17"). Anything else, valid or
// not, returns nullopt and takes the checked path, which also explains what is wrong. Verify
// parses hundreds of thousands of pod IPs; the checked path's searches cost it 5%.
std::optional<std::uint32_t> parse_plain_v4(std::string_view text)
{
  if (text.size() < 7 || text.size() > 15) {
    return std::nullopt;
  }
  std::uint32_t value = 0;
  std::uint32_t octet = 0;
  unsigned digits = 0;
  unsigned dots = 0;
  for (const char c : text) {
    if (is_digit(c)) {
      if (digits == 1 && octet == 0) {
        return std::nullopt; // a leading zero
      }
      octet = octet * 10 + static_cast<std::uint32_t>(c - '0');
      if (++digits > 3 || octet > 255) {
        return std::nullopt;
      }
    } else if (c == '.' && digits > 0 && dots < 3) {
      value = value << 8 | octet;
      octet = 0;
      digits = 0;
      ++dots;
    } else {
      return std::nullopt;
    }
  }
  if (dots != 3 || digits == 0) {
    return std::nullopt;
  }
  return value << 8 | octet;
}

// Parses a dotted quad; `text` holds only the IPv4 part (alone or as an IPv6 tail).
tl::expected<std::uint32_t, ParseError> parse_v4(std::string_view text)
{
  std::uint32_t value = 0;
  std::size_t count = 0;
  std::size_t start = 0;
  while (true) {
    const auto dot = text.find('.', start);
    const auto octet = text.substr(start, dot == std::string_view::npos ? dot : dot - start);
    if (octet.empty()) {
      return fail("IPv4 address " + quote(text) + " has an empty octet",
                  "write a number from 0 to 255 between the dots");
    }
    const auto parsed = parse_octet(octet);
    if (!parsed) {
      return tl::unexpected(parsed.error());
    }
    value = (value << 8) | *parsed;
    ++count;
    if (dot == std::string_view::npos) {
      break;
    }
    start = dot + 1;
  }
  if (count != 4) {
    return fail("IPv4 address " + quote(text) + " has " + std::to_string(count) +
                  (count == 1 ? " octet" : " octets") + "; it needs exactly 4",
                "write four numbers from 0 to 255 separated by dots, e.g. `192.0.2.1`");
  }
  return value;
}

// Collects 16-bit groups of one side of an IPv6 address (before or after "::").
struct Groups
{
  std::array<std::uint16_t, 8> values{};
  std::size_t count = 0; // may exceed 8; only the first 8 are stored

  void push(std::uint16_t group)
  {
    if (count < values.size()) {
      values[count] = group;
    }
    ++count;
  }
};

// Parses the colon-separated groups of `part` (a side of "::", or the whole address when it
// has none) into `out`. `text` is the whole address for messages; `at_end` says whether `part`
// ends the address, the only place an IPv4 tail may stand.
std::optional<ParseError> parse_groups(std::string_view text,
                                       std::string_view part,
                                       bool at_end,
                                       Groups& out)
{
  if (part.empty()) {
    return std::nullopt;
  }
  std::size_t start = 0;
  while (true) {
    const auto colon = part.find(':', start);
    const auto group = part.substr(start, colon == std::string_view::npos ? colon : colon - start);
    const bool last = colon == std::string_view::npos;
    if (group.empty()) {
      // "::" was split off already and ":::" rejected, so an empty group is a lone colon at
      // either end.
      if (start == 0 && part.data() == text.data()) {
        return ParseError{ "IPv6 address " + quote(text) + " starts with a single `:`",
                           "write `::` or remove the leading `:`" };
      }
      return ParseError{ "IPv6 address " + quote(text) + " ends with a single `:`",
                         "write `::` or remove the trailing `:`" };
    }
    if (group.find('.') != std::string_view::npos) {
      if (!last || !at_end) {
        return ParseError{ "IPv6 address " + quote(text) + " has an IPv4 part " + quote(group) +
                             " that is not at the end",
                           "write the dotted IPv4 part last, e.g. `::ffff:192.0.2.1`" };
      }
      const auto v4 = parse_v4(group);
      if (!v4) {
        return v4.error();
      }
      out.push(static_cast<std::uint16_t>(*v4 >> 16));
      out.push(static_cast<std::uint16_t>(*v4 & 0xffff));
    } else {
      if (group.size() > 4) {
        return ParseError{ "IPv6 group " + quote(group) + " has more than 4 hex digits",
                           "write at most 4 hex digits per group" };
      }
      unsigned value = 0;
      for (const char c : group) {
        value = (value << 4) | hex_value(c);
      }
      out.push(static_cast<std::uint16_t>(value));
    }
    if (last) {
      return std::nullopt;
    }
    start = colon + 1;
  }
}

tl::expected<u128, ParseError> parse_v6(std::string_view text)
{
  for (const char c : text) {
    if (!is_hex(c) && c != ':' && c != '.') {
      return fail("IPv6 address " + quote(text) + " has an invalid character " +
                    quote(std::string_view(&c, 1)),
                  "write groups of hex digits (0-9, a-f) separated by colons");
    }
  }
  if (text.find(":::") != std::string_view::npos) {
    return fail("IPv6 address " + quote(text) + " has `:::`",
                "write `::` for a run of zero groups");
  }
  const auto gap = text.find("::");
  if (gap != std::string_view::npos && text.find("::", gap + 2) != std::string_view::npos) {
    return fail("IPv6 address " + quote(text) + " has more than one `::`",
                "use `::` once and write the other zero groups as `0`");
  }

  Groups head;
  Groups tail;
  if (gap == std::string_view::npos) {
    if (auto error = parse_groups(text, text, true, head)) {
      return tl::unexpected(*error);
    }
    if (head.count != 8) {
      return fail("IPv6 address " + quote(text) + " has " + std::to_string(head.count) +
                    (head.count == 1 ? " group" : " groups") + "; it needs 8",
                  head.count < 8 ? "write all 8 groups, or `::` for a run of zero groups"
                                 : "remove the extra groups");
    }
  } else {
    if (auto error = parse_groups(text, text.substr(0, gap), false, head)) {
      return tl::unexpected(*error);
    }
    if (auto error = parse_groups(text, text.substr(gap + 2), true, tail)) {
      return tl::unexpected(*error);
    }
    const auto count = head.count + tail.count;
    if (count > 7) {
      return fail("IPv6 address " + quote(text) + " has " + std::to_string(count) +
                    " groups and a `::`; it can have at most 7 with `::`",
                  count == 8 ? "remove the `::`" : "remove the extra groups");
    }
  }

  u128 value = 0;
  for (std::size_t i = 0; i < head.count; ++i) {
    value = (value << 16) | head.values[i];
  }
  const auto zero_groups = 8 - head.count - tail.count;
  if (zero_groups < 8) { // "::" alone is all zeros; shifting a u128 by 128 is undefined
    value <<= 16 * zero_groups;
  }
  for (std::size_t i = 0; i < tail.count; ++i) {
    value = (value << 16) | tail.values[i];
  }
  return value;
}

// Returns an error for brackets ("[fd00::1]", "[fd00::1]:443").
ParseError bracket_error(std::string_view text)
{
  const auto close = text.find(']');
  if (text.front() == '[' && close != std::string_view::npos && close + 1 < text.size() &&
      text[close + 1] == ':') {
    return { "address " + quote(text) + " has brackets and a port",
             "remove the brackets and the port: write " + quote(text.substr(1, close - 1)) };
  }
  std::string inner;
  std::copy_if(text.begin(), text.end(), std::back_inserter(inner), [](char c) {
    return c != '[' && c != ']';
  });
  return { "address " + quote(text) + " has brackets",
           "remove the brackets: write " + quote(inner) };
}

void append_hex_group(std::string& out, unsigned group)
{
  static constexpr char hex[] = "0123456789abcdef";
  bool started = false;
  for (int shift = 12; shift >= 0; shift -= 4) {
    const unsigned digit = (group >> shift) & 0xf;
    if (digit != 0 || started || shift == 0) {
      out += hex[digit];
      started = true;
    }
  }
}

std::string v4_to_string(std::uint32_t value)
{
  std::string out;
  out.reserve(15);
  for (int shift = 24; shift >= 0; shift -= 8) {
    out += std::to_string((value >> shift) & 0xff);
    if (shift != 0) {
      out += '.';
    }
  }
  return out;
}

std::string v6_to_string(u128 value)
{
  // IPv4-mapped addresses (::ffff:0:0/96) print their low 32 bits as a dotted quad.
  if ((value >> 32) == 0xffff) {
    return "::ffff:" + v4_to_string(static_cast<std::uint32_t>(value));
  }
  std::array<unsigned, 8> groups{};
  for (std::size_t i = 0; i < 8; ++i) {
    groups[i] = static_cast<unsigned>(value >> (16 * (7 - i))) & 0xffff;
  }
  // Longest run of two or more zero groups, the first one on ties (RFC 5952 section 4.2).
  std::size_t best_start = 8;
  std::size_t best_length = 1;
  for (std::size_t i = 0; i < 8;) {
    if (groups[i] != 0) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < 8 && groups[j] == 0) {
      ++j;
    }
    if (j - i > best_length) {
      best_start = i;
      best_length = j - i;
    }
    i = j;
  }
  std::string out;
  out.reserve(39);
  for (std::size_t i = 0; i < 8; ++i) {
    if (i == best_start) {
      out += "::";
      i += best_length - 1;
      continue;
    }
    if (i != 0 && i != best_start + best_length) {
      out += ':';
    }
    append_hex_group(out, groups[i]);
  }
  return out;
}

} // namespace

Address::Address(Family family, u128 value)
  : m_family(family)
  , m_value(value)
{
  if (family == Family::ipv4 && value > max_v4) {
    throw std::invalid_argument("IPv4 address value " + detail::to_decimal(value) +
                                " does not fit in 32 bits");
  }
}

Address Address::v4(std::uint32_t value)
{
  return Address(Family::ipv4, value);
}

Address Address::v6(u128 value)
{
  return Address(Family::ipv6, value);
}

tl::expected<Address, ParseError> Address::parse(std::string_view text)
{
  if (const auto plain = parse_plain_v4(text)) {
    return Address::v4(*plain);
  }
  if (auto error = detail::check_blank(text, "address", any_address_example)) {
    return tl::unexpected(*error);
  }
  if (text.find_first_of("[]") != std::string_view::npos) {
    return tl::unexpected(bracket_error(text));
  }
  if (const auto zone = text.find('%'); zone != std::string_view::npos) {
    return fail("address " + quote(text) + " has a zone id; zone ids are not allowed",
                "remove " + quote(text.substr(zone)));
  }
  if (const auto slash = text.find('/'); slash != std::string_view::npos) {
    return fail("address " + quote(text) + " has a prefix length",
                "remove " + quote(text.substr(slash)));
  }
  if (const auto colon = text.find(':'); colon != std::string_view::npos) {
    // "192.0.2.1:80" is an IPv4 address with a port, not a broken IPv6 address.
    if (text.find(':', colon + 1) == std::string_view::npos &&
        text.substr(0, colon).find('.') != std::string_view::npos &&
        parse_v4(text.substr(0, colon))) {
      return fail("address " + quote(text) + " has a port", "remove " + quote(text.substr(colon)));
    }
    const auto value = parse_v6(text);
    if (!value) {
      return tl::unexpected(value.error());
    }
    return Address::v6(*value);
  }
  // Anything starting with a digit or made of digits and dots is meant as IPv4; report its
  // octets rather than calling it "not an IP address".
  const bool looks_v4 =
    is_digit(text.front()) || text.find_first_not_of("0123456789.") == std::string_view::npos;
  if (!looks_v4) {
    return fail(quote(text) + " is not an IP address",
                "write an IPv4 address such as `192.0.2.1` or an IPv6 address such as "
                "`2001:db8::1`");
  }
  const auto value = parse_v4(text);
  if (!value) {
    return tl::unexpected(value.error());
  }
  return Address::v4(*value);
}

tl::expected<Address, ParseError> Address::plus(u128 offset) const
{
  const u128 max = m_family == Family::ipv4 ? u128{ max_v4 } : ~u128{ 0 };
  if (offset > max - m_value) {
    return fail(quote(to_string()) + " plus " + detail::to_decimal(offset) + " is past the last " +
                  std::string(display_name(m_family)) + " address",
                "the largest offset from " + quote(to_string()) + " is " +
                  detail::to_decimal(max - m_value));
  }
  return Address(m_family, m_value + offset);
}

std::string Address::to_string() const
{
  return m_family == Family::ipv4 ? v4_to_string(static_cast<std::uint32_t>(m_value))
                                  : v6_to_string(m_value);
}

} // namespace dualstack::net
