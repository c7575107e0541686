// KubeletConfiguration and KubeProxyConfiguration.
#include <dualstack/render/kubeadm/component_configurations.hpp>

#include <dualstack/render/kubeadm/plan_values.hpp>

namespace dualstack::render::kubeadm {

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

} // namespace dualstack::render::kubeadm
