// The rules a config must satisfy: ids, one-line descriptions, and the checks themselves.
#pragma once

#include <dualstack/config/config.hpp>
#include <dualstack/util/finding.hpp>

#include <string_view>
#include <vector>

namespace dualstack::plan {

struct RuleInfo
{
  std::string_view id;
  std::string_view description;
};

// Returns every config rule (loader rules included), in the order `dualstack rules` lists them.
const std::vector<RuleInfo>& config_rules();

// Runs every rule over `config`, adding findings.
void check_config(const config::Config& config, Findings& findings);

} // namespace dualstack::plan
