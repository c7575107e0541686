// Text helpers shared by the net parsers: quoting offending text and printing 128-bit numbers.
#pragma once

#include <dualstack/net/address.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace dualstack::net::detail {

// Returns `text` in backticks for an error message, with control and non-ASCII bytes escaped
// (`\t`, `\xNN`) and anything past 64 bytes cut to "...", so messages stay one readable line.
std::string quote(std::string_view text);

// Returns `value` in decimal.
std::string to_decimal(u128 value);

// Returns true if `c` is an ASCII space, tab, newline, carriage return, vertical tab or form feed.
bool is_space(char c);

// Returns an error if `text` is empty or holds whitespace; `noun` names what was expected
// ("address", "prefix") and `example` is a valid one for the hint.
std::optional<ParseError> check_blank(std::string_view text,
                                      std::string_view noun,
                                      std::string_view example);

// Returns a mask with the low `host_bits` bits set (0..128).
constexpr u128 low_bits(int host_bits)
{
  return host_bits >= 128 ? ~u128{ 0 } : (u128{ 1 } << host_bits) - 1;
}

} // namespace dualstack::net::detail
