// The small dump files: Calico pools, peers, Installation and calico-node, kubeadm/kube-proxy
// ConfigMaps.
#include <dualstack/verify/gen/singletons.hpp>

#include <dualstack/verify/calico_modes.hpp>
#include <dualstack/verify/gen/objects.hpp>

#include <fmt/format.h>

namespace dualstack::verify::gen {

namespace {

constexpr const char* singleton_created = "2024-05-01T10:00:00Z";

std::string pool_name(net::Family family)
{
  return fmt::format("default-{}-ippool", net::to_string(family));
}

// Returns the prefix of the same length right after `prefix` (or before it at the top).
net::Prefix neighbour(const net::Prefix& prefix)
{
  const auto next = prefix.last().plus(1);
  if (next) {
    return net::Prefix::masked(*next, prefix.length());
  }
  const auto below = net::Address(prefix.family(), prefix.network().value() - 1);
  return net::Prefix::masked(below, prefix.length());
}

std::string join(const std::vector<net::Prefix>& prefixes)
{
  std::string out;
  for (const auto& p : prefixes) {
    out += (out.empty() ? "" : ",") + p.to_string();
  }
  return out;
}

void metadata(JsonWriter& out, std::string_view name, std::string_view ns, std::uint64_t uid)
{
  out.key("metadata")
    .begin_object()
    .field("creationTimestamp", singleton_created)
    .field("name", name);
  if (!ns.empty()) {
    out.field("namespace", ns);
  }
  out.field("resourceVersion", fmt::format("{}", 900 + uid)).field("uid", uid_text(uid));
  out.end_object();
}

} // namespace

void write_ippools(JsonWriter& out,
                   const ClusterModel& model,
                   const DefectPlan& defects,
                   std::vector<PlantedDefect>& planted)
{
  const plan::Plan& plan = model.plan();
  write_list_begin(out);
  const std::vector<net::Family> families = plan.families();
  for (std::size_t i = 0; i < families.size(); ++i) {
    const net::Family family = families[i];
    const plan::FamilyPlan& network = plan.network(family);
    const std::string name = pool_name(family);
    net::Prefix cidr = network.pool.cidr;
    int block_size = network.pool.block_size;
    // The present defect moves the last family's pool; the settings defect changes the first.
    if (defects.singleton(Check::calico_ippool_present) && i + 1 == families.size()) {
      cidr = neighbour(cidr);
      planted.push_back(
        { "calico-ippool-present",
          "IPPool",
          "",
          name,
          fmt::format("cidr {} instead of {}", cidr.to_string(), network.pool.cidr.to_string()) });
    }
    if (defects.singleton(Check::calico_ippool_settings) && i == 0) {
      block_size += 1;
      planted.push_back(
        { "calico-ippool-settings",
          "IPPool",
          "",
          name,
          fmt::format("blockSize {} instead of {}", block_size, network.pool.block_size) });
    }
    const PoolModes modes = pool_modes(network.pool.encapsulation);
    out.begin_object().field("apiVersion", "crd.projectcalico.org/v1").field("kind", "IPPool");
    metadata(out, name, "", 10 + i);
    out.key("spec")
      .begin_object()
      .key("allowedUses")
      .begin_array()
      .string("Workload")
      .string("Tunnel")
      .end_array()
      .field("blockSize", block_size)
      .field("cidr", cidr.to_string())
      .field("ipipMode", modes.ipip_mode)
      .field("natOutgoing", network.pool.nat_outgoing)
      .field("nodeSelector", "all()")
      .field("vxlanMode", modes.vxlan_mode)
      .end_object();
    out.end_object();
  }
  write_list_end(out);
}

void write_configmaps(JsonWriter& out,
                      const ClusterModel& model,
                      const DefectPlan& defects,
                      std::vector<PlantedDefect>& planted)
{
  const plan::Plan& plan = model.plan();
  std::vector<net::Prefix> pods;
  std::vector<net::Prefix> services;
  for (const auto& [family, network] : plan.networks) {
    pods.push_back(network.pod_subnet);
    services.push_back(network.service_subnet);
  }
  std::vector<net::Prefix> kubeadm_services = services;
  if (defects.singleton(Check::kubeadm_config_networking)) {
    if (kubeadm_services.size() == 2) {
      std::swap(kubeadm_services[0], kubeadm_services[1]);
    } else {
      kubeadm_services[0] = neighbour(kubeadm_services[0]);
    }
    planted.push_back({ "kubeadm-config-networking",
                        "ConfigMap",
                        "kube-system",
                        "kubeadm-config",
                        fmt::format("serviceSubnet {}", join(kubeadm_services)) });
  }
  std::vector<net::Prefix> proxy_pods = pods;
  if (defects.singleton(Check::kube_proxy_cluster_cidr)) {
    if (proxy_pods.size() == 2) {
      proxy_pods.pop_back();
    } else {
      proxy_pods[0] = neighbour(proxy_pods[0]);
    }
    planted.push_back({ "kube-proxy-cluster-cidr",
                        "ConfigMap",
                        "kube-system",
                        "kube-proxy",
                        fmt::format("clusterCIDR {}", join(proxy_pods)) });
  }
  const std::string cluster_configuration = fmt::format(
    "apiServer:\n  certSANs:\n  - {}\n  extraArgs:\n    authorization-mode: Node,RBAC\n"
    "apiVersion: kubeadm.k8s.io/v1beta3\ncertificatesDir: /etc/kubernetes/pki\n"
    "clusterName: {}\ncontrolPlaneEndpoint: {}\ncontrollerManager: {{}}\ndns: {{}}\n"
    "etcd:\n  local:\n    dataDir: /var/lib/etcd\nimageRepository: registry.k8s.io\n"
    "kind: ClusterConfiguration\nkubernetesVersion: v1.29.3\nnetworking:\n"
    "  dnsDomain: cluster.local\n  podSubnet: {}\n  serviceSubnet: {}\nscheduler: {{}}\n",
    plan.api.control_plane_endpoint,
    plan.cluster_name,
    plan.api.control_plane_endpoint,
    join(pods),
    join(kubeadm_services));
  const std::string proxy_configuration =
    fmt::format("apiVersion: kubeproxy.config.k8s.io/v1alpha1\nbindAddress: {}\n"
                "clientConnection:\n  kubeconfig: /var/lib/kube-proxy/kubeconfig.conf\n"
                "clusterCIDR: {}\nkind: KubeProxyConfiguration\nmode: ipvs\n",
                plan.primary() == net::Family::ipv4 ? "0.0.0.0" : "::",
                join(proxy_pods));

  write_list_begin(out);
  std::uint64_t uid = 100;
  out.begin_object().field("apiVersion", "v1");
  out.key("data").begin_object().field("ClusterConfiguration", cluster_configuration).end_object();
  out.field("kind", "ConfigMap");
  metadata(out, "kubeadm-config", "kube-system", uid++);
  out.end_object();
  out.begin_object().field("apiVersion", "v1");
  out.key("data")
    .begin_object()
    .field("config.conf", proxy_configuration)
    .field("kubeconfig.conf", "apiVersion: v1\nkind: Config\n")
    .end_object();
  out.field("kind", "ConfigMap");
  metadata(out, "kube-proxy", "kube-system", uid++);
  out.end_object();
  out.begin_object().field("apiVersion", "v1");
  out.key("data")
    .begin_object()
    .field("Corefile",
           ".:53 {\n    errors\n    health\n    "
           "kubernetes cluster.local in-addr.arpa ip6.arpa\n"
           "    forward . /etc/resolv.conf\n}\n")
    .end_object();
  out.field("kind", "ConfigMap");
  metadata(out, "coredns", "kube-system", uid++);
  out.end_object();
  for (int ns = 0; ns < 40; ++ns) {
    out.begin_object().field("apiVersion", "v1");
    out.key("data")
      .begin_object()
      .field("ca.crt",
             "-----BEGIN CERTIFICATE-----\nMIIC...\n"
             "-----END CERTIFICATE-----\n")
      .end_object();
    out.field("kind", "ConfigMap");
    metadata(out, "kube-root-ca.crt", fmt::format("team-{}", ns), uid++);
    out.end_object();
  }
  write_list_end(out);
}

void write_daemonsets(JsonWriter& out,
                      const ClusterModel& model,
                      const DefectPlan& defects,
                      std::vector<PlantedDefect>& planted)
{
  const plan::Plan& plan = model.plan();
  const bool v4 = plan.has(net::Family::ipv4);
  const bool v6 = plan.has(net::Family::ipv6);
  std::vector<std::pair<std::string, std::string>> env = {
    { "DATASTORE_TYPE", "kubernetes" },   { "WAIT_FOR_DATASTORE", "true" },
    { "CLUSTER_TYPE", "k8s,bgp" },        { "CALICO_NETWORKING_BACKEND", "bird" },
    { "IP", v4 ? "autodetect" : "none" },
  };
  if (v4) {
    env.emplace_back("IP_AUTODETECTION_METHOD",
                     plan.network(net::Family::ipv4).pool.autodetection_method);
  }
  env.emplace_back("IP6", v6 ? "autodetect" : "none");
  if (v6) {
    env.emplace_back("IP6_AUTODETECTION_METHOD",
                     plan.network(net::Family::ipv6).pool.autodetection_method);
  }
  env.emplace_back("FELIX_IPV6SUPPORT", v6 ? "true" : "false");
  if (!v4) {
    env.emplace_back("CALICO_ROUTER_ID", "hash");
  }
  const std::string ns = plan.calico_install_mode == "operator" ? "calico-system" : "kube-system";
  if (defects.singleton(Check::calico_node_env)) {
    const std::string var = v6 ? "FELIX_IPV6SUPPORT" : "IP";
    for (auto& [name, value] : env) {
      if (name == var) {
        value = v6 ? "false" : "none";
      }
    }
    planted.push_back({ "calico-node-env",
                        "DaemonSet",
                        ns,
                        "calico-node",
                        fmt::format("{}={}", var, v6 ? "false" : "none") });
  }
  write_list_begin(out);
  out.begin_object().field("apiVersion", "apps/v1").field("kind", "DaemonSet");
  metadata(out, "calico-node", ns, 200);
  out.key("spec").begin_object();
  out.key("selector")
    .begin_object()
    .key("matchLabels")
    .begin_object()
    .field("k8s-app", "calico-node")
    .end_object()
    .end_object();
  out.key("template").begin_object();
  out.key("metadata")
    .begin_object()
    .key("labels")
    .begin_object()
    .field("k8s-app", "calico-node")
    .end_object()
    .end_object();
  out.key("spec").begin_object().key("containers").begin_array().begin_object();
  out.key("env").begin_array();
  for (const auto& [name, value] : env) {
    out.begin_object().field("name", name).field("value", value).end_object();
  }
  out.end_array();
  out.field("image", "docker.io/calico/node:v3.27.2").field("name", "calico-node");
  out.end_object().end_array();
  out.field("hostNetwork", true).field("serviceAccountName", "calico-node").end_object();
  out.end_object();
  out.end_object();
  out.end_object();
  out.begin_object().field("apiVersion", "apps/v1").field("kind", "DaemonSet");
  metadata(out, "kube-proxy", "kube-system", 201);
  out.key("spec")
    .begin_object()
    .key("template")
    .begin_object()
    .key("spec")
    .begin_object()
    .key("containers")
    .begin_array()
    .begin_object()
    .field("image", "registry.k8s.io/kube-proxy:v1.29.3")
    .field("name", "kube-proxy")
    .end_object()
    .end_array()
    .field("hostNetwork", true)
    .end_object()
    .end_object()
    .end_object();
  out.end_object();
  write_list_end(out);
}

void write_installations(JsonWriter& out,
                         const ClusterModel& model,
                         const DefectPlan& defects,
                         std::vector<PlantedDefect>& planted)
{
  const plan::Plan& plan = model.plan();
  write_list_begin(out);
  out.begin_object().field("apiVersion", "operator.tigera.io/v1").field("kind", "Installation");
  metadata(out, "default", "", 300);
  out.key("spec").begin_object().key("calicoNetwork").begin_object();
  out.field("bgp", "Enabled");
  out.key("ipPools").begin_array();
  for (const auto& [family, network] : plan.networks) {
    const auto& pool = network.pool;
    bool nat = pool.nat_outgoing;
    if (family == plan.primary() && defects.singleton(Check::calico_installation)) {
      nat = !nat;
      planted.push_back({ "calico-installation",
                          "Installation",
                          "",
                          "default",
                          fmt::format("natOutgoing {} on the {} pool",
                                      nat ? "Enabled" : "Disabled",
                                      net::display_name(family)) });
    }
    out.begin_object()
      .field("blockSize", pool.block_size)
      .field("cidr", pool.cidr.to_string())
      .field("encapsulation", pool.encapsulation)
      .field("natOutgoing", nat ? "Enabled" : "Disabled")
      .field("nodeSelector", "all()")
      .end_object();
  }
  out.end_array();
  out.field("mtu", plan.mtu);
  for (const auto& [family, network] : plan.networks) {
    out
      .key(network.family == net::Family::ipv4 ? "nodeAddressAutodetectionV4"
                                               : "nodeAddressAutodetectionV6")
      .begin_object()
      .key("cidrs")
      .begin_array()
      .string(network.cluster_subnet.to_string())
      .end_array()
      .end_object();
  }
  out.end_object();
  out.field("variant", "Calico");
  out.end_object();
  out.end_object();
  write_list_end(out);
}

void write_bgppeers(JsonWriter& out,
                    const ClusterModel& model,
                    const DefectPlan& defects,
                    std::vector<PlantedDefect>& planted)
{
  const plan::Plan& plan = model.plan();
  write_list_begin(out);
  const std::vector<net::Family> families = plan.families();
  for (std::size_t i = 0; i < families.size(); ++i) {
    const net::Family family = families[i];
    const plan::FamilyPlan& network = plan.network(family);
    const std::string name = fmt::format("gateway-vip-{}", net::to_string(family));
    net::Address peer = network.vip;
    if (defects.singleton(Check::calico_bgp_peer) && i + 1 == families.size()) {
      peer = *peer.plus(1);
      planted.push_back({ "calico-bgp-peer",
                          "BGPPeer",
                          "",
                          name,
                          fmt::format("peerIP {} instead of the VIP {}",
                                      peer.to_string(),
                                      network.vip.to_string()) });
    }
    out.begin_object().field("apiVersion", "crd.projectcalico.org/v1").field("kind", "BGPPeer");
    metadata(out, name, "", 400 + i);
    out.key("spec")
      .begin_object()
      .field("asNumber", static_cast<std::int64_t>(plan.gateway_as))
      .field("keepOriginalNextHop", false)
      .field("peerIP", peer.to_string())
      .end_object();
    out.end_object();
  }
  write_list_end(out);
}

} // namespace dualstack::verify::gen
