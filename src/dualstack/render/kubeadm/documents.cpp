// kubeadm's documents of the Plan and their YAML form (see documents.hpp).
#include <dualstack/render/kubeadm/documents.hpp>

#include <dualstack/render/gateway/text.hpp>

#include <fmt/format.h>

namespace dualstack::render::kubeadm {

namespace {

// Returns the nodeRegistration object of `host`; node-ip carries one address per family, primary
// first, so the kubelet reports both (otherwise it reports only the first match, usually IPv4).
Json node_registration(const plan::Host& host, const KubeadmApi& api)
{
  return Json{ { "name", host.name },
               { "kubeletExtraArgs", extra_args({ { "node-ip", node_ip(host) } }, api) } };
}

// node-cidr-mask-size-ipv4 / -ipv6 for the enabled families of a dual-stack cluster; the plain
// node-cidr-mask-size for a single-stack one (the per-family flags are dual-stack only).
ExtraArgs controller_manager_args(const plan::Plan& plan)
{
  ExtraArgs args;
  if (plan.dual_stack()) {
    for (net::Family family : { net::Family::ipv4, net::Family::ipv6 }) {
      args.emplace_back(fmt::format("node-cidr-mask-size-{}", net::to_string(family)),
                        std::to_string(plan.network(family).node_cidr_mask_size));
    }
  } else {
    args.emplace_back("node-cidr-mask-size",
                      std::to_string(plan.networks.primary().node_cidr_mask_size));
  }
  args.emplace_back("service-cluster-ip-range", service_subnets(plan));
  return args;
}

} // namespace

Json init_configuration(const plan::Plan& plan,
                        const plan::Host& first_master,
                        const KubeadmApi& api)
{
  Json doc{ { "apiVersion", api.api_version },
            { "kind", "InitConfiguration" },
            { "bootstrapTokens",
              Json::array({ Json{
                { "token", placeholder::bootstrap_token },
                { "description", "joins the other nodes (kubeadm/<node>/kubeadm.yaml)" } } }) },
            { "nodeRegistration", node_registration(first_master, api) },
            { "localAPIEndpoint",
              Json{ { "advertiseAddress", advertise_address(first_master) },
                    { "bindPort", plan.api.bind_port } } } };
  if (plan.hosts_with(plan::HostRole::master).size() > 1) {
    doc["certificateKey"] = placeholder::certificate_key; // `kubeadm init --upload-certs`
  }
  return doc;
}

Json join_configuration(const plan::Plan& plan, const plan::Host& host, const KubeadmApi& api)
{
  Json doc{ { "apiVersion", api.api_version },
            { "kind", "JoinConfiguration" },
            { "nodeRegistration", node_registration(host, api) },
            { "discovery",
              Json{
                { "bootstrapToken",
                  Json{ { "apiServerEndpoint", plan.api.control_plane_endpoint },
                        { "token", placeholder::bootstrap_token },
                        { "caCertHashes", Json::array({ placeholder::ca_cert_hash }) } } } } } };
  if (host.role == plan::HostRole::master) {
    doc["controlPlane"] = Json{ { "localAPIEndpoint",
                                  Json{ { "advertiseAddress", advertise_address(host) },
                                        { "bindPort", plan.api.bind_port } } },
                                { "certificateKey", placeholder::certificate_key } };
  }
  return doc;
}

Json cluster_configuration(const plan::Plan& plan, const KubeadmApi& api)
{
  return Json{
    { "apiVersion", api.api_version },
    { "kind", "ClusterConfiguration" },
    { "clusterName", plan.cluster_name },
    { "kubernetesVersion", kubernetes_version_tag(plan.kubernetes_version) },
    { "controlPlaneEndpoint", plan.api.control_plane_endpoint },
    { "networking",
      Json{ { "podSubnet", pod_subnets(plan) }, { "serviceSubnet", service_subnets(plan) } } },
    { "apiServer", Json{ { "certSANs", plan.api.cert_sans } } },
    { "controllerManager", Json{ { "extraArgs", extra_args(controller_manager_args(plan), api) } } }
  };
}

Json kubelet_configuration(const plan::Plan& plan)
{
  return Json{ { "apiVersion", "kubelet.config.k8s.io/v1beta1" },
               { "kind", "KubeletConfiguration" },
               { "clusterDNS", dns_service_ips(plan) },
               { "maxPods", plan.pod_limit } };
}

Json kube_proxy_configuration(const plan::Plan& plan)
{
  // The unspecified address of the primary family: kube-proxy derives its healthz and metrics
  // bind addresses' family from it.
  const char* bind_address = plan.primary() == net::Family::ipv6 ? "::" : "0.0.0.0";
  return Json{ { "apiVersion", "kubeproxy.config.k8s.io/v1alpha1" },
               { "kind", "KubeProxyConfiguration" },
               { "bindAddress", bind_address },
               { "clusterCIDR", pod_subnets(plan) } };
}

std::string kube_dns_patch(const plan::Plan& plan)
{
  Json families = Json::array();
  Json ips = Json::array();
  for (const auto& [family, network] : plan.networks) {
    families.push_back(net::display_name(network.family));
    ips.push_back(network.dns_service_ip.to_string());
  }
  const Json patch = { { "spec",
                         { { "ipFamilyPolicy", "PreferDualStack" },
                           { "ipFamilies", families },
                           { "clusterIPs", ips } } } };
  return fmt::format(
           "# kube-dns of cluster {} gets a ClusterIP of each family (kubeadm gives it one).\n"
           "# kubectl -n kube-system patch service kube-dns --type merge --patch-file {}\n",
           gateway::printable(plan.cluster_name),
           kube_dns_patch_path) +
         render::to_yaml(patch);
}

std::string to_yaml(const std::vector<Json>& documents)
{
  return yaml_stream({}, documents, Quoting::always);
}

} // namespace dualstack::render::kubeadm
