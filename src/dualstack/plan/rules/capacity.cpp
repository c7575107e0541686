// Rules about ranges being large enough for what the Plan puts in them.
#include <dualstack/plan/rules/context.hpp>

#include <dualstack/plan/capacity.hpp>
#include <dualstack/plan/peer_slots.hpp>

namespace dualstack::plan::rules {

void check_capacity(const Context& ctx)
{
  const auto& c = ctx.config;
  const auto gateways = static_cast<std::uint64_t>(std::max(0, c.gateway_count.value));
  const auto reserve = static_cast<std::uint64_t>(std::max(0, c.dhcp_reserve.value));
  const std::uint64_t nodes = c.nodes.size();
  if (c.dhcp_reserve.value < 1 || c.dhcp_reserve.value > 65536) {
    ctx.findings.error(
      "capacity-hosts",
      c.dhcp_reserve.pos,
      fmt::format("`dhcp_reserve` is {}; it must lie between 1 and 65536", c.dhcp_reserve.value),
      "OpenStack's DHCP port needs at least one address; the default is 8");
    return;
  }
  for (net::Family family : ctx.families) {
    const FamilyFields f = fields_of(c, family);
    const auto& subnet = f.cluster_subnet.value->value;
    if (subnet && subnet->family() == family) {
      const net::u128 fits = host_capacity(*subnet, gateways, reserve);
      if (fits < gateways + nodes) {
        ctx.findings.error(
          "capacity-hosts",
          f.cluster_subnet.value->pos,
          fmt::format("{} `{}` holds {} hosts after the router, the VIP, the gateway slots and {} "
                      "DHCP addresses, but the cluster has {}",
                      f.cluster_subnet.name(),
                      subnet->to_string(),
                      to_decimal(fits),
                      reserve,
                      gateways + nodes),
          "use a larger subnet (a /24 or /120 holds about 240 hosts), or lower `dhcp_reserve`");
      }
    }
    const auto& pod = f.pod_subnet.value->value;
    const int mask = f.node_mask->value;
    if (pod && pod->family() == family && mask >= pod->length() && mask - pod->length() <= 16) {
      const std::uint64_t fits = std::uint64_t{ 1 } << (mask - pod->length());
      if (fits < nodes) {
        ctx.findings.error(
          "capacity-node-cidrs",
          f.node_mask->present ? f.node_mask->pos : f.pod_subnet.value->pos,
          fmt::format("pod subnet `{}` holds {} node CIDRs of /{}, but the cluster has {} nodes",
                      pod->to_string(),
                      fits,
                      mask,
                      nodes),
          fmt::format("use a larger `{}` or a longer `{}`", f.pod_subnet.key, f.node_mask_key));
      }
    }
  }
  if (!c.wireguard_enabled.value) {
    return;
  }
  const std::uint64_t peers = c.wireguard_peers.size();
  for (const auto& e : c.wireguard_endpoints) {
    if (!e.enabled)
      continue;
    for (net::Family family : ctx.families) {
      const auto& range = family == net::Family::ipv4 ? e.ip_cidr : e.ipv6_cidr;
      if (!range.value || range.value->family() != family)
        continue;
      const std::uint64_t fits = peer_slot_count(family, range.value->host_bits());
      if (fits < peers) {
        ctx.findings.error(
          "capacity-peers",
          range.pos,
          fmt::format("WireGuard endpoint {} range `{}` holds {} peers, but {} are configured",
                      e.id,
                      range.value->to_string(),
                      fits,
                      peers),
          "use a larger range (shorter prefix)");
      }
    }
  }
}

} // namespace dualstack::plan::rules
