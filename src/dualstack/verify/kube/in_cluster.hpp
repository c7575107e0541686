// In-cluster access: the pod's service-account token and CA, and the API server address from
// KUBERNETES_SERVICE_HOST / KUBERNETES_SERVICE_PORT (what client-go's InClusterConfig reads).
#pragma once

#include <dualstack/verify/kube/error.hpp>
#include <dualstack/verify/kube/file_reader.hpp>
#include <dualstack/verify/kube/kubeconfig.hpp>

#include <tl/expected.hpp>

#include <functional>
#include <optional>
#include <string>

namespace dualstack::verify::kube {

// Where Kubernetes mounts a pod's service-account credentials.
inline constexpr const char* service_account_dir = "/var/run/secrets/kubernetes.io/serviceaccount";

// Returns the value of environment variable `name`, or nullopt when unset.
using EnvLookup = std::function<std::optional<std::string>(const char* name)>;

// Returns the process environment as an EnvLookup.
EnvLookup process_env();

// Returns access to the cluster this pod runs in: `token` and `ca.crt` (and `namespace`) from
// `dir`, the server from `env` (an IPv6 KUBERNETES_SERVICE_HOST is bracketed). Errors say what
// is missing and that the command must run in a pod with a service account token mounted.
tl::expected<ClusterAccess, Error> in_cluster_access(const FileReader& files,
                                                     const EnvLookup& env,
                                                     const std::string& dir = service_account_dir);

} // namespace dualstack::verify::kube
