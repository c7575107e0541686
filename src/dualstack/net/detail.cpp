// Text helpers shared by the net parsers.
#include <dualstack/net/detail.hpp>

#include <algorithm>
#include <array>

namespace dualstack::net::detail {

namespace {

constexpr std::size_t max_quoted = 64;

// Returns "write a prefix such as `10.0.0.0/8`" or "write an address such as ...".
std::string write_one(std::string_view noun, std::string_view example)
{
  const bool vowel =
    !noun.empty() && std::string_view("aeiou").find(noun[0]) != std::string_view::npos;
  return "write " + std::string(vowel ? "an " : "a ") + std::string(noun) + " such as " +
         std::string(example);
}

} // namespace

std::string quote(std::string_view text)
{
  static constexpr char hex[] = "0123456789abcdef";
  std::string out = "`";
  const bool cut = text.size() > max_quoted;
  for (const char c : text.substr(0, max_quoted)) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '\t') {
      out += "\\t";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (byte < 0x20 || byte >= 0x7f) {
      out += "\\x";
      out += hex[byte >> 4];
      out += hex[byte & 0xf];
    } else {
      out += c;
    }
  }
  if (cut) {
    out += "...";
  }
  out += '`';
  return out;
}

std::string to_decimal(u128 value)
{
  std::array<char, 40> digits{}; // u128 max has 39 decimal digits
  std::size_t n = 0;
  do {
    digits[n++] = static_cast<char>('0' + static_cast<int>(value % 10));
    value /= 10;
  } while (value != 0);
  std::string out(digits.data(), n);
  std::reverse(out.begin(), out.end());
  return out;
}

bool is_space(char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

std::optional<ParseError> check_blank(std::string_view text,
                                      std::string_view noun,
                                      std::string_view example)
{
  if (text.empty()) {
    return ParseError{ "empty " + std::string(noun), write_one(noun, example) };
  }
  if (std::none_of(text.begin(), text.end(), is_space)) {
    return std::nullopt;
  }
  const auto first = std::find_if_not(text.begin(), text.end(), is_space);
  const auto last = std::find_if_not(text.rbegin(), text.rend(), is_space).base();
  if (first >= last) {
    return ParseError{ std::string(noun) + " " + quote(text) + " is only whitespace",
                       write_one(noun, example) };
  }
  const std::string_view inner(&*first, static_cast<std::size_t>(last - first));
  if (std::none_of(inner.begin(), inner.end(), is_space)) {
    return ParseError{ std::string(noun) + " " + quote(text) + " has surrounding whitespace",
                       "remove it: write " + quote(inner) };
  }
  return ParseError{ std::string(noun) + " " + quote(text) + " contains whitespace",
                     "remove the whitespace" };
}

} // namespace dualstack::net::detail
