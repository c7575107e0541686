// Manifest mode: the CNI conflist in the calico-config ConfigMap.
#include <dualstack/render/calico/cni_config.hpp>

#include <string>

namespace dualstack::render::calico {

namespace {

const char* flag(bool on)
{
  return on ? "true" : "false";
}

} // namespace

std::string cni_conflist(const plan::Plan& plan)
{
  const Document conflist = {
    { "name", "k8s-pod-network" },
    { "cniVersion", "0.3.1" },
    { "plugins",
      {
        {
          { "type", "calico" },
          { "log_level", "info" },
          { "log_file_path", "/var/log/calico/cni/cni.log" },
          { "datastore_type", "kubernetes" },
          { "nodename", "__KUBERNETES_NODE_NAME__" },
          { "mtu", plan.mtu },
          { "ipam",
            {
              { "type", "calico-ipam" },
              { "assign_ipv4", flag(plan.has(net::Family::ipv4)) },
              { "assign_ipv6", flag(plan.has(net::Family::ipv6)) },
            } },
          { "policy", { { "type", "k8s" } } },
          { "kubernetes", { { "kubeconfig", "__KUBECONFIG_FILEPATH__" } } },
        },
        {
          { "type", "portmap" },
          { "snat", true },
          { "capabilities", { { "portMappings", true } } },
        },
        {
          { "type", "bandwidth" },
          { "capabilities", { { "bandwidth", true } } },
        },
      } },
  };
  return conflist.dump(2);
}

Document cni_config_map(const plan::Plan& plan)
{
  return {
    { "apiVersion", "v1" },
    { "kind", "ConfigMap" },
    { "metadata", { { "name", "calico-config" }, { "namespace", "kube-system" } } },
    { "data",
      {
        { "typha_service_name", "none" },
        { "calico_backend", "bird" },
        { "veth_mtu", std::to_string(plan.mtu) },
        { "cni_network_config", cni_conflist(plan) },
      } },
  };
}

} // namespace dualstack::render::calico
