// Non-2xx API responses as errors: 401, 403, 404, 410 Gone and server failures.
#include <dualstack/verify/kube/status_error.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace dualstack::verify::kube {

namespace {

constexpr std::size_t max_message = 300;

std::string printable(std::string_view text)
{
  std::string out;
  for (char c : text) {
    if (out.size() >= max_message) {
      out += "...";
      break;
    }
    const auto byte = static_cast<unsigned char>(c);
    out += (byte < 0x20 || byte == 0x7f) ? ' ' : c;
  }
  return out;
}

} // namespace

std::string status_message(std::string_view body)
{
  const auto json = nlohmann::json::parse(body.begin(), body.end(), nullptr, false);
  if (json.is_object()) {
    const auto message = json.find("message");
    if (message != json.end() && message->is_string()) {
      return printable(message->get<std::string>());
    }
    return {};
  }
  const auto line_end = body.find_first_of("\r\n");
  const auto line = body.substr(0, line_end);
  if (line.find_first_not_of(" \t") == std::string_view::npos) {
    return {};
  }
  return printable(line);
}

Error status_error(long status, std::string_view body, std::string where, std::string_view resource)
{
  Error error;
  error.where = std::move(where);
  error.http_status = status;
  const auto detail = status_message(body);
  const auto suffix = detail.empty() ? std::string() : fmt::format(": {}", detail);
  switch (status) {
    case 401:
      error.kind = ErrorKind::unauthorized;
      error.message = fmt::format(
        "the API server did not accept the credentials (HTTP 401 Unauthorized){}", suffix);
      error.hint = "the token may have expired, or the client certificate is not signed by the "
                   "cluster's CA; check the user entry of the kubeconfig";
      return error;
    case 403:
      error.kind = ErrorKind::forbidden;
      error.message = fmt::format("listing {} is forbidden (HTTP 403){}", resource, suffix);
      error.hint = fmt::format("grant get and list on {} to this user (the ClusterRole that "
                               "`dualstack render` writes under verify/ has exactly these rights)",
                               resource);
      return error;
    case 404:
      error.kind = ErrorKind::not_found;
      error.message = fmt::format("{} not found on the API server (HTTP 404){}", resource, suffix);
      error.hint = "check that `server` in the kubeconfig is the Kubernetes API server";
      return error;
    case 410:
      error.kind = ErrorKind::gone;
      error.message = fmt::format(
        "the continue token expired while listing {} (HTTP 410 Gone){}", resource, suffix);
      error.hint = "the list changed too much or paging took too long; run verify again, or use a "
                   "larger page size so fewer pages are needed";
      return error;
    default:
      break;
  }
  error.kind = ErrorKind::http;
  if (status >= 300 && status < 400) {
    error.message = fmt::format("unexpected redirect (HTTP {}) listing {}", status, resource);
    error.hint = "point `server` in the kubeconfig at the API server itself";
  } else if (status == 429 || status >= 500) {
    error.transient =
      status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
    error.message =
      fmt::format("the API server failed listing {} (HTTP {}){}", resource, status, suffix);
    error.hint = "retry; if it persists check the API server (`kubectl get --raw /readyz`)";
  } else {
    error.message = fmt::format("listing {} failed (HTTP {}){}", resource, status, suffix);
  }
  return error;
}

} // namespace dualstack::verify::kube
