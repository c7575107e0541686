// Typed, positioned reading of the rendered Calico objects' YAML.
#include <dualstack/lab/calico_yaml.hpp>

#include <dualstack/util/edit_distance.hpp>

#include <fmt/format.h>

#include <cctype>
#include <charconv>
#include <cmath>
#include <optional>
#include <string_view>

namespace dualstack::lab {

using Error = CalicoYamlReader::Error;

tl::unexpected<Error> CalicoYamlReader::error(const YAML::Node& at,
                                              const std::string& message) const
{
  const YAML::Mark mark = at.Mark();
  if (mark.is_null())
    return tl::unexpected(fmt::format("{}: {}", m_path, message));
  return tl::unexpected(
    fmt::format("{}:{}:{}: {}", m_path, mark.line + 1, mark.column + 1, message));
}

std::string CalicoYamlReader::where(const YAML::Node& at) const
{
  const YAML::Mark mark = at.Mark();
  return mark.is_null() ? m_path : fmt::format("{}:{}:{}", m_path, mark.line + 1, mark.column + 1);
}

tl::expected<std::string, Error> CalicoYamlReader::scalar(const YAML::Node& node,
                                                          const std::string& what) const
{
  if (!node.IsScalar())
    return error(node, fmt::format("{} must be a single value", what));
  return node.Scalar();
}

tl::expected<bool, Error> CalicoYamlReader::flag(const YAML::Node& node,
                                                 const std::string& what) const
{
  auto text = scalar(node, what);
  if (!text)
    return tl::unexpected(text.error());
  if (*text == "true")
    return true;
  if (*text == "false")
    return false;
  return error(node, fmt::format("{} must be true or false, not `{}`", what, *text));
}

tl::expected<long long, Error> CalicoYamlReader::integer(const YAML::Node& node,
                                                         const std::string& what,
                                                         long long min,
                                                         long long max) const
{
  auto text = scalar(node, what);
  if (!text)
    return tl::unexpected(text.error());
  long long value = 0;
  const char* end = text->data() + text->size();
  const auto [ptr, ec] = std::from_chars(text->data(), end, value);
  if (ec != std::errc() || ptr != end || value < min || value > max)
    return error(
      node,
      fmt::format("{} must be a whole number from {} to {}, not `{}`", what, min, max, *text));
  return value;
}

// An AS number: plain (0-4294967295) or dotted ("1.10", RFC 5396), as numorstring.ASNumber.
tl::expected<std::uint32_t, Error> CalicoYamlReader::as_number(const YAML::Node& node,
                                                               const std::string& what) const
{
  auto text = scalar(node, what);
  if (!text)
    return tl::unexpected(text.error());
  const std::size_t dot = text->find('.');
  const auto part = [&](std::string_view s, std::uint64_t max) -> std::optional<std::uint64_t> {
    std::uint64_t v = 0;
    const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (s.empty() || ec != std::errc() || ptr != s.data() + s.size() || v > max)
      return std::nullopt;
    return v;
  };
  const std::string_view t = *text;
  if (dot == std::string::npos) {
    if (auto v = part(t, 0xffffffffULL))
      return static_cast<std::uint32_t>(*v);
  } else if (auto hi = part(t.substr(0, dot), 0xffff)) {
    if (auto lo = part(t.substr(dot + 1), 0xffff))
      return static_cast<std::uint32_t>((*hi << 16) | *lo);
  }
  return error(node,
               fmt::format("{} must be an AS number (e.g. 64512 or 1.10), not `{}`", what, *text));
}

// A Go duration (metav1.Duration: "120s", "2m", "1m30s", "500ms") in whole seconds, rounded as
// confd rounds it.
tl::expected<int, Error> CalicoYamlReader::seconds(const YAML::Node& node,
                                                   const std::string& what) const
{
  auto text = scalar(node, what);
  if (!text)
    return tl::unexpected(text.error());
  static const std::map<std::string, double> units{
    { "h", 3600 }, { "m", 60 }, { "s", 1 }, { "ms", 0.001 }
  };
  double total = 0;
  std::string_view rest = *text;
  while (!rest.empty()) {
    std::size_t n = 0;
    while (n < rest.size() && (std::isdigit(static_cast<unsigned char>(rest[n])) || rest[n] == '.'))
      ++n;
    std::size_t u = n;
    while (u < rest.size() && std::isalpha(static_cast<unsigned char>(rest[u])))
      ++u;
    double value = 0;
    const auto [ptr, ec] = std::from_chars(rest.data(), rest.data() + n, value);
    const auto unit = units.find(std::string(rest.substr(n, u - n)));
    if (n == 0 || ec != std::errc() || ptr != rest.data() + n || unit == units.end())
      return error(node,
                   fmt::format("{} must be a duration such as 120s or 2m, not `{}`", what, *text));
    total += value * unit->second;
    rest = rest.substr(u);
  }
  if (text->empty() || total > 1e9)
    return error(node,
                 fmt::format("{} must be a duration such as 120s or 2m, not `{}`", what, *text));
  return static_cast<int>(std::lround(total));
}

tl::expected<Address, Error> CalicoYamlReader::address(const YAML::Node& node,
                                                       const std::string& what) const
{
  auto text = scalar(node, what);
  if (!text)
    return tl::unexpected(text.error());
  auto a = Address::parse(*text);
  if (!a)
    return error(node, fmt::format("{} `{}`: {}", what, *text, a.error().message));
  return *a;
}

tl::expected<Prefix, Error> CalicoYamlReader::prefix(const YAML::Node& node,
                                                     const std::string& what) const
{
  auto text = scalar(node, what);
  if (!text)
    return tl::unexpected(text.error());
  auto p = Prefix::parse(*text);
  if (!p)
    return error(node, fmt::format("{} `{}`: {}", what, *text, p.error().message));
  return *p;
}

tl::expected<CalicoSelector, Error> CalicoYamlReader::selector(const YAML::Node& node,
                                                               const std::string& what) const
{
  auto text = scalar(node, what);
  if (!text)
    return tl::unexpected(text.error());
  auto s = CalicoSelector::parse(*text);
  if (!s)
    return error(node, fmt::format("{}: {}", what, s.error()));
  return *s;
}

// A list of {cidr: ...} blocks (serviceClusterIPs and its siblings).
tl::expected<std::vector<Prefix>, Error> CalicoYamlReader::cidr_blocks(
  const YAML::Node& node,
  const std::string& what) const
{
  if (!node.IsSequence())
    return error(node, fmt::format("{} must be a list of {{cidr: ...}}", what));
  std::vector<Prefix> out;
  for (const auto& item : node) {
    if (!item.IsMap() || item.size() != 1 || !item["cidr"])
      return error(item, fmt::format("{}: each entry is {{cidr: ...}} and nothing else", what));
    auto p = prefix(item["cidr"], what + " cidr");
    if (!p)
      return tl::unexpected(p.error());
    out.push_back(*p);
  }
  return out;
}

tl::expected<void, std::string> each_calico_field(
  const CalicoYamlReader& reader,
  const YAML::Node& spec,
  const std::string& owner,
  const std::map<std::string, CalicoFieldHandler>& handlers,
  const std::set<std::string>& not_modelled)
{
  if (!spec.IsMap())
    return reader.error(spec, owner + ": spec must be a mapping");
  for (const auto& entry : spec) {
    const std::string key = entry.first.Scalar();
    if (not_modelled.count(key))
      return reader.error(entry.first,
                          fmt::format("{}: `{}` is not modelled by the lab's node stand-in (it "
                                      "would run without its effect)",
                                      owner,
                                      key));
    const auto h = handlers.find(key);
    if (h == handlers.end()) {
      std::vector<std::string> known;
      for (const auto& [name, _] : handlers)
        known.push_back(name);
      const auto close = closest_match(key, known);
      return reader.error(
        entry.first,
        fmt::format("{}: unknown field `{}`{}",
                    owner,
                    key,
                    close ? fmt::format(" (did you mean `{}`?)", *close) : std::string()));
    }
    if (auto done = h->second(entry.second); !done)
      return done;
  }
  return {};
}

} // namespace dualstack::lab
