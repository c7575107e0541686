// Reading the Neutron resources of the rendered Terraform.
#include <dualstack/lab/neutron_model.hpp>

#include <dualstack/lab/files.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <regex>

namespace dualstack::lab {

namespace {

using nlohmann::json;
using Error = tl::unexpected<std::string>;

constexpr std::string_view port_type = "openstack_networking_port_v2";
constexpr std::string_view group_type = "openstack_networking_secgroup_v2";
constexpr std::string_view rule_type = "openstack_networking_secgroup_rule_v2";

// Returns the group key of a reference such as "${openstack_networking_secgroup_v2.node.id}".
tl::expected<std::string, std::string> group_reference(const json& value,
                                                       const NeutronModel& model,
                                                       const std::string& where)
{
  static const std::regex reference(
    R"(^\$\{openstack_networking_secgroup_v2\.([A-Za-z0-9_-]+)\.id\}$)");
  std::smatch m;
  const std::string text = value.is_string() ? value.get<std::string>() : value.dump();
  if (!std::regex_match(text, m, reference))
    return Error(
      fmt::format("{}: `{}` is no reference to an {} of the file", where, text, group_type));
  if (!model.group(m[1]))
    return Error(fmt::format("{}: `{}` names no {} of the file", where, text, group_type));
  return m[1].str();
}

std::optional<int> optional_int(const json& object, const char* key)
{
  if (!object.contains(key) || object[key].is_null())
    return std::nullopt;
  if (object[key].is_number_integer())
    return object[key].get<int>();
  if (object[key].is_string()) {
    try {
      return std::stoi(object[key].get<std::string>());
    } catch (const std::exception&) {
    }
  }
  return std::nullopt;
}

tl::expected<SecurityGroupRule, std::string> read_rule(const std::string& key,
                                                       const json& r,
                                                       const NeutronModel& model,
                                                       const std::string& source)
{
  SecurityGroupRule rule;
  rule.resource = fmt::format("{}.{}", rule_type, key);
  const std::string where = fmt::format("{}: {}", source, rule.resource);
  auto group = group_reference(r.value("security_group_id", json()), model, where);
  if (!group)
    return Error(group.error());
  rule.group = *group;
  const std::string direction = r.value("direction", "");
  if (direction != "ingress" && direction != "egress")
    return Error(fmt::format("{}: direction `{}` is neither ingress nor egress", where, direction));
  rule.ingress = direction == "ingress";
  const std::string ethertype = r.value("ethertype", "IPv4");
  if (ethertype != "IPv4" && ethertype != "IPv6")
    return Error(fmt::format("{}: ethertype `{}` is neither IPv4 nor IPv6", where, ethertype));
  rule.family = ethertype == "IPv4" ? net::Family::ipv4 : net::Family::ipv6;
  if (r.contains("protocol") && !r["protocol"].is_null()) {
    const std::string name =
      r["protocol"].is_string() ? r["protocol"].get<std::string>() : r["protocol"].dump();
    if (name != "any" && !name.empty()) {
      rule.protocol = neutron_protocol_number(name);
      if (!rule.protocol)
        return Error(fmt::format("{}: Neutron knows no protocol `{}`", where, name));
      // Neutron takes "icmp" in an IPv6 rule for ICMPv6.
      if (rule.family == net::Family::ipv6 && *rule.protocol == 1)
        rule.protocol = 58;
    }
  }
  rule.port_min = optional_int(r, "port_range_min");
  rule.port_max = optional_int(r, "port_range_max");
  if (rule.port_max && !rule.port_min)
    return Error(fmt::format("{}: port_range_max without port_range_min", where));
  if (r.contains("remote_ip_prefix") && r["remote_ip_prefix"].is_string()) {
    const std::string text = r["remote_ip_prefix"].get<std::string>();
    auto prefix = net::Prefix::parse(text);
    if (!prefix)
      return Error(
        fmt::format("{}: remote_ip_prefix `{}`: {}", where, text, prefix.error().message));
    if (prefix->family() != rule.family)
      return Error(fmt::format(
        "{}: remote_ip_prefix `{}` is not of the rule's ethertype {}", where, text, ethertype));
    rule.remote_prefix = *prefix;
  }
  if (r.contains("remote_group_id")) {
    auto remote = group_reference(r["remote_group_id"], model, where);
    if (!remote)
      return Error(remote.error());
    rule.remote_group = *remote;
  }
  return rule;
}

tl::expected<NeutronPort, std::string> read_port(const std::string& key,
                                                 const json& p,
                                                 const NeutronModel& model,
                                                 const std::string& source)
{
  NeutronPort port;
  port.key = key;
  port.resource = fmt::format("{}.{}", port_type, key);
  port.name = p.value("name", key);
  port.port_security = p.value("port_security_enabled", true);
  const std::string where = fmt::format("{}: {}", source, port.resource);
  for (const auto& g : p.value("security_group_ids", json::array())) {
    auto group = group_reference(g, model, where);
    if (!group)
      return Error(group.error());
    port.groups.push_back(*group);
  }
  for (const auto& fixed : p.value("fixed_ip", json::array())) {
    const std::string text = fixed.value("ip_address", "");
    auto address = net::Address::parse(text);
    if (!address) {
      return Error(fmt::format("{}: fixed_ip `{}`: {} (the lab needs every port's address)",
                               where,
                               text,
                               address.error().message));
    }
    port.fixed_ips.push_back(*address);
  }
  for (const auto& pair : p.value("allowed_address_pairs", json::array())) {
    std::string text = pair.value("ip_address", "");
    if (text.find('/') == std::string::npos)
      text += text.find(':') == std::string::npos ? "/32" : "/128";
    auto prefix = net::Prefix::parse(text);
    if (!prefix)
      return Error(
        fmt::format("{}: allowed_address_pairs `{}`: {}", where, text, prefix.error().message));
    if (pair.contains("mac_address")) {
      return Error(fmt::format("{}: allowed_address_pairs `{}` with a mac_address: the lab models "
                               "pairs on the port's own MAC only",
                               where,
                               text));
    }
    port.allowed_pairs.push_back(*prefix);
  }
  return port;
}

} // namespace

std::optional<int> neutron_protocol_number(const std::string& protocol)
{
  // neutron-lib's IP_PROTOCOL_MAP; a number 0-255 is taken as it is.
  static const std::map<std::string, int> names = {
    { "ah", 51 },         { "dccp", 33 },       { "egp", 8 },         { "esp", 50 },
    { "gre", 47 },        { "icmp", 1 },        { "icmpv6", 58 },     { "igmp", 2 },
    { "ipip", 4 },        { "ipv6-encap", 41 }, { "ipv6-frag", 44 },  { "ipv6-icmp", 58 },
    { "ipv6-nonxt", 59 }, { "ipv6-opts", 60 },  { "ipv6-route", 43 }, { "ospf", 89 },
    { "pgm", 113 },       { "rsvp", 46 },       { "sctp", 132 },      { "tcp", 6 },
    { "udp", 17 },        { "udplite", 136 },   { "vrrp", 112 },
  };
  if (auto it = names.find(protocol); it != names.end())
    return it->second;
  if (!protocol.empty() && protocol.size() <= 3 &&
      std::all_of(protocol.begin(), protocol.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    const int number = std::stoi(protocol);
    if (number <= 255)
      return number;
  }
  return std::nullopt;
}

std::vector<net::Prefix> NeutronPort::sources(net::Family family) const
{
  std::vector<net::Prefix> out;
  for (const auto& ip : fixed_ips) {
    if (ip.family() == family)
      out.emplace_back(ip, ip.bit_width());
  }
  for (const auto& pair : allowed_pairs) {
    if (pair.family() == family)
      out.push_back(pair);
  }
  return out;
}

const NeutronPort* NeutronModel::port_named(const std::string& name) const
{
  for (const auto& p : ports) {
    if (p.name == name)
      return &p;
  }
  return nullptr;
}

const SecurityGroup* NeutronModel::group(const std::string& key) const
{
  for (const auto& g : groups) {
    if (g.key == key)
      return &g;
  }
  return nullptr;
}

tl::expected<NeutronModel, std::string> parse_neutron_model(const std::string& text,
                                                            const std::string& source)
{
  const json doc = json::parse(text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object())
    return Error(fmt::format("{}: not a Terraform JSON configuration", source));
  const json resources = doc.value("resource", json::object());
  if (!resources.is_object())
    return Error(fmt::format("{}: `resource` is not an object", source));
  const auto of_type = [&](std::string_view type) {
    const auto it = resources.find(std::string(type));
    return it != resources.end() && it->is_object() ? *it : json::object();
  };
  // Held here: a range-for over `of_type(...).items()` would outlive the temporary.
  const json groups = of_type(group_type), rules = of_type(rule_type), ports = of_type(port_type);
  NeutronModel model;
  for (const auto& [key, g] : groups.items()) {
    model.groups.push_back({ key,
                             fmt::format("{}.{}", group_type, key),
                             !(g.is_object() && g.value("delete_default_rules", false)) });
  }
  for (const auto& [key, r] : rules.items()) {
    auto rule = read_rule(key, r, model, source);
    if (!rule)
      return Error(rule.error());
    model.rules.push_back(std::move(*rule));
  }
  for (const auto& [key, p] : ports.items()) {
    auto port = read_port(key, p, model, source);
    if (!port)
      return Error(port.error());
    model.ports.push_back(std::move(*port));
  }
  if (model.ports.empty())
    return Error(fmt::format("{}: no {} resource", source, port_type));
  return model;
}

tl::expected<NeutronModel, std::string> read_neutron_model(const std::string& path)
{
  const std::string text = read_file(path);
  if (text.empty())
    return Error(fmt::format("{}: cannot read it (render the cluster first)", path));
  return parse_neutron_model(text, path);
}

} // namespace dualstack::lab
