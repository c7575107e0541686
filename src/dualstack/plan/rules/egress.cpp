// Rules ipv6-egress: how IPv6 pods reach the internet (plan/egress.hpp) is decidable and works;
// ipv6-pod-ingress: the TCP ports the internet may open to routed pods are usable, and what they
// open besides the pods is said.
#include <dualstack/plan/egress.hpp>
#include <dualstack/plan/rules/context.hpp>

#include <set>

namespace dualstack::plan::rules {

namespace {

const char* const reach_hint =
  "use a global `pod_subnet_v6` that your cloud routes to this router (the router then sends it to "
  "the IPv6 VIP), or set `nat_outgoing_v6 = true` with a global `subnet_v6_cidr` (NAT66 to the "
  "nodes' addresses; with `subnet_v6_pool_id` when it comes from an OpenStack subnet pool)";

// Reports rule ipv6-pod-ingress for `pod_ingress_v6_tcp_ports` under `egress`.
void check_pod_ingress(const Context& ctx, Ipv6Egress egress, const net::Prefix& pods)
{
  const auto& ports = ctx.config.pod_ingress_v6_tcp_ports;
  if (ports.value.empty())
    return;
  if (egress != Ipv6Egress::routed) {
    ctx.findings.error(
      "ipv6-pod-ingress",
      ports.pos,
      fmt::format("`pod_ingress_v6_tcp_ports` opens ports to pods from the internet, but "
                  "`pod_subnet_v6` `{}` is not routed to them (IPv6 egress `{}`): nothing "
                  "outside reaches a ULA pod",
                  pods.to_string(),
                  to_string(egress)),
      "remove `pod_ingress_v6_tcp_ports`, or use a global `pod_subnet_v6` that your cloud "
      "routes to this router");
    return;
  }
  std::set<int> seen;
  bool usable = true;
  for (const auto& port : ports.value) {
    if (port.value < 1 || port.value > 65535) {
      ctx.findings.error(
        "ipv6-pod-ingress",
        port.pos,
        fmt::format("`pod_ingress_v6_tcp_ports` has {}, not a TCP port", port.value),
        "use ports from 1 to 65535");
      usable = false;
    } else if (!seen.insert(port.value).second) {
      ctx.findings.error("ipv6-pod-ingress",
                         port.pos,
                         fmt::format("`pod_ingress_v6_tcp_ports` lists {} twice", port.value),
                         "list each port once");
      usable = false;
    }
  }
  if (!usable)
    return;
  std::string list;
  for (const auto& port : ports.value)
    list += (list.empty() ? "" : ", ") + std::to_string(port.value);
  ctx.findings.warning(
    "ipv6-pod-ingress",
    ports.pos,
    fmt::format("TCP {} from anywhere reaches every node's own global IPv6 address too, "
                "not only the pods in `{}`: a Neutron security-group rule matches the "
                "source, never the destination",
                list,
                pods.to_string()),
    "keep no host service of the nodes on these ports, or filter them on the nodes "
    "(a Calico host endpoint policy)");
}

} // namespace

void check_egress(const Context& ctx)
{
  const auto& c = ctx.config;
  if (!ctx.has(net::Family::ipv6)) {
    if (!c.pod_ingress_v6_tcp_ports.value.empty())
      ctx.findings.error(
        "ipv6-pod-ingress",
        c.pod_ingress_v6_tcp_ports.pos,
        "`pod_ingress_v6_tcp_ports` opens ports to IPv6 pods, but IPv6 is off",
        "remove `pod_ingress_v6_tcp_ports`, or set `ipv6_enabled = true` with a global "
        "`pod_subnet_v6`");
    return;
  }
  const auto& cluster = c.subnet_v6_cidr.value;
  const auto& pods = c.pod_subnet_v6.value;
  if (!cluster || !pods || cluster->family() != net::Family::ipv6 ||
      pods->family() != net::Family::ipv6)
    return;
  const bool nat = c.nat_outgoing_v6.value;
  const Ipv6Egress egress = ipv6_egress(*cluster, *pods, nat);
  check_pod_ingress(ctx, egress, *pods);
  if (egress == Ipv6Egress::routed && nat) {
    ctx.findings.error(
      "ipv6-egress",
      c.nat_outgoing_v6.pos,
      fmt::format("`nat_outgoing_v6` masquerades the global pod prefix `{}`, which the router "
                  "routes to the pods themselves",
                  pods->to_string()),
      "remove `nat_outgoing_v6` (routed pods need no NAT), or use a ULA `pod_subnet_v6` "
      "such as `fdff:2::/56` for NAT66");
    return;
  }
  if (egress != Ipv6Egress::none)
    return;
  if (nat) {
    ctx.findings.warning(
      "ipv6-egress",
      c.nat_outgoing_v6.pos,
      fmt::format("no pod reaches an IPv6 address outside the cluster: `nat_outgoing_v6` "
                  "masquerades pods to their nodes' addresses in `subnet_v6_cidr` `{}`, a "
                  "prefix nothing outside routes",
                  cluster->to_string()),
      reach_hint);
    return;
  }
  ctx.findings.warning(
    "ipv6-egress",
    c.pod_subnet_v6.present ? c.pod_subnet_v6.pos : c.network_pos,
    fmt::format("no pod reaches an IPv6 address outside the cluster: `pod_subnet_v6` `{}` is "
                "not a global prefix and nothing masquerades it (Neutron routers do no NAT66)",
                pods->to_string()),
    reach_hint);
}

} // namespace dualstack::plan::rules
