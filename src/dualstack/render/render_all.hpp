// Runs the selected renderers over a Plan.
#pragma once

#include <dualstack/render/renderers.hpp>

#include <optional>
#include <set>
#include <string_view>

namespace dualstack::render {

// Returns the part named `name` ("terraform", "kubeadm", "calico", "gateway", "verify",
// "ansible").
std::optional<Part> part_from_name(std::string_view name);

// Returns the name of `part`.
std::string_view part_name(Part part);

// Returns the part an output path belongs to (by its top folder), or nullopt for key files
// and other shared files.
std::optional<Part> part_of_path(std::string_view path);

// Renders every part in `parts` (all when empty).
Artifacts render_parts(const plan::Plan& plan, const Secrets& secrets, const std::set<Part>& parts);

} // namespace dualstack::render
