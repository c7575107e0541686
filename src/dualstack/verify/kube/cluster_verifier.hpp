// verify --kubeconfig: every resource listed from the API server into the Verifier.
#pragma once

#include <dualstack/plan/plan.hpp>
#include <dualstack/verify/input_error.hpp>
#include <dualstack/verify/kube/client_observer.hpp>
#include <dualstack/verify/kube/error.hpp>
#include <dualstack/verify/kube/https_client.hpp>
#include <dualstack/verify/kube/list_pager.hpp>
#include <dualstack/verify/progress.hpp>
#include <dualstack/verify/report.hpp>

namespace dualstack::verify::kube {

// Lists every resource of `all_resources`, in order, through `client` and checks it against
// `plan` (the live counterpart of verify_dump). Transient failures are retried and a list whose
// continue token expired is read again from its start, within `options`, with nothing counted
// twice. A custom resource that is not installed is
// skipped with a note; any failed list is an error in the report (exit 2). A failure that
// would repeat for every resource (cannot connect, TLS, credentials refused) ends the run: the
// resources after it are reported as not read. Warnings go to `client_observer`, progress to
// `observer` (both may be null).
Report verify_cluster(const plan::Plan& plan,
                      HttpsClient& client,
                      const PagerOptions& options = {},
                      ClientObserver* client_observer = nullptr,
                      VerifyObserver* observer = nullptr);

// Returns `error` as a report InputError: `source` is the URL (or kubeconfig path), the message
// carries the position and the hint.
InputError to_input_error(const Error& error);

} // namespace dualstack::verify::kube
