// The in-cluster verify workloads: a Job (the cluster checks through the API) and a DaemonSet
// (the node checks on every node).
#pragma once

#include <dualstack/plan/plan.hpp>
#include <dualstack/render/yaml.hpp>

namespace dualstack::render::verify {

// Returns the Job running `dualstack verify CONFIG --in-cluster --format json` once.
Json verify_job(const plan::Plan& plan);

// Returns the DaemonSet running `dualstack verify CONFIG --host --node NODE --format json` once
// per node (host network, no API token, every taint tolerated), then sleeping so the pod keeps
// its log for `--gather`.
Json verify_daemonset(const plan::Plan& plan);

} // namespace dualstack::render::verify
