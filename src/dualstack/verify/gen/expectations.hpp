// The Plan's values as plain JSON for scripts (the jq baseline), and defects.json.
#pragma once

#include <dualstack/plan/plan.hpp>
#include <dualstack/verify/gen/dump_options.hpp>

#include <string>
#include <vector>

namespace dualstack::verify::gen {

// Returns {"families":["IPv4","IPv6"],"nodes":{name:[ip,...]},"networks":{"IPv4":{...}},...}:
// what an operator would write down by hand for a jq check script.
std::string plan_expectations(const plan::Plan& plan);

// Returns defects.json: [{"check","kind","namespace","name","what"}, ...].
std::string defects_to_json(const std::vector<PlantedDefect>& defects);

} // namespace dualstack::verify::gen
