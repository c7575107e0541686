// Least-privilege access for the in-cluster verify: accounts, roles and their bindings.
#pragma once

#include <dualstack/render/yaml.hpp>

#include <vector>

namespace dualstack::render::verify {

// Returns the Namespace the Job and DaemonSet run in.
Json verify_namespace();

// Returns the ServiceAccounts (the Job's, and the DaemonSet's without a token), the ClusterRole
// with get/list on exactly the cluster-wide resources verify reads (verify::all_resources), its
// ClusterRoleBinding, and the role for kube-system's ConfigMaps bound by a RoleBinding there.
std::vector<Json> rbac_documents();

} // namespace dualstack::render::verify
