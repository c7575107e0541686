// ItemParser helpers and the small converters every checker uses.
#include <dualstack/verify/json_item.hpp>

namespace dualstack::verify::json {

InputError ItemParser::error(std::string message) const
{
  InputError e;
  e.message = std::move(message);
  if (!meta.name.empty()) {
    e.object = meta.ns.empty() ? std::string(meta.name) : fmt::format("{}/{}", meta.ns, meta.name);
  }
  return e;
}

void ItemParser::check_kind(od::value value) const
{
  const std::string_view kind = string_or_empty(value);
  if (!kind.empty() && kind != m_kind) {
    throw ItemError{ fmt::format("expected {} objects, found a {}", m_kind, kind) };
  }
}

void ItemParser::read_meta(od::value value)
{
  m_field = "metadata";
  od::object object = value.get_object();
  for (auto result : object) {
    od::field field = std::move(result);
    if (field.key() == "name") {
      meta.name = string_or_empty(field.value());
    } else if (field.key() == "namespace") {
      meta.ns = string_or_empty(field.value());
    }
  }
}

std::string_view string_or_empty(od::value value)
{
  if (value.is_null()) {
    return {};
  }
  return value.get_string();
}

std::optional<net::Address> parse_ip(std::string_view text)
{
  auto address = net::Address::parse(text);
  if (!address) {
    return std::nullopt;
  }
  return *address;
}

std::string_view k8s_family(net::Family family)
{
  return family == net::Family::ipv4 ? "IPv4" : "IPv6";
}

std::optional<net::Family> parse_k8s_family(std::string_view text)
{
  if (text == "IPv4") {
    return net::Family::ipv4;
  }
  if (text == "IPv6") {
    return net::Family::ipv6;
  }
  return std::nullopt;
}

} // namespace dualstack::verify::json
