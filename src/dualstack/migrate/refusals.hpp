// Refusals: what `dualstack migrate` will not plan because it cannot be done to a running cluster
// in place, as findings at the offending value of the NEW config.
#pragma once

#include <dualstack/config/config.hpp>
#include <dualstack/plan/plan.hpp>
#include <dualstack/util/finding.hpp>

#include <string_view>
#include <vector>

namespace dualstack::migrate {

// One kind of refusal: its rule id and one line on why.
struct RefusalRule
{
  std::string_view id;
  std::string_view description;
};

// Returns every refusal rule (for docs and tests).
const std::vector<RefusalRule>& refusal_rules();

// The two configs of a migration with their Plans.
struct Sides
{
  const config::Config& old_config;
  const plan::Plan& old_plan;
  const config::Config& new_config;
  const plan::Plan& new_plan;
};

// Adds to `findings` (the new config's) every reason the running cluster of the old config cannot
// be taken to the new one in place: a changed primary family, a removed family, a changed pool
// CIDR or block size, a range shrunk below an address in use, another change of a range that is
// immutable in place; and, through find_unsupported, every other change. Returns whether it
// added any.
bool find_refusals(const Sides& sides, Findings& findings);

// Adds a `migrate-unsupported` finding for every other difference between the Plans on the
// families the old one has (migrate plans only the adding of a family). `ranges_refused`: skip
// the differences a range refusal already explains (host addresses, VIPs, sessions).
void find_unsupported(const Sides& sides, bool ranges_refused, Findings& findings);

} // namespace dualstack::migrate
