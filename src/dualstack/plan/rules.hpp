// The rules a config must satisfy: ids, one-line descriptions, and the checks themselves.
#pragma once

#include <dualstack/config/config.hpp>
#include <dualstack/util/finding.hpp>
#include <dualstack/util/registry.hpp>

#include <string_view>

namespace dualstack::plan {

// A config rule. Findings name it by its string id (the loader, in a lower layer, reports
// some), so it has no typed id.
struct RuleInfo
{
  std::string_view id;          // stable, e.g. "prefix-masked"
  std::string_view description; // one line
};

// Returns every config rule (loader rules included), in the order `dualstack rules` lists them.
const util::Registry<RuleInfo>& config_rules();

// Runs every rule over `config`, adding findings.
void check_config(const config::Config& config, Findings& findings);

} // namespace dualstack::plan
