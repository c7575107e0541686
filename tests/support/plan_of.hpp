// The Plan of a ConfigBuilder's config, for render tests that start from config text.
#pragma once

#include "config_builder.hpp"

#include <dualstack/plan/plan.hpp>

namespace dualstack::testing {

// Loads and derives `builder`'s config. A config that does not load or has errors fails the
// test (with the message and every finding) and gives an empty Plan.
plan::Plan plan_of(const ConfigBuilder& builder);

} // namespace dualstack::testing
