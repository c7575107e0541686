// The lab's network: namespaces, the cluster and public bridges, the OpenStack router with the
// floating IP's NAT, gateway and node ports, pods wired the way Calico wires them, the client.
#pragma once

#include <dualstack/lab/lab_context.hpp>

namespace dualstack::lab {

// Creates every namespace, link, address and route of the topology, recording each namespace in
// the state file before using it. Daemons are not started here.
Status build_network(LabContext& lab);

// Gives a running lab's hosts `family` as a migration adds it (lab.plan and lab.topology are the
// new config's): the router interface and every port gain their address and default route (the
// Terraform steps), every pod an address of its node's new block with its routes (the Calico step).
Status add_family(LabContext& lab, Family family);

// Sets the switch-side port of gateway `g` up or down (its "cable" to the cluster network).
Status set_gateway_link(const LabContext& lab, const LabGateway& g, bool up);

// Returns the interface name the gateway's cluster NIC has inside its namespace.
const std::string& gateway_nic(const LabContext& lab);

} // namespace dualstack::lab
