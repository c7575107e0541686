// A run of `lab test` or `lab migrate` as a whole: the lab it reuses, where its results go, the
// scenarios it runs and in what order, and how it ends (evidence kept, report.json, down).
#pragma once

#include <dualstack/config/config.hpp>
#include <dualstack/lab/lab_context.hpp>
#include <dualstack/lab/report.hpp>
#include <dualstack/lab/scenarios.hpp>
#include <dualstack/lab/state.hpp>
#include <dualstack/plan/plan.hpp>

#include <tl/expected.hpp>

#include <functional>
#include <optional>
#include <string>

namespace dualstack::lab {

// Returns the lab `lab test CONFIG [--id ID]` reuses: one that is up and was built from
// `config_path` (compared as absolute paths), restricted to lab `id` when it is not empty; the
// last such lab by id when there are several, nullopt when none.
std::optional<LabState> find_reusable_lab(const std::string& config_path, const std::string& id);

// Returns the directory for a run's report and timelines: `results` (--results), or
// /var/tmp/dualstack-lab-results/<id> when it is empty.
std::string results_path(const std::string& results, const std::string& id);

// Returns results_path(results, id), made (with its parents).
std::string make_results_dir(const std::string& results, const std::string& id);

// Returns `config` with one more WireGuard peer (`lab-added-peer`, a fresh key) as the operator
// would add it, checked by the same rules and slots as `dualstack render` would; when it does not
// pass, the error says so and names each finding that stops it (derive_config_plan).
tl::expected<config::Config, std::string> config_with_added_peer(const config::Config& config);

// Runs what `lab test` runs on `lab`: in deploy mode first the redeploy and add_peer scenarios
// (add_peer with config_with_added_peer(config); when that does not pass, a
// failed add_peer result, and its findings go to `warn`), then the `selection` of the scenario
// table.
Report run_test_scenarios(LabContext& lab,
                          const std::string& results_dir,
                          const ScenarioSelection& selection,
                          const config::Config& config,
                          const std::function<void(const std::string&)>& warn);

// Returns an error when `dualstack migrate OLD NEW` refuses to take `old_plan` (of
// `old_config`, from `old_path`) to `new_plan` in place: `lab migrate` runs only migrations
// migrate plans.
Status check_migration_allowed(const config::Config& old_config,
                               const plan::Plan& old_plan,
                               const std::string& old_path,
                               const config::Config& new_config,
                               const plan::Plan& new_plan,
                               const std::string& new_path);

// Runs what `lab migrate` runs on `lab` (up from the old config in deploy mode): migrate_lab to
// `new_config` (from `new_config_path`), then, when it passed, the table's after-migration
// scenarios for both families.
Report run_migration_scenarios(LabContext& lab,
                               const config::Config& new_config,
                               const std::string& new_config_path,
                               const std::string& results_dir,
                               const std::string& kill_at);

// Ends a lab run: keeps a failed report's evidence (keep_evidence: the daemons' logs and state
// outlive `down`), writes report.json into `results_dir`, and takes the lab down if this run
// made it (`made_here`), unless `keep` (--keep) and not interrupted; otherwise says that it
// stays up. Problems that do not change
// the outcome go to `warn` ("could not keep the evidence: ...", "down: ..."). Returns the path of
// report.json.
std::string finish_run(const LabContext& lab,
                       Report& report,
                       const std::string& results_dir,
                       bool made_here,
                       bool keep,
                       Progress& progress,
                       const std::function<void(const std::string&)>& warn);

} // namespace dualstack::lab
