// The kube-dns Service patch of a dual-stack cluster.
#include <dualstack/render/kubeadm/kube_dns.hpp>
#include <dualstack/render/renderers.hpp>

#include <dualstack/render/gateway/text.hpp>

#include <fmt/format.h>

namespace dualstack::render::kubeadm {

std::string kube_dns_patch(const plan::Plan& plan)
{
  std::string families;
  std::string ips;
  for (const auto& network : plan.networks) {
    families += fmt::format("    - {}\n", net::display_name(network.family));
    ips += fmt::format("    - \"{}\"\n", network.dns_service_ip.to_string());
  }
  return fmt::format(
    "# kube-dns of cluster {} gets a ClusterIP of each family (kubeadm gives it one).\n"
    "# kubectl -n kube-system patch service kube-dns --type merge --patch-file {}\n"
    "spec:\n"
    "  ipFamilyPolicy: PreferDualStack\n"
    "  ipFamilies:\n{}"
    "  clusterIPs:\n{}",
    gateway::printable(plan.cluster_name),
    kube_dns_patch_path,
    families,
    ips);
}

} // namespace dualstack::render::kubeadm

namespace dualstack::render {

Artifacts render_kube_dns(const plan::Plan& plan)
{
  if (!plan.dual_stack())
    return {};
  Artifact patch;
  patch.path = kubeadm::kube_dns_patch_path;
  patch.host = "cluster";
  patch.purpose = "kube-dns Service: a ClusterIP of each family (merge patch after kubeadm init)";
  patch.content = kubeadm::kube_dns_patch(plan);
  return { patch };
}

} // namespace dualstack::render
