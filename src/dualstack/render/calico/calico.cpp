// render_calico: every Calico artifact of the Plan, both install modes, in a fixed order, with
// calico/README.md (which mode to apply, and in what order).
#include <dualstack/render/renderers.hpp>

#include <dualstack/render/calico/resources.hpp>
#include <dualstack/render/calico/values.hpp>
#include <dualstack/render/file_header.hpp>
#include <dualstack/render/yaml.hpp>

#include <fmt/format.h>

#include <string>
#include <vector>

namespace dualstack::render {

namespace calico {
namespace {

// The commands that make the Plan's route reflectors reflectors (run once the nodes joined).
std::string route_reflector_step(const plan::Plan& plan, int number)
{
  if (plan.route_reflectors.empty())
    return "";
  std::string nodes;
  for (const auto& name : plan.route_reflectors) {
    nodes += " " + name;
  }
  return fmt::format(
    "{}. Make the masters route reflectors for pod routes between the nodes (the node mesh\n"
    "   is off), once they joined:\n"
    "   `kubectl label node{} {}=true`\n"
    "   `kubectl annotate node{} {}={}`\n",
    number,
    nodes,
    route_reflector_label,
    nodes,
    route_reflector_annotation,
    plan.route_reflector_cluster_id.to_string());
}

std::string operator_steps(const plan::Plan& plan)
{
  return "1. Install the operator's CRDs first, then the Tigera operator (Calico >= 3.30 ships\n"
         "   them apart; these files are checked against the v3.30 schemas):\n"
         "   `kubectl create -f operator-crds.yaml`, then `kubectl create -f "
         "tigera-operator.yaml`.\n"
         "2. `kubectl apply -f calico/felixconfiguration.yaml -f calico/bgp/` so BGP starts with\n"
         "   the node mesh off and the gateway peers in place.\n"
         "3. `kubectl create -f calico/operator/installation.yaml`. The operator creates the IP\n"
         "   pools from it; pools cannot be changed after install.\n" +
         route_reflector_step(plan, 4);
}

std::string manifest_steps(const plan::Plan& plan)
{
  return "1. Apply the Calico CRDs of the release (`manifests/crds.yaml`, Calico >= 3.25).\n"
         "2. `kubectl apply -f calico/manifest/ippools.yaml -f calico/felixconfiguration.yaml -f "
         "calico/bgp/`\n"
         "   before calico/node first starts, so it finds the pools and creates no default ones.\n"
         "3. `kubectl apply -f calico.yaml` (upstream manifest), then\n"
         "   `kubectl apply -f calico/manifest/calico-config.yaml` (the CNI config with\n"
         "   `assign_ipv4` / `assign_ipv6`) and\n"
         "   `kubectl -n kube-system patch daemonset calico-node --type strategic "
         "--patch-file calico/manifest/calico-node-env.yaml`.\n"
         "   The patch rolls calico-node out again, so install-cni rewrites the CNI config too.\n" +
         route_reflector_step(plan, 4);
}

// Returns the README for the calico/ folder: the Plan's install mode first (the one to apply),
// each mode's steps in order, and what IPv6-only clusters get for a BGP router id.
std::string readme(const plan::Plan& plan)
{
  const bool operator_mode = plan.calico_install_mode == "operator";
  std::string out =
    fmt::format("# Calico for cluster `{}` ({})\n\n", plan.cluster_name, cluster_shape(plan));
  out += fmt::format("Install mode: **{}** (`install_mode` in `[kubernetes.network.calico]`). Both "
                     "modes are rendered;\napply only this one.\n\n",
                     plan.calico_install_mode);
  const std::string first = operator_mode ? "operator" : "manifest";
  const std::string second = operator_mode ? "manifest" : "operator";
  out += fmt::format("## {} mode (apply this)\n\n{}\n",
                     first,
                     operator_mode ? operator_steps(plan) : manifest_steps(plan));
  out += fmt::format("## {} mode (not selected)\n\n{}\n",
                     second,
                     operator_mode ? manifest_steps(plan) : operator_steps(plan));
  if (!plan.has(net::Family::ipv4)) {
    out += "## BGP router id on this IPv6-only cluster\n\n"
           "BGP needs a 4-byte router id and the nodes have no IPv4 address. Both modes make\n"
           "calico/node run with `IP=none` and `CALICO_ROUTER_ID=hash`: it hashes the node name\n"
           "(SHA-256, first four bytes) and, from Calico 3.25 on (projectcalico/calico#6674),\n"
           "moves a first octet of 224-255 down by 32, so the id is never multicast or class E.\n"
           "Older Calico can produce such ids, which peers reject with \"Bad BGP Identifier\".\n";
  }
  std::string pools;
  for (const auto& [family, network] : plan.networks) {
    if (network.loadbalancer_pool) {
      pools +=
        fmt::format("{}`{}`", pools.empty() ? "" : " and ", network.loadbalancer_pool->to_string());
    }
  }
  if (!pools.empty()) {
    out += fmt::format(
      "\n## LoadBalancer Services (both modes)\n\n"
      "`kubectl apply -f calico/loadbalancer/ippools.yaml` (Calico >= 3.29): kube-controllers then "
      "gives\n"
      "each Service of type LoadBalancer an address from {} (one per family of\n"
      "its `ipFamilies`), and calico/node advertises it over BGP (`serviceLoadBalancerIPs` in\n"
      "calico/bgp/bgpconfiguration.yaml). The gateways import those routes and forward to the "
      "nodes.\n",
      pools);
  }
  return out;
}

} // namespace
} // namespace calico

namespace {

// One YAML file applied to the cluster with kubectl.
struct ClusterFile
{
  std::string path;
  std::string what;    // for the header comment
  std::string apply;   // the command, with {} for the path
  std::string purpose; // for MANIFEST.json
  std::vector<Json> documents;
};

Artifact artifact(const plan::Plan& plan, const ClusterFile& file)
{
  Artifact a;
  a.path = file.path;
  a.host = "cluster";
  a.target_path = "";
  a.mode = 0644;
  a.purpose = file.purpose;
  a.content = yaml_stream(
    file_header(plan, file.what, fmt::format(fmt::runtime(file.apply), file.path)), file.documents);
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
