// The lab's network: namespaces, the cluster and public bridges, the OpenStack router with the
// floating IP's NAT, gateway and node ports, pods wired the way Calico wires them, the client.
#pragma once

#include <dualstack/lab/lab_context.hpp>

namespace dualstack::lab {

// Creates every namespace, link, address and route of the topology, recording each namespace in
// the state file before using it. Daemons are not started here.
Status build_network(LabContext& lab);

// Sets the switch-side port of gateway `g` up or down (its "cable" to the cluster network).
Status set_gateway_link(const LabContext& lab, const LabGateway& g, bool up);

// Returns the interface name the gateway's cluster NIC has inside its namespace.
const std::string& gateway_nic(const LabContext& lab);

} // namespace dualstack::lab
