// plan_of implementation.
#include "plan_of.hpp"

#include <dualstack/config/loader.hpp>
#include <dualstack/plan/derive.hpp>

#include <gtest/gtest.h>

namespace dualstack::testing {

plan::Plan plan_of(const ConfigBuilder& builder)
{
  auto loaded = config::load_config_text(builder.text(), "config.toml");
  if (!loaded) {
    ADD_FAILURE() << "config does not load: " << loaded.error().message << "\n" << builder.text();
    return {};
  }
  auto result = plan::derive_plan(loaded->config, loaded->findings);
  if (!result.plan) {
    std::string findings;
    for (const auto& f : result.findings.all())
      findings += f.rule + ": " + f.message + "\n";
    ADD_FAILURE() << "config has errors:\n" << findings << builder.text();
    return {};
  }
  return *result.plan;
}

} // namespace dualstack::testing
