// Maps a non-2xx API response (usually a Kubernetes Status object) to an Error with a hint.
#pragma once

#include <dualstack/verify/kube/error.hpp>

#include <string>
#include <string_view>

namespace dualstack::verify::kube {

// Returns the error for HTTP `status` with response `body` to the request at `where`;
// `resource` (e.g. "pods") names what was being listed, for the message and hint.
Error status_error(long status,
                   std::string_view body,
                   std::string where,
                   std::string_view resource);

// Returns the `message` of a Kubernetes Status in `body`, else the body's first line, made
// printable and at most 300 characters; empty if there is nothing readable.
std::string status_message(std::string_view body);

} // namespace dualstack::verify::kube
