// The k8s nodes' sysctl drop-in and kernel modules list.
#pragma once

#include <dualstack/plan/plan.hpp>

#include <string>

namespace dualstack::render::node {

// Renders `node`'s sysctl drop-in, per enabled family: forwarding on (pods are routed through
// the node), and for IPv6 accept_ra = 2 on the node's interface (Plan::node_interface), since
// forwarding would otherwise make the kernel ignore router advertisements (calico #6751).
std::string sysctl_config(const plan::Plan& plan, const plan::Host& node);

// Renders `node`'s modules-load.d list: br_netfilter (kube-proxy and kubeadm's preflight see
// bridged traffic) and overlay (containerd's snapshotter).
std::string modules_config(const plan::Plan& plan, const plan::Host& node);

} // namespace dualstack::render::node
