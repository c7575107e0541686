// The provider validators a Terraform schema records in its x- keys (x-enum, x-enum-ignore-case,
// x-enum-or-int-string-range, x-int-range, x-pattern, x-format), checked on literal values.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace dualstack::testing::terraform {

// Returns what the provider's validators would reject about `value` for `attribute` (a schema
// attribute object); a value holding a template sequence is known only at plan time and passes.
std::vector<std::string> constraint_errors(const nlohmann::json& attribute,
                                           const nlohmann::json& value);

} // namespace dualstack::testing::terraform
