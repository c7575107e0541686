// Kubeconfig loading: the selected context's API server, trust anchors and credentials.
#pragma once

#include <dualstack/verify/kube/error.hpp>
#include <dualstack/verify/kube/file_reader.hpp>
#include <dualstack/verify/kube/secret.hpp>

#include <tl/expected.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace dualstack::verify::kube {

// Kubeconfigs and the files they name (CA, certificate, key, token) larger than this are refused.
inline constexpr std::size_t max_kubeconfig_bytes = 4 * 1024 * 1024;

// Everything needed to reach one cluster as one user, resolved from a kubeconfig.
struct ClusterAccess
{
  std::string kubeconfig;      // path of the kubeconfig it came from (for messages)
  std::string context;         // the context used
  std::string cluster;         // the cluster entry's name
  std::string user;            // the user entry's name; empty for anonymous access
  std::string server;          // https URL of the API server, without a trailing slash
  std::string tls_server_name; // name to verify the server certificate against; may be empty
  std::string ca_pem;          // PEM trust anchors; empty means the system trust store
  bool insecure_skip_tls_verify = false;
  std::string client_cert_pem; // PEM client certificate (chain); empty when not used
  Secret client_key_pem;       // PEM private key of the client certificate
  Secret token;                // bearer token; empty when not used
  std::string default_namespace;
};

// Loads the kubeconfig at `path` and resolves `context` (the file's current-context when
// nullopt). Relative file names inside it are relative to its directory, as kubectl reads them;
// files are read through `files`.
tl::expected<ClusterAccess, Error> load_kubeconfig(const std::string& path,
                                                   const std::optional<std::string>& context,
                                                   const FileReader& files);

// Same as load_kubeconfig, over kubeconfig `text` already read from `path`.
tl::expected<ClusterAccess, Error> parse_kubeconfig(std::string_view text,
                                                    const std::string& path,
                                                    const std::optional<std::string>& context,
                                                    const FileReader& files);

} // namespace dualstack::verify::kube
