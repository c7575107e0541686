// Json documents of the kubeadm renderer and their YAML form.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace dualstack::render::kubeadm {

// Insertion-ordered JSON: each document keeps the key order it was built in.
using Json = nlohmann::ordered_json;

// Prints `documents` as one multi-document YAML stream ("---" before each). Strings are
// double-quoted so that no reader (go-yaml, yaml-cpp) types an address, version or placeholder
// as anything but a string; the output is byte-identical for equal input.
std::string to_yaml(const std::vector<Json>& documents);

} // namespace dualstack::render::kubeadm
