// Rule ipv6-egress: how IPv6 pods reach the internet (plan/egress.hpp) is decidable and works.
#include <dualstack/plan/egress.hpp>
#include <dualstack/plan/rules/context.hpp>

namespace dualstack::plan::rules {

namespace {

const char* const reach_hint =
  "use a global `pod_subnet_v6` that your cloud routes to this router (the router then sends it to "
  "the IPv6 VIP), or set `nat_outgoing_v6 = true` with a global `subnet_v6_cidr` (NAT66 to the "
  "nodes' addresses; with `subnet_v6_pool_id` when it comes from an OpenStack subnet pool)";

} // namespace

void check_egress(const Context& ctx)
{
  const auto& c = ctx.config;
  if (!ctx.has(net::Family::ipv6)) return;
  const auto& cluster = c.subnet_v6_cidr.value;
  const auto& pods = c.pod_subnet_v6.value;
  if (!cluster || !pods || cluster->family() != net::Family::ipv6 || pods->family() != net::Family::ipv6) return;
  const bool nat = c.nat_outgoing_v6.value;
  const Ipv6Egress egress = ipv6_egress(*cluster, *pods, nat);
  if (egress == Ipv6Egress::routed && nat) {
    ctx.findings.error("ipv6-egress", c.nat_outgoing_v6.pos,
                       fmt::format("`nat_outgoing_v6` masquerades the global pod prefix `{}`, which the router "
                                   "routes to the pods themselves",
                                   pods->to_string()),
                       "remove `nat_outgoing_v6` (routed pods need no NAT), or use a ULA `pod_subnet_v6` "
                       "such as `fdff:2::/56` for NAT66");
    return;
  }
  if (egress != Ipv6Egress::none) return;
  if (nat) {
    ctx.findings.warning("ipv6-egress", c.nat_outgoing_v6.pos,
                         fmt::format("no pod reaches an IPv6 address outside the cluster: `nat_outgoing_v6` "
                                     "masquerades pods to their nodes' addresses in `subnet_v6_cidr` `{}`, a "
                                     "prefix nothing outside routes",
                                     cluster->to_string()),
                         reach_hint);
    return;
  }
  ctx.findings.warning("ipv6-egress", c.pod_subnet_v6.present ? c.pod_subnet_v6.pos : c.network_pos,
                       fmt::format("no pod reaches an IPv6 address outside the cluster: `pod_subnet_v6` `{}` is "
                                   "not a global prefix and nothing masquerades it (Neutron routers do no NAT66)",
                                   pods->to_string()),
                       reach_hint);
}

} // namespace dualstack::plan::rules
