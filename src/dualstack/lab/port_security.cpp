// Neutron's port security and security groups on the lab's network.
#include <dualstack/lab/port_security.hpp>

#include <dualstack/lab/files.hpp>
#include <dualstack/lab/network.hpp>
#include <dualstack/lab/process.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <map>
#include <set>

namespace dualstack::lab {

namespace {

using net::Family;

// nftables keeps at most 128 bytes of a comment.
std::string comment(const std::string& text)
{
  std::string out = text.size() > 127 ? text.substr(0, 127) : text;
  for (char& c : out) {
    if (c == '"')
      c = '\'';
  }
  return "comment \"" + out + "\"";
}

std::string family_tag(Family family)
{
  return fmt::format("[{}] ", net::display_name(family));
}

// The set's elements: nftables rejects overlapping intervals, so a prefix inside another one of
// the list (a fixed IP inside a gateway's `::/0` pair) is left to the larger one.
std::string elements(const std::vector<net::Prefix>& prefixes)
{
  std::string out;
  std::set<std::string> seen;
  for (const auto& p : prefixes) {
    const bool covered =
      std::any_of(prefixes.begin(), prefixes.end(), [&](const net::Prefix& other) {
        return other.length() < p.length() && other.contains(p);
      });
    if (covered)
      continue;
    const std::string text =
      p.length() == p.network().bit_width() ? p.network().to_string() : p.to_string();
    if (seen.insert(text).second)
      out += (out.empty() ? "" : ", ") + text;
  }
  return out;
}

std::string address_set(const std::string& name,
                        Family family,
                        const std::vector<net::Prefix>& prefixes)
{
  const std::string content = elements(prefixes);
  return fmt::format("  set {} {{\n    type {};\n    flags interval;\n{}  }}\n",
                     name,
                     family == Family::ipv4 ? "ipv4_addr" : "ipv6_addr",
                     content.empty() ? "" : "    elements = { " + content + " }\n");
}

std::string dynamic_set(const std::string& name, const std::string& type)
{
  return fmt::format(
    "  set {} {{\n    type {};\n    flags dynamic;\n    size 256;\n  }}\n", name, type);
}

const char* ip_word(Family family)
{
  return family == Family::ipv4 ? "ip" : "ip6";
}

const char* nfproto(Family family)
{
  return family == Family::ipv4 ? "ipv4" : "ipv6";
}

bool has_ports(int protocol)
{
  return protocol == 6 || protocol == 17 || protocol == 132 || protocol == 33 || protocol == 136;
}

// One security-group rule as an nftables match, `far` being saddr (ingress) or daddr (egress).
std::string rule_match(const SecurityGroupRule& rule,
                       const std::string& far,
                       const std::string& group_set)
{
  std::string m = fmt::format("meta nfproto {}", nfproto(rule.family));
  if (rule.remote_prefix)
    m += fmt::format(" {} {} {}", ip_word(rule.family), far, rule.remote_prefix->to_string());
  if (!group_set.empty())
    m += fmt::format(" {} {} @{}", ip_word(rule.family), far, group_set);
  if (rule.protocol) {
    const int p = *rule.protocol;
    m += fmt::format(" meta l4proto {}", p);
    if (has_ports(p) && rule.port_min) {
      const int max = rule.port_max.value_or(*rule.port_min);
      m += max == *rule.port_min ? fmt::format(" th dport {}", *rule.port_min)
                                 : fmt::format(" th dport {}-{}", *rule.port_min, max);
    } else if ((p == 1 || p == 58) && rule.port_min) {
      const char* icmp = p == 1 ? "icmp" : "icmpv6";
      m += fmt::format(" {} type {}", icmp, *rule.port_min);
      if (rule.port_max)
        m += fmt::format(" {} code {}", icmp, *rule.port_max);
    }
  }
  return m;
}

std::string group_set_name(const std::string& group, Family family)
{
  std::string name = "group_" + group + "_" + net::family_string(family);
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_')
      c = '_';
  }
  return name;
}

// The chain of one direction: conntrack first, then the rules of the port's groups, then a drop
// that remembers what it dropped.
std::string direction_chain(const NeutronModel& model,
                            const NeutronPort& port,
                            const std::string& nic,
                            bool ingress)
{
  const std::string far = ingress ? "saddr" : "daddr";
  std::string groups;
  bool default_egress = false;
  for (const auto& key : port.groups) {
    groups += (groups.empty() ? "" : ", ") + key;
    if (const SecurityGroup* g = model.group(key); g && g->default_egress)
      default_egress = true;
  }
  std::string out = fmt::format("  chain {} {{\n", ingress ? "ingress" : "egress");
  out += ingress ? "    type filter hook prerouting priority -150; policy accept;\n"
                 : "    type filter hook postrouting priority 300; policy accept;\n";
  out += fmt::format("    {} != \"{}\" accept\n", ingress ? "iifname" : "oifname", nic);
  out += "    ct state established,related accept\n";
  if (ingress) {
    // Neutron lets neighbour discovery, MLD and DHCP replies in whatever the groups say.
    out += "    icmpv6 type { nd-neighbor-solicit, nd-neighbor-advert, nd-router-advert, "
           "mld-listener-query, mld-listener-report, mld-listener-done, mld2-listener-report } "
           "accept\n";
    out += "    udp sport 67 udp dport 68 accept\n";
    out += "    udp sport 547 udp dport 546 accept\n";
  } else {
    out += "    icmpv6 type { nd-neighbor-solicit, nd-neighbor-advert, nd-router-solicit, "
           "mld-listener-report, mld-listener-done, mld2-listener-report } accept\n";
    if (default_egress)
      out += "    accept comment \"Neutron's default egress rules (allow all, per family)\"\n";
  }
  for (const auto& rule : model.rules) {
    if (rule.ingress != ingress)
      continue;
    if (std::find(port.groups.begin(), port.groups.end(), rule.group) == port.groups.end())
      continue;
    const std::string set =
      rule.remote_group.empty() ? "" : group_set_name(rule.remote_group, rule.family);
    out += fmt::format("    {} accept {}\n", rule_match(rule, far, set), comment(rule.resource));
  }
  for (Family family : { Family::ipv4, Family::ipv6 }) {
    const std::string what = fmt::format("{}{}: {} allowed by no rule of its groups ({})",
                                         family_tag(family),
                                         port.resource,
                                         ingress ? "new ingress" : "new egress",
                                         groups);
    const std::string tag =
      fmt::format("{}_{}", ingress ? "denied_in" : "denied_out", net::family_string(family));
    out +=
      fmt::format("    meta nfproto {0} meta l4proto {{ tcp, udp, sctp }} add @{1} {{ {2} {3} . "
                  "meta l4proto . th dport }} counter drop {4}\n",
                  nfproto(family),
                  tag,
                  ip_word(family),
                  far,
                  comment(what));
    out += fmt::format(
      "    meta nfproto {0} add @{1}_proto {{ {2} {3} . meta l4proto }} counter drop {4}\n",
      nfproto(family),
      tag,
      ip_word(family),
      far,
      comment(what));
  }
  out += "  }\n";
  return out;
}

// Returns the addresses of every port in `group` (fixed IPs and allowed address pairs, as
// Neutron's remote-group sets hold them).
std::vector<net::Prefix> group_members(const NeutronModel& model,
                                       const std::string& group,
                                       Family family)
{
  std::vector<net::Prefix> out;
  for (const auto& p : model.ports) {
    if (std::find(p.groups.begin(), p.groups.end(), group) == p.groups.end())
      continue;
    for (const auto& s : p.sources(family))
      out.push_back(s);
  }
  return out;
}

std::string read_mac(const std::string& ns, const std::string& nic)
{
  auto r =
    run_command({ "ip", "-n", ns, "-j", "link", "show", "dev", nic }, std::chrono::seconds(5));
  const auto j = nlohmann::json::parse(r.output, nullptr, false);
  if (!j.is_array() || j.empty() || !j[0].contains("address"))
    return "";
  return j[0]["address"].get<std::string>();
}

// Returns a set element of `nft -j` as text ("fd00::a . tcp . 179").
std::string element_text(const nlohmann::json& e)
{
  if (e.is_string())
    return e.get<std::string>();
  if (e.is_number())
    return e.dump();
  if (e.is_object() && e.contains("concat")) {
    std::string out;
    for (const auto& part : e["concat"])
      out += (out.empty() ? "" : " ") + element_text(part);
    return out;
  }
  if (e.is_object() && e.contains("elem"))
    return element_text(e["elem"].is_object() && e["elem"].contains("val") ? e["elem"]["val"]
                                                                           : e["elem"]);
  if (e.is_object() && e.contains("prefix"))
    return element_text(e["prefix"]["addr"]) + "/" + e["prefix"]["len"].dump();
  return e.dump();
}

// Returns the drop lines of one table: its rules with a comment and a non-zero counter, with the
// elements of the dynamic set the rule fills.
std::vector<std::string> table_drops(const std::vector<std::string>& argv, Family family)
{
  auto r = run_command(argv, std::chrono::seconds(5));
  const auto j = nlohmann::json::parse(r.output, nullptr, false);
  if (!j.is_object() || !j.contains("nftables"))
    return {};
  std::map<std::string, std::vector<std::string>> sets;
  for (const auto& item : j["nftables"]) {
    if (item.contains("set") && item["set"].contains("elem")) {
      auto& list = sets["@" + item["set"]["name"].get<std::string>()];
      for (const auto& e : item["set"]["elem"])
        list.push_back(element_text(e));
    }
  }
  const std::string tag = family_tag(family);
  std::vector<std::string> out;
  for (const auto& item : j["nftables"]) {
    if (!item.contains("rule"))
      continue;
    const auto& rule = item["rule"];
    const std::string text = rule.value("comment", "");
    if (text.empty() || (text[0] == '[' && text.rfind(tag, 0) != 0))
      continue;
    std::uint64_t packets = 0;
    std::string filled;
    for (const auto& expr : rule.value("expr", nlohmann::json::array())) {
      if (expr.contains("counter"))
        packets = expr["counter"].value("packets", std::uint64_t{ 0 });
      if (expr.contains("set") && expr["set"].is_object() && expr["set"].contains("set"))
        filled = expr["set"]["set"].get<std::string>();
    }
    if (packets == 0)
      continue;
    std::string line = fmt::format(
      "{} ({} dropped)", text.rfind(tag, 0) == 0 ? text.substr(tag.size()) : text, packets);
    if (auto it = sets.find(filled); it != sets.end() && !it->second.empty()) {
      std::string list;
      for (std::size_t i = 0; i < it->second.size() && i < 8; ++i)
        list += (i ? ", " : "") + it->second[i];
      line += ": " + list;
    }
    out.push_back(line);
  }
  return out;
}

std::vector<LabPort> lab_ports(const LabContext& lab)
{
  std::vector<LabPort> out;
  for (const auto& g : lab.topology.gateways)
    out.push_back({ g.name, g.ns, gateway_nic(lab), g.port, read_mac(g.ns, gateway_nic(lab)) });
  for (const auto& n : lab.topology.nodes)
    out.push_back(
      { n.name, n.ns, lab.plan.node_interface, n.port, read_mac(n.ns, lab.plan.node_interface) });
  return out;
}

} // namespace

net::Address link_local_of(const std::string& mac)
{
  unsigned b[6] = {};
  if (std::sscanf(mac.c_str(), "%x:%x:%x:%x:%x:%x", &b[0], &b[1], &b[2], &b[3], &b[4], &b[5]) != 6)
    return net::Address::v6(net::u128(0xfe80) << 112);
  net::u128 v = net::u128(0xfe80) << 112;
  const unsigned eui[8] = { b[0] ^ 0x02u, b[1], b[2], 0xffu, 0xfeu, b[3], b[4], b[5] };
  for (int i = 0; i < 8; ++i)
    v |= net::u128(eui[i] & 0xffu) << (8 * (7 - i));
  return net::Address::v6(v);
}

std::string antispoofing_ruleset(const std::vector<LabPort>& ports,
                                 const std::vector<const NeutronPort*>& neutron)
{
  std::string out = fmt::format("table bridge {0}\ndelete table bridge {0}\n", neutron_table);
  out += fmt::format(
    "# Neutron's port security on the lab's cluster network, from the rendered Terraform.\n"
    "table bridge {} {{\n",
    neutron_table);
  std::string vmap;
  for (std::size_t i = 0; i < ports.size(); ++i) {
    const NeutronPort* np = neutron[i];
    if (!np || !np->port_security)
      continue;
    const LabPort& lp = ports[i];
    const std::string p = fmt::format("port_{}", i);
    auto v6 = np->sources(Family::ipv6);
    v6.emplace_back(link_local_of(lp.mac), 128);
    out += address_set(p + "_ipv4", Family::ipv4, np->sources(Family::ipv4));
    out += address_set(p + "_ipv6", Family::ipv6, v6);
    out += dynamic_set(p + "_spoofed_ipv4", "ipv4_addr");
    out += dynamic_set(p + "_spoofed_ipv6", "ipv6_addr");
    const std::string& r = np->resource;
    const std::string v4t = family_tag(Family::ipv4), v6t = family_tag(Family::ipv6);
    out += fmt::format("  chain {} {{\n", p);
    out += fmt::format("    ether saddr != {} counter drop {}\n",
                       lp.mac,
                       comment(r + ": source MAC not the port's"));
    out += fmt::format("    arp saddr ether != {} counter drop {}\n",
                       lp.mac,
                       comment(r + ": ARP sender MAC not the port's"));
    out += "    arp saddr ip 0.0.0.0 return\n";
    out += fmt::format(
      "    arp saddr ip != @{0}_ipv4 add @{0}_spoofed_ipv4 {{ arp saddr ip }} counter drop {1}\n",
      p,
      comment(v4t + r + ": ARP for an address outside fixed_ip and allowed_address_pairs"));
    out += "    ip saddr 0.0.0.0 udp dport 67 return\n";
    out += fmt::format(
      "    ip saddr != @{0}_ipv4 add @{0}_spoofed_ipv4 {{ ip saddr }} counter drop {1}\n",
      p,
      comment(v4t + r + ": source outside fixed_ip and allowed_address_pairs"));
    out += "    ip6 saddr :: icmpv6 type { nd-neighbor-solicit, mld-listener-report, "
           "mld2-listener-report } return\n";
    out += fmt::format(
      "    ip6 saddr != @{0}_ipv6 add @{0}_spoofed_ipv6 {{ ip6 saddr }} counter drop {1}\n",
      p,
      comment(v6t + r + ": source outside fixed_ip, allowed_address_pairs and its link-local"));
    out += fmt::format("    icmpv6 type nd-router-advert counter drop {}\n",
                       comment(v6t + r + ": router advertisement from an instance"));
    out += fmt::format("    udp sport {{ 67, 547 }} counter drop {}\n",
                       comment(r + ": DHCP server reply from an instance"));
    out += "  }\n";
    vmap += fmt::format("{}\"{}\" : jump {}", vmap.empty() ? "" : ", ", lp.switch_port, p);
  }
  out += "  chain forward {\n    type filter hook forward priority 0; policy accept;\n";
  if (!vmap.empty())
    out += "    iifname vmap { " + vmap + " }\n";
  out += "  }\n}\n";
  return out;
}

std::string security_group_ruleset(const NeutronModel& model,
                                   const NeutronPort& port,
                                   const std::string& nic)
{
  std::string out = fmt::format("table inet {0}\ndelete table inet {0}\n", neutron_table);
  out += fmt::format("# Neutron's security groups of {} ({}), from the rendered Terraform: the\n"
                     "# port's side of the hypervisor, not the host's own firewall.\n",
                     port.resource,
                     port.name);
  out += fmt::format("table inet {} {{\n", neutron_table);
  std::set<std::pair<std::string, Family>> remote_groups;
  for (const auto& rule : model.rules) {
    if (!rule.remote_group.empty() &&
        std::find(port.groups.begin(), port.groups.end(), rule.group) != port.groups.end())
      remote_groups.insert({ rule.remote_group, rule.family });
  }
  for (const auto& [group, family] : remote_groups)
    out += address_set(group_set_name(group, family), family, group_members(model, group, family));
  for (const char* way : { "in", "out" }) {
    out += dynamic_set(fmt::format("denied_{}_ipv4", way), "ipv4_addr . inet_proto . inet_service");
    out += dynamic_set(fmt::format("denied_{}_ipv4_proto", way), "ipv4_addr . inet_proto");
    out += dynamic_set(fmt::format("denied_{}_ipv6", way), "ipv6_addr . inet_proto . inet_service");
    out += dynamic_set(fmt::format("denied_{}_ipv6_proto", way), "ipv6_addr . inet_proto");
  }
  if (port.port_security) {
    out += direction_chain(model, port, nic, true);
    out += direction_chain(model, port, nic, false);
  }
  out += "}\n";
  return out;
}

Status enforce_neutron(LabContext& lab, const std::string& terraform)
{
  auto model = read_neutron_model(terraform);
  if (!model)
    return tl::unexpected(model.error());
  const std::vector<LabPort> ports = lab_ports(lab);
  std::vector<const NeutronPort*> neutron;
  for (const auto& lp : ports) {
    const NeutronPort* np = model->port_named(lp.host);
    if (!np) {
      return tl::unexpected(fmt::format(
        "{}: no openstack_networking_port_v2 named `{}`: the lab's host {} would have no port",
        terraform,
        lp.host,
        lp.host));
    }
    if (lp.mac.empty())
      return tl::unexpected(fmt::format("cannot read the MAC of {} in {}", lp.nic, lp.ns));
    neutron.push_back(np);
  }
  const std::string dir = lab.ns_dir(lab.topology.switch_ns);
  LAB_TRY(
    write_file(dir + "/neutron-port-security.nft", antispoofing_ruleset(ports, neutron), 0644));
  LAB_TRY(must_run_in(lab.topology.switch_ns, { "nft", "-f", dir + "/neutron-port-security.nft" }));
  for (std::size_t i = 0; i < ports.size(); ++i) {
    const std::string file = lab.ns_dir(ports[i].ns) + "/neutron-security-groups.nft";
    LAB_TRY(write_file(file, security_group_ruleset(*model, *neutron[i], ports[i].nic), 0644));
    LAB_TRY(must_run_in(ports[i].ns, { "nft", "-f", file }));
  }
  lab.say(fmt::format("network: Neutron's port security and security groups of {} ports from {}",
                      ports.size(),
                      terraform));
  return {};
}

std::string neutron_drops(const LabContext& lab, Family family)
{
  std::vector<std::string> lines = table_drops({ "ip",
                                                 "netns",
                                                 "exec",
                                                 lab.topology.switch_ns,
                                                 "nft",
                                                 "-j",
                                                 "list",
                                                 "table",
                                                 "bridge",
                                                 neutron_table },
                                               family);
  const auto host = [&](const std::string& ns) {
    for (auto& line : table_drops(
           { "ip", "netns", "exec", ns, "nft", "-j", "list", "table", "inet", neutron_table },
           family))
      lines.push_back(std::move(line));
  };
  for (const auto& g : lab.topology.gateways)
    host(g.ns);
  for (const auto& n : lab.topology.nodes)
    host(n.ns);
  std::string out;
  for (const auto& line : lines)
    out += "  Neutron dropped: " + line + "\n";
  return out;
}

} // namespace dualstack::lab
