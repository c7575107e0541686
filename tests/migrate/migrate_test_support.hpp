// Loading a pair of configs for migrate tests, and finding where a value sits in a config text.
#pragma once

#include <dualstack/config/loader.hpp>
#include <dualstack/migrate/migration.hpp>
#include <dualstack/migrate/refusals.hpp>
#include <dualstack/plan/derive.hpp>
#include <dualstack/render/secrets.hpp>

#include <gtest/gtest.h>

#include <memory>
#include <stdexcept>
#include <string>

namespace dualstack::testing {

// A config loaded and planned (the Plan must derive: a test config with errors is a test bug).
struct Planned
{
  config::LoadResult load;
  plan::Plan plan;
};

inline std::unique_ptr<Planned> planned_text(const std::string& text, const std::string& path)
{
  auto loaded = config::load_config_text(text, path);
  if (!loaded)
    throw std::runtime_error("unusable test config: " + loaded.error().message);
  auto result = plan::derive_plan(loaded->config, loaded->findings);
  if (!result.plan) {
    std::string all;
    for (const auto& f : result.findings.all())
      all += f.rule + ": " + f.message + "\n";
    throw std::runtime_error("test config has errors:\n" + all);
  }
  return std::make_unique<Planned>(Planned{ std::move(*loaded), std::move(*result.plan) });
}

inline std::unique_ptr<Planned> planned_file(const std::string& path)
{
  auto loaded = config::load_config_file(path);
  if (!loaded)
    throw std::runtime_error("unusable config " + path);
  auto result = plan::derive_plan(loaded->config, loaded->findings);
  if (!result.plan)
    throw std::runtime_error("config has errors: " + path);
  return std::make_unique<Planned>(Planned{ std::move(*loaded), std::move(*result.plan) });
}

inline std::string example_path(const std::string& name)
{
  return std::string(DUALSTACK_SOURCE_DIR) + "/examples/" + name + "/config.toml";
}

// Returns the refusals of migrating `old_side` to `new_side`.
inline Findings refusals_of(const Planned& old_side, const Planned& new_side)
{
  Findings findings(new_side.load.config.file);
  migrate::find_refusals(
    { old_side.load.config, old_side.plan, new_side.load.config, new_side.plan }, findings);
  findings.sort();
  return findings;
}

// Returns the steps of migrating `old_side` to `new_side` (fixed keys, so no randomness).
inline migrate::Migration migration_of(const Planned& old_side, const Planned& new_side)
{
  render::Secrets secrets;
  for (const auto& endpoint : new_side.plan.wireguard_endpoints) {
    secrets.wireguard_endpoint_keys[endpoint.id] = {
      "oA1oaxUMxTnjLHAnDU1LEvHRmaVC+uCGmmoh4rj1WX8=", "x7u9JDVy7tU2Ttd7XPvdg1EOBmNDV1O2N4oc+DgvkGE="
    };
  }
  const auto artifacts = migrate::migration_artifacts(new_side.plan, secrets);
  return migrate::plan_migration(old_side.plan, new_side.plan, artifacts);
}

// Returns the 1-based line and column of `value` on the line `key = value` of `text`.
inline std::pair<int, int> position_of(const std::string& text,
                                       const std::string& key,
                                       const std::string& value)
{
  const std::string needle = key + " = " + value;
  const std::size_t at = text.find(needle);
  if (at == std::string::npos)
    throw std::runtime_error("not in the text: " + needle);
  int line = 1;
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < at; ++i) {
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  return { line, static_cast<int>(at - line_start + key.size() + 3 + 1) };
}

} // namespace dualstack::testing
