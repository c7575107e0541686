// render_nodes: Plan -> nodes/<node>/ for every k8s node (what kubeadm's preflight and IPv6 need;
// laid down by the Ansible node roles).
#include <dualstack/render/renderers.hpp>

#include <dualstack/render/gateway/text.hpp>
#include <dualstack/render/node/node_files.hpp>
#include <dualstack/render/node/paths.hpp>

#include <fmt/format.h>

namespace dualstack::render {

Artifacts render_nodes(const plan::Plan& plan)
{
  Artifacts out;
  for (const plan::Host* host : plan.k8s_nodes()) {
    const std::string dir = "nodes/" + gateway::file_name(host->name) + "/";
    out.push_back({ dir + std::string(node::paths::sysctl_name),
                    host->name,
                    std::string(node::paths::sysctl),
                    0644,
                    "sysctl: forwarding per family, accept_ra = 2 on the node's interface",
                    node::sysctl_config(plan, *host),
                    false });
    out.push_back({ dir + std::string(node::paths::modules_name),
                    host->name,
                    std::string(node::paths::modules),
                    0644,
                    "kernel modules: br_netfilter, overlay",
                    node::modules_config(plan, *host),
                    false });
  }
  return out;
}

} // namespace dualstack::render
