// Running a whole lab command as a test does and reading its JSON report: what the lab's
// end-to-end tests (lab test, lab test --deploy, lab migrate) share beyond the guard.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace dualstack::lab::testing {

struct LabRun
{
  int status = -1;
  std::string out;
  std::string err;
  nlohmann::json report; // discarded when the output is no JSON
};

// Runs `dualstack lab <args> --id <id> --format json`.
LabRun run_lab(std::vector<std::string> args, const std::string& id);

// The scenarios every `lab test` runs, in order.
const std::vector<std::string>& standard_scenarios();

// Expects each of `scenarios` in `report`, passed and not skipped for each of `families`.
void expect_scenarios_pass(const nlohmann::json& report,
                           const std::vector<std::string>& scenarios,
                           const std::vector<std::string>& families = { "ipv4", "ipv6" });

// Expects nothing of lab `id` left: no namespace (/run/netns), no /etc/netns entry, no state.
void expect_lab_gone(const std::string& id);

// Removes a run's `--results` directory when the current test has passed; when it has failed,
// keeps it (logs, report, timelines) and says where, so a flaky run leaves its evidence.
void remove_results_unless_failed(const std::string& results);

} // namespace dualstack::lab::testing
