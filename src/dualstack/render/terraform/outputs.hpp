// Outputs: the VIPs, every host's addresses and the floating IPs.
#pragma once

#include <dualstack/plan/plan.hpp>
#include <dualstack/render/terraform/document.hpp>

namespace dualstack::render::terraform {

// Adds the outputs to `doc`.
void add_outputs(TerraformDocument& doc, const plan::Plan& plan);

} // namespace dualstack::render::terraform
