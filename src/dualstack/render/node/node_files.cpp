// The k8s nodes' sysctl drop-in and kernel modules list.
#include <dualstack/render/node/node_files.hpp>

#include <dualstack/render/gateway/text.hpp>

#include <fmt/format.h>

namespace dualstack::render::node {

std::string sysctl_config(const plan::Plan& plan, const plan::Host& node)
{
  std::string out = fmt::format(
    "# sysctl on node {} of cluster {}: forwarding per family, router advertisements kept.\n",
    gateway::printable(node.name),
    gateway::printable(plan.cluster_name));
  if (plan.has(net::Family::ipv4))
    out += "net.ipv4.ip_forward = 1\n";
  if (plan.has(net::Family::ipv6)) {
    out += "net.ipv6.conf.all.forwarding = 1\n";
    out += "net.ipv6.conf.default.accept_ra = 2\n";
    out += gateway::ipv6_interface_sysctl(plan.node_interface, "accept_ra", "2");
  }
  return out;
}

std::string modules_config(const plan::Plan& plan, const plan::Host& node)
{
  return fmt::format("# Kernel modules on node {} of cluster {}: bridged traffic through netfilter "
                     "(kube-proxy), overlayfs (containerd).\n"
                     "br_netfilter\n"
                     "overlay\n",
                     gateway::printable(node.name),
                     gateway::printable(plan.cluster_name));
}

} // namespace dualstack::render::node
