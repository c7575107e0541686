// render_calico: every Calico artifact of the Plan, both install modes, in a fixed order.
#include <dualstack/render/renderers.hpp>

#include <dualstack/render/calico/bgp_configuration.hpp>
#include <dualstack/render/calico/bgp_peers.hpp>
#include <dualstack/render/calico/cni_config.hpp>
#include <dualstack/render/calico/felix_configuration.hpp>
#include <dualstack/render/calico/file_header.hpp>
#include <dualstack/render/calico/installation.hpp>
#include <dualstack/render/calico/ip_pools.hpp>
#include <dualstack/render/calico/node_env.hpp>
#include <dualstack/render/calico/readme.hpp>
#include <dualstack/render/calico/yaml_emitter.hpp>

#include <string>

namespace dualstack::render {

namespace {

Artifact cluster_file(std::string path, std::string purpose, std::string content)
{
  Artifact a;
  a.path = std::move(path);
  a.host = "cluster";
  a.target_path = "";
  a.mode = 0644;
  a.purpose = std::move(purpose);
  a.content = std::move(content);
  return a;
}

} // namespace

Artifacts render_calico(const plan::Plan& plan)
{
  using namespace calico;
  Artifacts out;

  Artifact readme_file = cluster_file("calico/README.md",
                                      "Calico: which install mode to apply, and in what order",
                                      readme(plan));
  readme_file.host = "operator";
  out.push_back(std::move(readme_file));

  out.push_back(cluster_file(
    "calico/operator/installation.yaml",
    "Calico operator mode: Installation with an IP pool and address autodetection per family",
    yaml_stream(file_header(plan, "Tigera operator Installation",
                            "kubectl create -f installation.yaml (operator mode)"),
                {installation(plan)})));

  out.push_back(cluster_file(
    "calico/manifest/calico-config.yaml",
    "Calico manifest mode: calico-config ConfigMap with the CNI config (assign_ipv4/assign_ipv6)",
    yaml_stream(file_header(plan, "calico-config ConfigMap (CNI network config)",
                            "kubectl apply -f calico-config.yaml (manifest mode, after calico.yaml)"),
                {cni_config_map(plan)})));

  out.push_back(cluster_file(
    "calico/manifest/calico-node-env.yaml",
    "Calico manifest mode: calico-node environment (IP/IP6, pools, IPv6 support) as a patch",
    yaml_stream(file_header(plan, "calico-node environment, a strategic-merge patch",
                            "kubectl -n kube-system patch daemonset calico-node --type strategic "
                            "--patch-file calico-node-env.yaml (manifest mode)"),
                {calico_node_patch(plan)})));

  out.push_back(cluster_file(
    "calico/manifest/ippools.yaml", "Calico manifest mode: one IPPool per family",
    yaml_stream(file_header(plan, "Calico IP pools",
                            "kubectl apply -f ippools.yaml (manifest mode, before calico-node)"),
                ip_pools(plan))));

  out.push_back(cluster_file(
    "calico/bgp/bgpconfiguration.yaml",
    "Calico BGP: node mesh off, nodes' AS number, service IP advertisement",
    yaml_stream(file_header(plan, "Calico BGPConfiguration", "kubectl apply -f bgpconfiguration.yaml"),
                {bgp_configuration(plan)})));

  out.push_back(cluster_file(
    "calico/bgp/bgppeers.yaml", "Calico BGP: one peer per family to the gateway VIP",
    yaml_stream(file_header(plan, "Calico BGPPeers to the gateway VIPs", "kubectl apply -f bgppeers.yaml"),
                bgp_peers(plan))));

  out.push_back(cluster_file(
    "calico/felixconfiguration.yaml", "Calico Felix: IPv6 support on or off",
    yaml_stream(file_header(plan, "Calico FelixConfiguration",
                            "kubectl apply -f felixconfiguration.yaml"),
                {felix_configuration(plan)})));

  return out;
}

} // namespace dualstack::render
