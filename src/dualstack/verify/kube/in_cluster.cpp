// In-cluster access from the mounted service account and the service environment variables.
#include <dualstack/net/host_port.hpp>
#include <dualstack/util/trim.hpp>
#include <dualstack/verify/kube/in_cluster.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>

namespace dualstack::verify::kube {

namespace {

constexpr const char* in_pod_hint =
  "--in-cluster works only inside a pod with a service account token mounted (the rendered "
  "verify/job.yaml); outside the cluster use --kubeconfig FILE";

Error in_cluster_error(std::string where, std::string message)
{
  Error error;
  error.kind = ErrorKind::kubeconfig;
  error.where = std::move(where);
  error.message = std::move(message);
  error.hint = in_pod_hint;
  return error;
}

bool is_port(const std::string& text)
{
  if (text.empty() || text.size() > 5 ||
      !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return false;
  }
  const int port = std::stoi(text);
  return port > 0 && port < 65536;
}

bool is_host(const std::string& text)
{
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '-' || c == ':';
  });
}

} // namespace

EnvLookup process_env()
{
  return [](const char* name) -> std::optional<std::string> {
    const char* value = std::getenv(name);
    if (!value) {
      return std::nullopt;
    }
    return std::string(value);
  };
}

tl::expected<ClusterAccess, Error> in_cluster_access(const FileReader& files,
                                                     const EnvLookup& env,
                                                     const std::string& dir)
{
  const auto host = env("KUBERNETES_SERVICE_HOST");
  const auto port = env("KUBERNETES_SERVICE_PORT");
  if (!host || !port || host->empty() || port->empty()) {
    return tl::unexpected(in_cluster_error(
      "environment", "KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT are not set"));
  }
  if (!is_host(*host) || !is_port(*port)) {
    return tl::unexpected(in_cluster_error(
      "environment",
      fmt::format(
        "KUBERNETES_SERVICE_HOST `{}` / KUBERNETES_SERVICE_PORT `{}` is not a host and port",
        host->substr(0, 80),
        port->substr(0, 10))));
  }
  ClusterAccess access;
  access.kubeconfig = dir;
  access.context = "in-cluster";
  access.cluster = "in-cluster";
  access.user = "service account";
  // An IPv6 service host (an IPv6-primary cluster) needs brackets in the URL.
  access.server = "https://" + net::host_port(*host, std::stoi(*port));

  auto token = files.read(dir + "/token", max_kubeconfig_bytes);
  if (!token) {
    return tl::unexpected(
      in_cluster_error(dir + "/token", "cannot read the service account token: " + token.error()));
  }
  std::string token_text(util::trim(*token));
  if (token_text.empty()) {
    return tl::unexpected(in_cluster_error(dir + "/token", "the service account token is empty"));
  }
  access.token = Secret(std::move(token_text));

  auto ca = files.read(dir + "/ca.crt", max_kubeconfig_bytes);
  if (!ca) {
    return tl::unexpected(
      in_cluster_error(dir + "/ca.crt", "cannot read the cluster CA: " + ca.error()));
  }
  if (ca->find("-----BEGIN CERTIFICATE-----") == std::string::npos) {
    return tl::unexpected(
      in_cluster_error(dir + "/ca.crt", "the cluster CA is not a PEM certificate"));
  }
  access.ca_pem = std::move(*ca);

  if (auto ns = files.read(dir + "/namespace", 4096)) {
    access.default_namespace = std::string(util::trim(*ns));
  }
  return access;
}

} // namespace dualstack::verify::kube
