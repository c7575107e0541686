// render_kubeadm: Plan -> kubeadm/<node>/kubeadm.yaml for every k8s node.
//
// The first master's file holds InitConfiguration, ClusterConfiguration, KubeletConfiguration and
// KubeProxyConfiguration: `kubeadm init` reads all four and uploads the cluster-wide ones to the
// kubeadm-config, kubelet-config and kube-proxy ConfigMaps. Every other node's file holds only its
// JoinConfiguration, because `kubeadm join` reads nothing else from the file (it takes the rest
// from those ConfigMaps).
#include <dualstack/render/renderers.hpp>

#include <dualstack/render/kubeadm/api_version.hpp>
#include <dualstack/render/kubeadm/cluster_configuration.hpp>
#include <dualstack/render/kubeadm/component_configurations.hpp>
#include <dualstack/render/kubeadm/document.hpp>
#include <dualstack/render/kubeadm/init_configuration.hpp>
#include <dualstack/render/kubeadm/join_configuration.hpp>

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
        to_yaml({ init_configuration(plan, *node, api),
                  cluster_configuration(plan, api),
                  kubelet_configuration(plan),
                  kube_proxy_configuration(plan) })));
    } else if (node->role == plan::HostRole::master) {
      artifacts.push_back(node_artifact(*node,
                                        "kubeadm control-plane join config (fill in "
                                        "${KUBEADM_BOOTSTRAP_TOKEN}, ${KUBEADM_CA_CERT_HASH} and "
                                        "${KUBEADM_CERTIFICATE_KEY}, then `kubeadm join --config`)",
                                        to_yaml({ join_configuration(plan, *node, api) })));
    } else {
      artifacts.push_back(
        node_artifact(*node,
                      "kubeadm worker join config (fill in ${KUBEADM_BOOTSTRAP_TOKEN} and "
                      "${KUBEADM_CA_CERT_HASH}, then `kubeadm join --config`)",
                      to_yaml({ join_configuration(plan, *node, api) })));
    }
  }
  return artifacts;
}

} // namespace dualstack::render
