// Errors of the live-cluster intake: unusable kubeconfigs and failed API requests.
#pragma once

#include <dualstack/util/finding.hpp>
#include <dualstack/util/source.hpp>

#include <string>
#include <string_view>

namespace dualstack::verify::kube {

// What went wrong; every kind makes the verify run unusable (exit 2).
enum class ErrorKind
{
  kubeconfig,   // the kubeconfig (or a file it names) is unreadable, malformed or incomplete
  connect,      // the API server could not be resolved or reached
  tls,          // TLS failed: untrusted or mismatched server certificate, unusable client cert
  timeout,      // the connect or total timeout expired
  unauthorized, // HTTP 401: the credentials were not accepted
  forbidden,    // HTTP 403: the user may not list the resource
  not_found,    // HTTP 404 on a resource that must exist
  gone,         // HTTP 410: the continue token expired while paging
  http,         // any other non-2xx status (500, 503, ...)
  truncated,    // the body ended before the list was complete
  protocol,     // the body is not a Kubernetes list, or pagination does not make progress
  sink,         // the consumer of the pages rejected one
};

// Returns the rule id used when an error is printed as a finding, e.g. "kube-forbidden".
std::string_view rule_id(ErrorKind kind);

// One unusable-input error. Never carries a token, key or other credential.
struct Error
{
  ErrorKind kind = ErrorKind::protocol;
  std::string where;   // kubeconfig path, or the request URL without its query
  SourcePos pos;       // position in the kubeconfig; unknown for API errors
  std::string message; // what is wrong, one line
  std::string hint;    // what to do about it; may be empty
  long http_status = 0;
  // Whether the same request may succeed when repeated: a dropped connection, a body cut short,
  // 429 Too Many Requests or a 5xx answer. The pager retries these within bounds.
  bool transient = false;
};

// Returns `error` as an error Finding (rule from rule_id()), ready for the CLI's printer.
Finding to_finding(const Error& error);

// Formats `error` like a compiler: `where:line:col: error[rule]: message` and an indented hint.
std::string format_error(const Error& error);

} // namespace dualstack::verify::kube
