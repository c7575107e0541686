// Node-local checks against the Plan.
#include <dualstack/verify/host/host_checks.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace dualstack::verify::host {

namespace {

using net::Family;

constexpr HostCheckInfo host_check_rows[] = {
  { HostCheck::address,
    "host-address",
    "the node holds its planned address of each family, with the cluster subnet's prefix "
    "length, on one interface" },
  { HostCheck::default_route,
    "host-default-route",
    "the node has a default route per family, via the subnet's router (IPv6: or its link-local "
    "address)" },
  { HostCheck::forwarding,
    "host-forwarding",
    "net.ipv4.ip_forward and net.ipv6.conf.all.forwarding are 1 for the "
    "enabled families" },
  { HostCheck::calico_routes,
    "host-calico-routes",
    "the node has Calico routes into the pod subnet of each family (pod /32 or /128 via cali*, "
    "or block routes learned over BGP)" },
};

constexpr util::Registry<HostCheckInfo> host_check_registry{ "verify --host", host_check_rows };

// A check's result being built: objects looked at (families), findings.
class HostRecorder
{
public:
  HostRecorder(const plan::Host& node, Report& report)
    : m_node(node)
    , m_report(report)
  {
  }

  void examined(HostCheck check)
  {
    ++state(check).objects;
  }

  void fail(HostCheck check, std::string expected, std::string found, std::string message)
  {
    ++state(check).failed;
    ClusterFinding finding;
    finding.check = std::string(host_checks()[check].id);
    finding.kind = "Node";
    finding.name = m_node.name;
    finding.expected = std::move(expected);
    finding.found = std::move(found);
    finding.message = std::move(message);
    m_report.findings.push_back(std::move(finding));
  }

  void finish()
  {
    for (auto& result : m_report.checks) {
      result.status = result.failed > 0 ? CheckStatus::failed : CheckStatus::passed;
    }
  }

private:
  CheckResult& state(HostCheck check)
  {
    return m_report.checks[static_cast<std::size_t>(check)];
  }

  const plan::Host& m_node;
  Report& m_report;
};

std::string with_length(const InterfaceAddress& a)
{
  return fmt::format("{}/{} on {}", a.address.to_string(), a.prefix_length, a.interface);
}

// Returns the addresses of `family` outside the loopback interface, as "a/len on dev, ...".
std::string addresses_of(const HostState& state, Family family)
{
  std::string out;
  for (const auto& a : state.addresses) {
    if (a.address.family() == family && a.interface != "lo") {
      out += (out.empty() ? "" : ", ") + with_length(a);
    }
  }
  return out.empty() ? fmt::format("no {} address", net::display_name(family)) : out;
}

const InterfaceAddress* find_address(const HostState& state, const net::Address& address)
{
  for (const auto& a : state.addresses) {
    if (a.address == address) {
      return &a;
    }
  }
  return nullptr;
}

void check_addresses(const plan::Plan& plan,
                     const plan::Host& node,
                     const HostState& state,
                     HostRecorder& recorder)
{
  // The node's interface: the one that holds the primary family's planned address.
  std::string node_interface;
  for (Family family : plan.families()) {
    recorder.examined(HostCheck::address);
    const auto& network = plan.network(family);
    const net::Address planned = *node.address(family);
    const std::string expected = fmt::format("{}/{}{}",
                                             planned.to_string(),
                                             network.cluster_subnet.length(),
                                             node_interface.empty() ? "" : " on " + node_interface);
    const InterfaceAddress* found = find_address(state, planned);
    if (!found) {
      recorder.fail(
        HostCheck::address,
        expected,
        addresses_of(state, family),
        fmt::format("the node lacks its planned {} address", net::display_name(family)));
    } else if (found->prefix_length != network.cluster_subnet.length()) {
      recorder.fail(
        HostCheck::address,
        expected,
        with_length(*found),
        fmt::format("the {} address has the wrong prefix length (the cluster subnet is {})",
                    net::display_name(family),
                    network.cluster_subnet.to_string()));
    } else if (!node_interface.empty() && found->interface != node_interface) {
      recorder.fail(HostCheck::address,
                    expected,
                    with_length(*found),
                    fmt::format("the {} address is on another interface than the {} address",
                                net::display_name(family),
                                net::display_name(plan.primary())));
    }
    if (found && node_interface.empty()) {
      node_interface = found->interface;
    }
  }
}

bool is_link_local(const net::Address& address)
{
  static const net::Prefix v6 = *net::Prefix::parse("fe80::/10");
  static const net::Prefix v4 = *net::Prefix::parse("169.254.0.0/16");
  return address.family() == Family::ipv6 ? v6.contains(address) : v4.contains(address);
}

std::string describe(const Route& route)
{
  std::string out = route.is_default ? "default" : route.destination.to_string();
  if (route.type != "unicast") {
    out = route.type + " " + out;
  }
  if (route.gateway) {
    out += " via " + route.gateway->to_string();
  }
  if (!route.device.empty()) {
    out += " dev " + route.device;
  }
  if (!route.protocol.empty()) {
    out += " proto " + route.protocol;
  }
  return out;
}

void check_default_routes(const plan::Plan& plan, const HostState& state, HostRecorder& recorder)
{
  for (Family family : plan.families()) {
    recorder.examined(HostCheck::default_route);
    const net::Address router = plan.network(family).router;
    const std::string expected =
      fmt::format("default via {}{}",
                  router.to_string(),
                  family == Family::ipv6 ? " (or the router's link-local address)" : "");
    std::vector<const Route*> defaults;
    for (const auto& route : state.routes) {
      if (route.family == family && route.is_default && route.type == "unicast") {
        defaults.push_back(&route);
      }
    }
    if (defaults.empty()) {
      recorder.fail(HostCheck::default_route,
                    expected,
                    "no default route",
                    fmt::format("the node has no {} default route", net::display_name(family)));
      continue;
    }
    const bool via_router = std::any_of(defaults.begin(), defaults.end(), [&](const Route* r) {
      return !r->gateway || *r->gateway == router || is_link_local(*r->gateway);
    });
    if (!via_router) {
      std::string found;
      for (const Route* r : defaults) {
        found += (found.empty() ? "" : "; ") + describe(*r);
      }
      recorder.fail(HostCheck::default_route,
                    expected,
                    found,
                    fmt::format("the {} default route does not lead to the subnet's router",
                                net::display_name(family)));
    }
  }
}

void check_forwarding(const plan::Plan& plan, const HostState& state, HostRecorder& recorder)
{
  for (Family family : plan.families()) {
    recorder.examined(HostCheck::forwarding);
    const bool v4 = family == Family::ipv4;
    const std::optional<bool> value = v4 ? state.forwarding_ipv4 : state.forwarding_ipv6;
    const std::string name = v4 ? "net.ipv4.ip_forward" : "net.ipv6.conf.all.forwarding";
    if (value != true) {
      recorder.fail(HostCheck::forwarding,
                    name + " = 1",
                    value ? name + " = 0" : name + " unreadable",
                    fmt::format("{} forwarding is off: pods' {} traffic is not routed",
                                net::display_name(family),
                                net::display_name(family)));
    }
  }
}

// Whether `route` is one Calico makes for a pod block: a /32 or /128 to a local pod's cali*
// veth, a block route learned over BGP (BIRD), Calico's blackhole for a local block, or a
// route over its VXLAN / IPIP device.
bool is_calico_route(const Route& route, int block_size)
{
  const bool host_route = route.destination.length() == route.destination.network().bit_width();
  if (host_route && route.device.starts_with("cali")) {
    return true;
  }
  if (route.destination.length() != block_size) {
    return false;
  }
  return route.protocol == "bird" || route.type == "blackhole" ||
         route.device.starts_with("vxlan") || route.device == "tunl0";
}

void check_calico_routes(const plan::Plan& plan, const HostState& state, HostRecorder& recorder)
{
  for (Family family : plan.families()) {
    recorder.examined(HostCheck::calico_routes);
    const auto& network = plan.network(family);
    std::size_t calico = 0;
    std::string other;
    for (const auto& route : state.routes) {
      if (route.family != family || route.is_default ||
          !network.pod_subnet.contains(route.destination)) {
        continue;
      }
      if (is_calico_route(route, network.pool.block_size)) {
        ++calico;
      } else {
        other += (other.empty() ? "" : "; ") + describe(route);
      }
    }
    if (calico == 0) {
      recorder.fail(
        HostCheck::calico_routes,
        fmt::format("routes into {} (/{} blocks via BGP, or pods' /{} routes via cali*)",
                    network.pod_subnet.to_string(),
                    network.pool.block_size,
                    net::bit_width(family)),
        other.empty() ? "no route into the pod subnet" : other,
        fmt::format("the node has no Calico {} route: pods of that family are unreachable",
                    net::display_name(family)));
    }
  }
}

} // namespace

const util::Registry<HostCheckInfo>& host_checks()
{
  return host_check_registry;
}

const plan::Host* find_node(const plan::Plan& plan, std::string_view name)
{
  if (const plan::Host* host = plan.host(name)) {
    return host;
  }
  const auto dot = name.find('.');
  return dot == std::string_view::npos ? nullptr : plan.host(name.substr(0, dot));
}

Report check_host(const plan::Plan& plan, const plan::Host& node, const HostState& state)
{
  Report report;
  report.scope = "node " + node.name;
  report.nodes.push_back(node.name);
  for (const auto& check : host_checks()) {
    CheckResult result;
    result.id = std::string(check.id);
    result.description = std::string(check.description);
    result.group = "host";
    report.checks.push_back(std::move(result));
  }
  HostRecorder recorder(node, report);
  check_addresses(plan, node, state, recorder);
  check_default_routes(plan, state, recorder);
  check_forwarding(plan, state, recorder);
  check_calico_routes(plan, state, recorder);
  recorder.finish();
  return report;
}

} // namespace dualstack::verify::host
