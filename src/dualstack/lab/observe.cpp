// Reading the lab's state from iproute2 (JSON) and birdc.
#include <dualstack/lab/observe.hpp>

#include <dualstack/lab/daemons.hpp>
#include <dualstack/lab/node_bird.hpp>
#include <dualstack/lab/port_security.hpp>
#include <dualstack/lab/process.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <sstream>

namespace dualstack::lab {

namespace {

std::string indent(const std::string& text, const std::string& prefix)
{
  std::stringstream in(text);
  std::string line, out;
  while (std::getline(in, line))
    out += prefix + line + "\n";
  return out;
}

std::string fam_flag(Family family)
{
  return family == Family::ipv6 ? "-6" : "-4";
}

} // namespace

std::vector<BgpSession> parse_bgp_sessions(const std::string& text)
{
  std::vector<BgpSession> out;
  std::stringstream in(text);
  std::string line;
  BgpSession* current = nullptr;
  while (std::getline(in, line)) {
    if (line.empty())
      continue;
    if (line[0] != ' ' && line[0] != '\t') {
      std::stringstream words(line);
      std::string name, proto;
      words >> name >> proto;
      current = nullptr;
      if (proto == "BGP") {
        out.push_back({ name, "", line.find("Established") != std::string::npos });
        current = &out.back();
      }
      continue;
    }
    const auto at = line.find("Neighbor address:");
    if (current && at != std::string::npos) {
      std::stringstream words(line.substr(at + 17));
      words >> current->neighbor;
    }
  }
  return out;
}

std::vector<BgpSession> bgp_sessions(const LabContext& lab, const std::string& ns)
{
  auto result = run_command({ "birdc", "-s", bird_socket(lab, ns), "show", "protocols", "all" },
                            std::chrono::seconds(5));
  if (!result.ok())
    return {};
  return parse_bgp_sessions(result.output);
}

std::vector<Route> parse_routes(const std::string& json)
{
  std::vector<Route> out;
  auto j = nlohmann::json::parse(json, nullptr, false);
  if (!j.is_array())
    return out;
  for (const auto& r : j) {
    Route route;
    route.dst = r.value("dst", "");
    route.gateway = r.value("gateway", "");
    route.dev = r.value("dev", "");
    route.protocol = r.value("protocol", "");
    route.type = r.value("type", "unicast");
    out.push_back(route);
  }
  return out;
}

std::vector<Route> routes(const std::string& ns,
                          Family family,
                          const std::vector<std::string>& selector)
{
  std::vector<std::string> argv{ "ip", "-n", ns, "-j", fam_flag(family), "route", "show" };
  argv.insert(argv.end(), selector.begin(), selector.end());
  auto result = run_command(argv, std::chrono::seconds(5));
  return result.ok() ? parse_routes(result.output) : std::vector<Route>{};
}

bool holds_address(const std::string& ns, const std::string& dev, const Address& address)
{
  auto result =
    run_command({ "ip", "-n", ns, "-j", "addr", "show", "dev", dev }, std::chrono::seconds(5));
  if (!result.ok())
    return false;
  auto j = nlohmann::json::parse(result.output, nullptr, false);
  if (!j.is_array())
    return false;
  for (const auto& link : j) {
    if (!link.contains("addr_info"))
      continue;
    for (const auto& a : link["addr_info"]) {
      if (a.value("local", "") == address.to_string())
        return true;
    }
  }
  return false;
}

std::vector<const LabGateway*> vip_holders(const LabContext& lab, Family family)
{
  std::vector<const LabGateway*> out;
  const Address vip = lab.plan.network(family).vip;
  for (const auto& g : lab.topology.gateways) {
    if (gateway_alive(lab, g) && holds_address(g.ns, lab.plan.gateway_interface, vip))
      out.push_back(&g);
  }
  return out;
}

const LabGateway* converged_master(const LabContext& lab)
{
  const LabGateway* master = nullptr;
  for (Family family : lab.plan.families()) {
    auto holders = vip_holders(lab, family);
    if (holders.size() != 1 || (master && master != holders.front()))
      return nullptr;
    master = holders.front();
  }
  if (!master)
    return nullptr;
  for (const auto& n : lab.topology.nodes) {
    auto sessions = bgp_sessions(lab, n.ns);
    for (Family family : lab.plan.families()) {
      bool up = false;
      for (const auto& s : sessions)
        up = up || (s.name == node_session_name(lab.plan, family) && s.established);
      if (!up)
        return nullptr;
      const Address vip = lab.plan.network(family).vip;
      for (const auto& endpoint : lab.plan.wireguard_endpoints) {
        auto range = endpoint.range(family);
        if (!range)
          continue;
        auto r = routes(n.ns, family, { "exact", range->to_string() });
        if (r.empty() || r.front().gateway != vip.to_string())
          return nullptr;
      }
    }
    for (std::size_t f = 0; f < lab.plan.families().size(); ++f) {
      auto r = routes(master->ns, lab.plan.families()[f], { "exact", n.blocks[f].to_string() });
      const auto node_address = lab.plan.host(n.name)->address(lab.plan.families()[f]);
      if (r.empty() || r.front().gateway != node_address->to_string())
        return nullptr;
    }
  }
  return master;
}

const LabGateway* wait_converged(const LabContext& lab, double seconds)
{
  const double end = now_s() + seconds;
  for (;;) {
    if (const LabGateway* m = converged_master(lab))
      return m;
    if (now_s() > end || !sleep_for(0.1))
      return nullptr;
  }
}

bool routes_every_block(const LabContext& lab, const LabGateway& g)
{
  for (const auto& n : lab.topology.nodes) {
    for (std::size_t f = 0; f < lab.plan.families().size(); ++f) {
      auto r = routes(g.ns, lab.plan.families()[f], { "exact", n.blocks[f].to_string() });
      const auto via = lab.plan.host(n.name)->address(lab.plan.families()[f]);
      if (r.empty() || r.front().gateway != via->to_string())
        return false;
    }
  }
  return true;
}

void TakeoverWatch::poll(const LabContext& lab)
{
  if (took_over || !gateway)
    return;
  const Address vip = lab.plan.network(lab.plan.primary()).vip;
  if (!holds_address(gateway->ns, lab.plan.gateway_interface, vip))
    return;
  took_over = true;
  at = now_s();
  ready_at_takeover = routes_every_block(lab, *gateway);
}

std::string evidence(const LabContext& lab, Family family)
{
  std::string out = neutron_drops(lab, family);
  const Address vip = lab.plan.network(family).vip;
  for (const auto& g : lab.topology.gateways) {
    const bool alive = gateway_alive(lab, g);
    const bool holds = holds_address(g.ns, lab.plan.gateway_interface, vip);
    out += fmt::format("  {} ({}): keepalived {}, {} VIP {}\n",
                       g.name,
                       g.ns,
                       alive ? "running" : "NOT running",
                       holds ? "holds" : "does not hold",
                       vip.to_string());
    auto protocols = run_command({ "birdc", "-s", bird_socket(lab, g.ns), "show", "protocols" },
                                 std::chrono::seconds(5));
    out += indent(protocols.output, "    birdc> ");
    auto r =
      run_command({ "ip", "-n", g.ns, fam_flag(family), "route", "show" }, std::chrono::seconds(5));
    out += indent(r.output, "    route> ");
  }
  for (const auto& n : lab.topology.nodes) {
    out += fmt::format("  {} ({}):\n", n.name, n.ns);
    auto protocols = run_command({ "birdc", "-s", bird_socket(lab, n.ns), "show", "protocols" },
                                 std::chrono::seconds(5));
    out += indent(protocols.output, "    birdc> ");
    auto r =
      run_command({ "ip", "-n", n.ns, fam_flag(family), "route", "show" }, std::chrono::seconds(5));
    out += indent(r.output, "    route> ");
  }
  return out;
}

} // namespace dualstack::lab
