// Compute instances, one per host, each on its own port (flavor, image and key pair are variables).
#pragma once

#include <dualstack/plan/plan.hpp>
#include <dualstack/render/terraform/document.hpp>

namespace dualstack::render::terraform {

// Adds an instance per host to `doc`.
void add_instances(TerraformDocument& doc, const plan::Plan& plan);

} // namespace dualstack::render::terraform
