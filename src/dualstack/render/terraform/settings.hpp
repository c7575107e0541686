// The `terraform` block (provider requirements) and the input variables for what the Plan does
// not hold: image, flavors, key pair and the public network.
#pragma once

#include <dualstack/plan/plan.hpp>
#include <dualstack/render/terraform/document.hpp>

#include <string_view>

namespace dualstack::render::terraform {

// Variable names used by the other parts.
namespace variable {
inline constexpr std::string_view image = "image";
inline constexpr std::string_view keypair = "keypair";
inline constexpr std::string_view public_network = "public_network";
} // namespace variable

// Returns the flavor variable of `role`, e.g. "flavor_gateway".
std::string_view flavor_variable(plan::HostRole role);

// Adds `terraform.required_providers` and every input variable to `doc`.
void add_settings(TerraformDocument& doc, const plan::Plan& plan);

} // namespace dualstack::render::terraform
