// Calico's natOutgoing on the lab's node stand-ins, as Felix programs it (its `cali-nat-outgoing`
// chain): a packet from a pool with natOutgoing to an address outside every pool leaves with the
// node's own address. Both families, one mechanism: IPv4 pools (natOutgoing on by default) and an
// IPv6 pool with nat_outgoing_v6 (NAT66 to the node's global address, plan ipv6_egress nat66).
#pragma once

#include <dualstack/lab/calico_objects.hpp>
#include <dualstack/lab/lab_context.hpp>

#include <string>
#include <vector>

namespace dualstack::lab {

// The nftables table the node stand-ins masquerade in.
inline constexpr const char* nat_outgoing_table = "dualstack_nat_outgoing";

// Returns the nftables ruleset (inet family) of Felix's natOutgoing for `pools` (the rendered
// IPPools, LoadBalancer pools included): per family, source in an enabled pool with natOutgoing,
// destination in no pool -> masquerade. "" when no pool masquerades.
std::string nat_outgoing_ruleset(const std::vector<IpPoolObject>& pools);

// Reads the rendered IPPools of the lab and loads nat_outgoing_ruleset into every node's
// namespace (nothing when no pool masquerades).
Status apply_nat_outgoing(LabContext& lab);

} // namespace dualstack::lab
