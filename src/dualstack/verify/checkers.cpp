// Dispatch from a Resource to its checker.
#include <dualstack/verify/checkers.hpp>

namespace dualstack::verify {

std::unique_ptr<ResourceChecker> make_checker(Resource resource, CheckContext& context)
{
  switch (resource) {
    case Resource::nodes:
      return make_node_checker(context);
    case Resource::pods:
      return make_pod_checker(context);
    case Resource::services:
      return make_service_checker(context);
    case Resource::endpointslices:
      return make_endpointslice_checker(context);
    case Resource::ippools:
      return make_ippool_checker(context);
    case Resource::configmaps:
      return make_configmap_checker(context);
    case Resource::daemonsets:
      return make_daemonset_checker(context);
    case Resource::installations:
      return make_installation_checker(context);
    case Resource::bgppeers:
      return make_bgp_peer_checker(context);
  }
  return nullptr;
}

} // namespace dualstack::verify
