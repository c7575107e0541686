// Capacity of every range.
#include <dualstack/plan/capacity.hpp>

#include <dualstack/plan/layout.hpp>
#include <dualstack/plan/peer_slots.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace dualstack::plan {

std::string to_decimal(net::u128 value)
{
  if (value == 0) {
    return "0";
  }
  std::string digits;
  while (value > 0) {
    digits.push_back(static_cast<char>('0' + static_cast<int>(value % 10)));
    value /= 10;
  }
  std::reverse(digits.begin(), digits.end());
  return digits;
}

net::u128 host_capacity(const net::Prefix& subnet,
                        std::uint64_t gateway_count,
                        std::uint64_t dhcp_reserve)
{
  const net::u128 size = subnet.size();
  const net::u128 broadcast = subnet.family() == net::Family::ipv4 ? 1 : 0;
  const net::u128 fixed = layout::first_node_offset(gateway_count) + dhcp_reserve + broadcast;
  const net::u128 nodes = size > fixed ? size - fixed : 0;
  return nodes + gateway_count;
}

namespace {

net::u128 pow2(int bits)
{
  return bits >= 128 ? ~net::u128{ 0 } : net::u128{ 1 } << bits;
}

} // namespace

std::vector<Capacity> compute_capacity(const config::Config& config, const Plan& plan)
{
  std::vector<Capacity> rows;
  const auto gateways = plan.hosts_with(HostRole::gateway).size();
  const auto nodes = plan.k8s_nodes().size();
  for (const auto& [f, n] : plan.networks) {
    rows.push_back(
      { "cluster subnet " + n.cluster_subnet.to_string(),
        f,
        "hosts",
        to_decimal(host_capacity(
          n.cluster_subnet, gateways, static_cast<std::uint64_t>(config.dhcp_reserve.value))),
        std::to_string(gateways + nodes) });
    rows.push_back(
      { "node CIDRs /" + std::to_string(n.node_cidr_mask_size) + " in " + n.pod_subnet.to_string(),
        f,
        "nodes",
        to_decimal(pow2(n.node_cidr_mask_size - n.pod_subnet.length())),
        std::to_string(nodes) });
    rows.push_back(
      { "Calico blocks /" + std::to_string(n.pool.block_size) + " in " + n.pod_subnet.to_string(),
        f,
        "blocks",
        to_decimal(pow2(n.pool.block_size - n.pod_subnet.length())),
        "-" });
    rows.push_back({ "pod addresses in " + n.pod_subnet.to_string(),
                     f,
                     "pods",
                     to_decimal(n.pod_subnet.size()),
                     std::to_string(static_cast<std::uint64_t>(nodes) *
                                    static_cast<std::uint64_t>(plan.pod_limit)) +
                       " (pod_limit x nodes)" });
    rows.push_back({ "services in " + n.service_subnet.to_string(),
                     f,
                     "services",
                     to_decimal(n.service_subnet.size() - 1),
                     "-" });
    for (const auto& endpoint : plan.wireguard_endpoints) {
      const auto range = endpoint.range(f);
      rows.push_back({ "WireGuard peers " + endpoint.interface_name + " " + range->to_string(),
                       f,
                       "peers",
                       to_decimal(peer_slot_count(f, range->host_bits())),
                       std::to_string(plan.wireguard_peers.size()) });
    }
  }
  return rows;
}

} // namespace dualstack::plan
