// The table of resources verify reads.
#include <dualstack/verify/resource.hpp>

namespace dualstack::verify {

namespace {

constexpr std::array<ResourceInfo, 9> table = { {
  { Resource::nodes, "nodes", "nodes.json", "Node", "", "/api/v1/nodes" },
  { Resource::pods, "pods", "pods.json", "Pod", "", "/api/v1/pods" },
  { Resource::services, "services", "services.json", "Service", "", "/api/v1/services" },
  { Resource::endpointslices,
    "endpointslices",
    "endpointslices.json",
    "EndpointSlice",
    "discovery.k8s.io",
    "/apis/discovery.k8s.io/v1/endpointslices" },
  { Resource::ippools,
    "ippools",
    "ippools.json",
    "IPPool",
    "crd.projectcalico.org",
    "/apis/crd.projectcalico.org/v1/ippools" },
  { Resource::configmaps,
    "configmaps",
    "configmaps.json",
    "ConfigMap",
    "",
    "/api/v1/namespaces/kube-system/configmaps" },
  { Resource::daemonsets,
    "daemonsets",
    "daemonsets.json",
    "DaemonSet",
    "apps",
    "/apis/apps/v1/daemonsets" },
  { Resource::installations,
    "installations",
    "installations.json",
    "Installation",
    "operator.tigera.io",
    "/apis/operator.tigera.io/v1/installations" },
  { Resource::bgppeers,
    "bgppeers",
    "bgppeers.json",
    "BGPPeer",
    "crd.projectcalico.org",
    "/apis/crd.projectcalico.org/v1/bgppeers" },
} };

} // namespace

const ResourceInfo& info(Resource resource)
{
  return table[static_cast<std::size_t>(resource)];
}

std::optional<Resource> resource_for_file(std::string_view file)
{
  for (const auto& entry : table) {
    if (entry.file == file) {
      return entry.resource;
    }
  }
  return std::nullopt;
}

} // namespace dualstack::verify
