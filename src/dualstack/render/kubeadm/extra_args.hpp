// Command-line arguments kubeadm passes to a component or the kubelet, in either API shape.
#pragma once

#include <dualstack/render/kubeadm/api_version.hpp>
#include <dualstack/render/kubeadm/document.hpp>

#include <string>
#include <utility>
#include <vector>

namespace dualstack::render::kubeadm {

// Flag name (without "--") and value, in the order they are written.
using ExtraArgs = std::vector<std::pair<std::string, std::string>>;

// Returns `args` as a map (v1beta3) or a list of {name, value} (v1beta4).
Json extra_args(const ExtraArgs& args, const KubeadmApi& api);

} // namespace dualstack::render::kubeadm
