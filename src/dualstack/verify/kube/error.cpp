// Rule ids and printing for live-cluster intake errors.
#include <dualstack/verify/kube/error.hpp>

#include <fmt/format.h>

namespace dualstack::verify::kube {

std::string_view rule_id(ErrorKind kind)
{
  switch (kind) {
    case ErrorKind::kubeconfig:
      return "kubeconfig";
    case ErrorKind::connect:
      return "kube-connect";
    case ErrorKind::tls:
      return "kube-tls";
    case ErrorKind::timeout:
      return "kube-timeout";
    case ErrorKind::unauthorized:
      return "kube-unauthorized";
    case ErrorKind::forbidden:
      return "kube-forbidden";
    case ErrorKind::not_found:
      return "kube-not-found";
    case ErrorKind::gone:
      return "kube-continue-expired";
    case ErrorKind::http:
      return "kube-http";
    case ErrorKind::truncated:
      return "kube-truncated";
    case ErrorKind::protocol:
      return "kube-protocol";
    case ErrorKind::sink:
      return "kube-list-rejected";
  }
  return "kube";
}

Finding to_finding(const Error& error)
{
  return Finding{ std::string(rule_id(error.kind)),
                  Severity::error,
                  error.where,
                  error.pos,
                  error.message,
                  error.hint };
}

std::string format_error(const Error& error)
{
  std::string out = error.where;
  if (error.pos.known()) {
    out += fmt::format(":{}:{}", error.pos.line, error.pos.column);
  }
  out +=
    fmt::format("{}error[{}]: {}", out.empty() ? "" : ": ", rule_id(error.kind), error.message);
  if (!error.hint.empty()) {
    out += fmt::format("\n  hint: {}", error.hint);
  }
  return out;
}

} // namespace dualstack::verify::kube
