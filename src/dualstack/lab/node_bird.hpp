// The calico/node BGP stand-in: the BIRD 2 config a k8s node of the lab runs in place of
// calico/node's BIRD. It follows calico's confd templates (bird.cfg, bird6.cfg, bird_aggr.cfg,
// bird_ipam.cfg: one BIRD 2 for both of calico's daemons) filled from the RENDERED Calico
// objects (BGPPeers, BGPConfiguration, IP pools; node_bgp.hpp) and the node's own facts from the
// Plan and the topology, so a mistake in those objects shows in the lab instead of being
// corrected from the Plan.
#pragma once

#include <dualstack/lab/calico_objects.hpp>
#include <dualstack/lab/node_bgp.hpp>
#include <dualstack/lab/topology.hpp>
#include <dualstack/plan/plan.hpp>

#include <tl/expected.hpp>

#include <string>
#include <vector>

namespace dualstack::lab {

// Returns the lab's k8s nodes as calico/node sees them: addresses and router id from the Plan,
// the labels kubelet sets plus `route-reflector=true` and the reflector cluster id on the Plan's
// route reflectors (the rendered calico/README.md's step), the node's blocks from the topology
// and the LoadBalancer addresses it announces (announced_loadbalancer_ips).
std::vector<CalicoNode> lab_calico_nodes(const plan::Plan& plan, const Topology& topology);

// Returns the BIRD 2 text of `bgp`.
std::string node_bird_text(const NodeBgp& bgp);

// Returns the stand-in BIRD config of lab node `node`, from `objects`.
tl::expected<std::string, std::string> node_bird_config(const CalicoObjects& objects,
                                                        const plan::Plan& plan,
                                                        const Topology& topology,
                                                        const LabNode& node);

// Returns the stand-in BIRD config of lab node `node`, from the Calico objects rendered under
// `render_dir`; errors name the file and the object.
tl::expected<std::string, std::string> node_bird_config(const std::string& render_dir,
                                                        const plan::Plan& plan,
                                                        const Topology& topology,
                                                        const LabNode& node);

// Returns the BIRD protocol name of a node's session with the VIP of `family` in `plan`:
// calico's name for a node-specific BGPPeer (the rendered gateway-vip-* select nodes with
// nodeSelector all()), e.g. Node_172_30_154_2. A rendered peerIP other than the VIP gives
// another name, so the scenarios report the session missing.
std::string node_session_name(const plan::Plan& plan, net::Family family);

} // namespace dualstack::lab
