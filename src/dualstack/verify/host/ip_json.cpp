// iproute2 JSON intake: `ip -j addr` and `ip -j route`.
#include <dualstack/verify/host/ip_json.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace dualstack::verify::host {

namespace {

using nlohmann::json;

tl::expected<json, std::string> parse_array(std::string_view text, std::string_view what)
{
  json document = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (document.is_discarded()) {
    return tl::unexpected(fmt::format("`{}` printed something that is not JSON", what));
  }
  if (!document.is_array()) {
    return tl::unexpected(fmt::format("`{}` printed JSON that is not an array", what));
  }
  return document;
}

std::string string_field(const json& object, const char* key)
{
  const auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

} // namespace

tl::expected<std::vector<InterfaceAddress>, std::string> parse_ip_addr(std::string_view text)
{
  auto document = parse_array(text, "ip -j addr show");
  if (!document) {
    return tl::unexpected(document.error());
  }
  std::vector<InterfaceAddress> out;
  for (const json& link : *document) {
    if (!link.is_object()) {
      return tl::unexpected(std::string("`ip -j addr show` has an entry that is not an object"));
    }
    const std::string name = string_field(link, "ifname");
    const auto info = link.find("addr_info");
    if (info == link.end()) {
      continue;
    }
    if (!info->is_array()) {
      return tl::unexpected(
        fmt::format("`ip -j addr show`: addr_info of `{}` is not an array", name));
    }
    for (const json& entry : *info) {
      if (!entry.is_object()) {
        continue;
      }
      const std::string family = string_field(entry, "family");
      if (family != "inet" && family != "inet6") {
        continue;
      }
      const std::string local = string_field(entry, "local");
      auto address = net::Address::parse(local);
      const auto length = entry.find("prefixlen");
      if (!address || length == entry.end() || !length->is_number_integer()) {
        return tl::unexpected(
          fmt::format("`ip -j addr show`: address `{}` of `{}` is not an address with a prefixlen",
                      local,
                      name));
      }
      out.push_back({ name, *address, length->get<int>() });
    }
  }
  return out;
}

tl::expected<std::vector<Route>, std::string> parse_ip_route(std::string_view text,
                                                             net::Family family)
{
  const std::string what = fmt::format("ip -j -{} route show", family == net::Family::ipv4 ? 4 : 6);
  auto document = parse_array(text, what);
  if (!document) {
    return tl::unexpected(document.error());
  }
  std::vector<Route> out;
  for (const json& entry : *document) {
    if (!entry.is_object()) {
      return tl::unexpected(fmt::format("`{}` has an entry that is not an object", what));
    }
    Route route;
    route.family = family;
    const std::string dst = string_field(entry, "dst");
    if (dst == "default") {
      route.is_default = true;
      route.destination =
        net::Prefix(family == net::Family::ipv4 ? net::Address::v4(0) : net::Address::v6(0), 0);
    } else {
      const std::string with_length = dst.find('/') == std::string::npos
                                        ? fmt::format("{}/{}", dst, net::bit_width(family))
                                        : dst;
      auto prefix = net::Prefix::parse(with_length);
      if (!prefix || prefix->family() != family) {
        // Multicast, broadcast and local entries of other tables never reach here (main table
        // only); anything else unparsable is not a route verify can judge.
        return tl::unexpected(fmt::format("`{}`: route destination `{}` is not an {} prefix",
                                          what,
                                          dst,
                                          net::display_name(family)));
      }
      route.destination = *prefix;
    }
    if (auto type = string_field(entry, "type"); !type.empty()) {
      route.type = type;
    }
    route.protocol = string_field(entry, "protocol");
    const json* hop = &entry;
    if (const auto nexthops = entry.find("nexthops"); nexthops != entry.end() &&
                                                      nexthops->is_array() && !nexthops->empty() &&
                                                      (*nexthops)[0].is_object()) {
      hop = &(*nexthops)[0];
    }
    route.device = string_field(*hop, "dev");
    if (const std::string via = string_field(*hop, "gateway"); !via.empty()) {
      auto gateway = net::Address::parse(via);
      if (!gateway) {
        return tl::unexpected(fmt::format("`{}`: gateway `{}` is not an address", what, via));
      }
      route.gateway = *gateway;
    }
    out.push_back(std::move(route));
  }
  return out;
}

} // namespace dualstack::verify::host
