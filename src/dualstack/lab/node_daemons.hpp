// The k8s nodes' daemons in the lab: the calico/node BGP stand-ins and the API listeners on the
// control-plane nodes.
#pragma once

#include <dualstack/lab/lab_context.hpp>

namespace dualstack::lab {

// Starts the API listeners (one per family, on the kube-apiserver's bind_port) of control-plane
// node `n`.
Status start_api_listener(LabContext& lab, const LabNode& n);

// Starts every node's BGP stand-in (start_daemons: after the gateways).
Status start_node_bgps(LabContext& lab);

// Stops node `n`'s BGP speaker as a calico/node restart does and returns the time: SIGKILL.
// calico/node's runsvdir exits on SIGTERM without passing it on (runsvdir(8)), so the kernel
// kills BIRD with the pod: no Cease, the TCP session just closes, which BGP graceful restart
// lets the gateways ride out with the node's routes kept as stale.
double stop_node_bgp(LabContext& lab, const LabNode& n);
// Starts node `n`'s BGP stand-in; `restart`: after stop_node_bgp, with `bird -R` as calico/node
// runs it (graceful restart recovery: the kernel routes it left stay, and it exports nothing
// until its sessions converged). A first start has nothing to recover: held exports only made a
// 64-node lab wait for the last node's session, whose early dials hit BIRD's error backoff.
Status start_node_bgp(LabContext& lab, const LabNode& n, bool restart = false);

} // namespace dualstack::lab
