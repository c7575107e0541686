// The Plan as JSON (the schema is documented in docs/plan-schema.md): every address a string,
// families named "ipv4" / "ipv6".
#pragma once

#include <dualstack/plan/plan.hpp>
#include <dualstack/util/json.hpp>

namespace dualstack::plan {

// Returns `plan` as JSON, schema version 1.
Json to_json(const Plan& plan);

} // namespace dualstack::plan
