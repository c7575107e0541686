// verify/README.md: how to run the in-cluster verify and gather every node's result.
#pragma once

#include <dualstack/plan/plan.hpp>

#include <string>

namespace dualstack::render::verify {

// Returns the guide for the rendered verify/ files of `plan`'s cluster.
std::string readme(const plan::Plan& plan);

} // namespace dualstack::render::verify
