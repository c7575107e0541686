// render_kubeadm: Plan -> kubeadm/<node>/kubeadm.yaml for every k8s node; render_kube_dns: the
// kube-dns Service patch of a dual-stack cluster.
//
// The first master's file holds InitConfiguration, ClusterConfiguration, KubeletConfiguration and
// KubeProxyConfiguration: `kubeadm init` reads all four and uploads the cluster-wide ones to the
// kubeadm-config, kubelet-config and kube-proxy ConfigMaps. Every other node's file holds only its
// JoinConfiguration, because `kubeadm join` reads nothing else from the file (it takes the rest
// from those ConfigMaps).
#include <dualstack/render/renderers.hpp>

#include <dualstack/render/kubeadm/documents.hpp>

#include <fmt/format.h>

namespace dualstack::render {

namespace {

Artifact node_artifact(const plan::Host& host, std::string purpose, std::string content)
{
  Artifact artifact;
  artifact.path = fmt::format("kubeadm/{}/kubeadm.yaml", host.name);
  artifact.host = host.name;
  artifact.target_path = "/etc/kubernetes/kubeadm.yaml";
  artifact.mode = 0600; // holds the bootstrap token once the placeholders are filled in
  artifact.purpose = std::move(purpose);
  artifact.content = std::move(content);
  return artifact;
}

} // namespace

Artifacts render_kubeadm(const plan::Plan& plan)
{
  using namespace kubeadm;
  const KubeadmApi api = select_api(plan.kubernetes_version);
  const auto masters = plan.hosts_with(plan::HostRole::master);

  Artifacts artifacts;
  for (const plan::Host* node : plan.k8s_nodes()) {
    if (!masters.empty() && node == masters.front()) {
      artifacts.push_back(node_artifact(
        *node,
        "kubeadm init config of the first control-plane node (fill in ${KUBEADM_BOOTSTRAP_TOKEN} "
        "and "
        "${KUBEADM_CERTIFICATE_KEY}, e.g. with envsubst, then `kubeadm init --config`)",
        kubeadm::to_yaml({ init_configuration(plan, *node, api),
                           cluster_configuration(plan, api),
                           kubelet_configuration(plan),
                           kube_proxy_configuration(plan) })));
    } else if (node->role == plan::HostRole::master) {
      artifacts.push_back(
        node_artifact(*node,
                      "kubeadm control-plane join config (fill in "
                      "${KUBEADM_BOOTSTRAP_TOKEN}, ${KUBEADM_CA_CERT_HASH} and "
                      "${KUBEADM_CERTIFICATE_KEY}, then `kubeadm join --config`)",
                      kubeadm::to_yaml({ join_configuration(plan, *node, api) })));
    } else {
      artifacts.push_back(
        node_artifact(*node,
                      "kubeadm worker join config (fill in ${KUBEADM_BOOTSTRAP_TOKEN} and "
                      "${KUBEADM_CA_CERT_HASH}, then `kubeadm join --config`)",
                      kubeadm::to_yaml({ join_configuration(plan, *node, api) })));
    }
  }
  return artifacts;
}

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
