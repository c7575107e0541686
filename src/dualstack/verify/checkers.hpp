// Factories for the resource checkers, one per Resource; each lives in its own file.
#pragma once

#include <dualstack/verify/check_context.hpp>
#include <dualstack/verify/resource.hpp>

#include <memory>

namespace dualstack::verify {

std::unique_ptr<ResourceChecker> make_node_checker(CheckContext& context);
std::unique_ptr<ResourceChecker> make_pod_checker(CheckContext& context);
std::unique_ptr<ResourceChecker> make_service_checker(CheckContext& context);
std::unique_ptr<ResourceChecker> make_endpointslice_checker(CheckContext& context);
std::unique_ptr<ResourceChecker> make_ippool_checker(CheckContext& context);
std::unique_ptr<ResourceChecker> make_configmap_checker(CheckContext& context);
std::unique_ptr<ResourceChecker> make_daemonset_checker(CheckContext& context);
std::unique_ptr<ResourceChecker> make_installation_checker(CheckContext& context);
std::unique_ptr<ResourceChecker> make_bgp_peer_checker(CheckContext& context);

// Returns the checker for `resource`.
std::unique_ptr<ResourceChecker> make_checker(Resource resource, CheckContext& context);

} // namespace dualstack::verify
