// ClusterConfiguration.
#include <dualstack/render/kubeadm/cluster_configuration.hpp>

#include <dualstack/render/kubeadm/extra_args.hpp>
#include <dualstack/render/kubeadm/plan_values.hpp>

#include <fmt/format.h>

namespace dualstack::render::kubeadm {

namespace {

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
                      std::to_string(plan.networks.front().node_cidr_mask_size));
  }
  args.emplace_back("service-cluster-ip-range", service_subnets(plan));
  return args;
}

} // namespace

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

} // namespace dualstack::render::kubeadm
