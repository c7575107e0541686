// List renderings for findings.
#include <dualstack/verify/text.hpp>

namespace dualstack::verify {

namespace {

template<typename T, typename Show>
std::string join(const std::vector<T>& items, Show show)
{
  if (items.empty()) {
    return "none";
  }
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) {
      out += ", ";
    }
    out += show(item);
  }
  return out;
}

} // namespace

std::string join_or_none(const std::vector<std::string>& items)
{
  return join(items, [](const std::string& s) { return s; });
}

std::string join_or_none(const std::vector<std::string_view>& items)
{
  return join(items, [](std::string_view s) { return std::string(s); });
}

std::string join_or_none(const std::vector<net::Address>& items)
{
  return join(items, [](const net::Address& a) { return a.to_string(); });
}

std::string join_or_none(const std::vector<net::Prefix>& items)
{
  return join(items, [](const net::Prefix& p) { return p.to_string(); });
}

} // namespace dualstack::verify
