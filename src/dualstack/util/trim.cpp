#include <dualstack/util/trim.hpp>

namespace dualstack::util {

namespace {

bool is_trim_space(char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

} // namespace

std::string_view trim(std::string_view text)
{
  while (!text.empty() && is_trim_space(text.front()))
    text.remove_prefix(1);
  while (!text.empty() && is_trim_space(text.back()))
    text.remove_suffix(1);
  return text;
}

} // namespace dualstack::util
