// What a Kubernetes version allows a migration to do.
#pragma once

#include <string_view>

namespace dualstack::migrate {

// Returns whether the `kubernetes` ServiceCIDR of `version` ("1.33.1" or "v1.33.1") may gain a
// second family in place: from 1.33 (kubernetes/kubernetes#131263). An unparsable version: false.
bool service_cidr_api_can_add_family(std::string_view version);

} // namespace dualstack::migrate
