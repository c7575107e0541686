// Names shared by the in-cluster verify manifests: namespace, accounts, labels, image, config.
#pragma once

#include <string>

namespace dualstack::render::verify {

inline constexpr const char* namespace_name = "dualstack-verify";
// The Job's account: get/list on exactly what `dualstack verify` reads.
inline constexpr const char* cluster_account = "dualstack-verify";
// The DaemonSet's account: no API access at all (no token mounted).
inline constexpr const char* host_account = "dualstack-verify-host";
// The ClusterRole for the kube-system ConfigMaps, bound there only by a RoleBinding.
inline constexpr const char* configmap_role = "dualstack-verify-kube-system-configmaps";
inline constexpr const char* job_name = "dualstack-verify";
inline constexpr const char* daemonset_name = "dualstack-verify-host";
// The ConfigMap the operator creates from the cluster's config.toml (see verify/README.md).
inline constexpr const char* config_map = "dualstack-config";
inline constexpr const char* config_dir = "/etc/dualstack";
inline constexpr const char* config_path = "/etc/dualstack/config.toml";
// Non-root user of the image (Containerfile: `nonroot`).
inline constexpr int image_user = 65532;

// Returns the image built by the repository's Containerfile, tagged with this version.
inline std::string image()
{
  return std::string("localhost/dualstack:") + DUALSTACK_VERSION;
}

} // namespace dualstack::render::verify
