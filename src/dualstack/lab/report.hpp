// Scenario results: checks per family with their figures and evidence, the people's table and the
// JSON summary (`outage_s` under scenario and family).
#pragma once

#include <dualstack/net/family.hpp>

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace dualstack::lab {

struct Check
{
  std::string what;
  bool passed = false;
};

// The result of one scenario for one family.
struct FamilyResult
{
  net::Family family = net::Family::ipv4;
  std::vector<Check> checks;
  nlohmann::ordered_json figures = nlohmann::ordered_json::object(); // outage_s, ...
  std::string evidence; // routes, birdc, VRRP state: filled when a check failed
  // Why the scenario does not apply to this family (the config lacks what it needs); a skipped
  // family has no checks and counts as passed.
  std::string skipped;

  // Records a check; returns `passed`.
  bool check(const std::string& what, bool passed);
  // Marks the family skipped, `why` saying what the config lacks.
  void skip(const std::string& why);
  bool passed() const;
};

struct ScenarioResult
{
  std::string key; // JSON key, e.g. "lb_master_failure"
  int number = 0;
  std::string title;
  std::string asserts; // what it asserts, one sentence
  std::vector<FamilyResult> families;
  std::vector<std::string> timelines; // SVG files

  FamilyResult& family(net::Family f);
  bool passed() const;
};

struct Report
{
  std::string lab_id;
  std::string results_dir;
  std::string snapshot; // where a failed run's logs and daemon state were kept ("" if none)
  std::vector<ScenarioResult> scenarios;
  bool passed() const;
};

// Returns the results table for people: one row per scenario and family, failed checks and
// their evidence below.
std::string format_table(const Report& report);

// Returns the JSON summary.
nlohmann::ordered_json to_json(const Report& report);

} // namespace dualstack::lab
