// render_calico: every Calico artifact of the Plan, both install modes, in a fixed order.
#include <dualstack/render/renderers.hpp>

#include <dualstack/render/calico/bgp_configuration.hpp>
#include <dualstack/render/calico/bgp_peers.hpp>
#include <dualstack/render/calico/cni_config.hpp>
#include <dualstack/render/calico/felix_configuration.hpp>
#include <dualstack/render/calico/file_header.hpp>
#include <dualstack/render/calico/installation.hpp>
#include <dualstack/render/calico/ip_pools.hpp>
#include <dualstack/render/calico/loadbalancer_pools.hpp>
#include <dualstack/render/calico/node_env.hpp>
#include <dualstack/render/calico/readme.hpp>
#include <dualstack/render/calico/yaml_emitter.hpp>

#include <fmt/format.h>

#include <string>
#include <vector>

namespace dualstack::render {

namespace {

// One YAML file applied to the cluster with kubectl.
struct ClusterFile
{
  std::string path;
  std::string what;    // for the header comment
  std::string apply;   // the command, with {} for the path
  std::string purpose; // for MANIFEST.json
  std::vector<calico::Document> documents;
};

Artifact artifact(const plan::Plan& plan, const ClusterFile& file)
{
  Artifact a;
  a.path = file.path;
  a.host = "cluster";
  a.target_path = "";
  a.mode = 0644;
  a.purpose = file.purpose;
  a.content = calico::yaml_stream(
    calico::file_header(plan, file.what, fmt::format(fmt::runtime(file.apply), file.path)),
    file.documents);
  return a;
}

} // namespace

Artifacts render_calico(const plan::Plan& plan)
{
  using namespace calico;
  const ClusterFile files[] = {
    { "calico/operator/installation.yaml",
      "Tigera operator Installation",
      "kubectl create -f {} (operator mode)",
      "Calico operator mode: Installation with an IP pool and address autodetection per family",
      { installation(plan) } },
    { "calico/manifest/calico-config.yaml",
      "calico-config ConfigMap (CNI network config)",
      "kubectl apply -f {} (manifest mode, after calico.yaml)",
      "Calico manifest mode: calico-config ConfigMap, CNI config with assign_ipv4/assign_ipv6",
      { cni_config_map(plan) } },
    { "calico/manifest/calico-node-env.yaml",
      "calico-node environment, a strategic-merge patch",
      "kubectl -n kube-system patch daemonset calico-node --type strategic --patch-file {} "
      "(manifest mode)",
      "Calico manifest mode: calico-node environment (IP/IP6, pools, IPv6 support) as a patch",
      { calico_node_patch(plan) } },
    { "calico/manifest/ippools.yaml",
      "Calico IP pools",
      "kubectl apply -f {} (manifest mode, before calico-node first starts)",
      "Calico manifest mode: one IPPool per family",
      ip_pools(plan) },
    { "calico/bgp/bgpconfiguration.yaml",
      "Calico BGPConfiguration",
      "kubectl apply -f {}",
      "Calico BGP: node mesh off, nodes' AS number, service IP advertisement",
      { bgp_configuration(plan) } },
    { "calico/bgp/bgppeers.yaml",
      "Calico BGPPeers (gateway VIPs, route reflectors)",
      "kubectl apply -f {}",
      "Calico BGP: one peer per family to the gateway VIP, one to the route reflectors",
      bgp_peers(plan) },
    { "calico/felixconfiguration.yaml",
      "Calico FelixConfiguration",
      "kubectl apply -f {}",
      "Calico Felix: IPv6 support on or off",
      { felix_configuration(plan) } },
  };

  Artifacts out;
  Artifact guide;
  guide.path = "calico/README.md";
  guide.host = "operator";
  guide.target_path = "";
  guide.mode = 0644;
  guide.purpose = "Calico: which install mode to apply, and in what order";
  guide.content = readme(plan);
  out.push_back(std::move(guide));
  for (const auto& file : files) {
    out.push_back(artifact(plan, file));
  }
  if (auto pools = loadbalancer_pools(plan); !pools.empty()) {
    out.push_back(
      artifact(plan,
               { "calico/loadbalancer/ippools.yaml",
                 "Calico LoadBalancer IP pools",
                 "kubectl apply -f {} (both modes; Calico >= 3.29 assigns LoadBalancer IPs)",
                 "Calico LoadBalancer IPAM: one IPPool per family with a loadbalancer_pool",
                 std::move(pools) }));
  }
  return out;
}

} // namespace dualstack::render
