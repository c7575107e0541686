// A migration on a live lab: the lab runs the old config; `dualstack migrate`'s steps to the new
// one are applied to it while the client probes a pod over IPv4 (the family in use), and the
// longest IPv4 outage of the whole migration is measured.
#pragma once

#include <dualstack/lab/lab_context.hpp>
#include <dualstack/lab/report.hpp>
#include <dualstack/plan/plan.hpp>

#include <string>

namespace dualstack::lab {

// The longest IPv4 outage the migration may cause (its one VRRP handover; docs/lab.md).
constexpr double migration_outage_limit_s = 1.0;

// Applies the migration from the lab's Plan to `new_config`'s (loaded from `new_config_path`; a
// family added; the caller checked that `dualstack migrate` does not refuse it), derived with the
// lab's environment like the lab's own (derive_lab_plan: a rule it breaks fails the migration), on
// the running lab, which must be up in deploy mode: the ports step (every host and pod gains the
// family), then the node-network and gateway steps through the rendered ansible/migrate.yml over
// SSH from the client (backups first, the master last, as migrate orders them), the WireGuard
// client's new config and the nodes' BGP stand-ins (the Calico step). With `kill_at` (a gateway or
// node-network step id) the first playbook run is killed once that step ran two commands, and the
// playbook runs again from the top. Steps about Kubernetes objects have nothing to act on in the
// lab and are listed as such. Afterwards the lab's config, Plan and topology are the new config's
// and the state names `new_config_path`. The result holds the IPv4 figures (`outage_s`, `lost`,
// `steps`); an error means the lab could not apply a step.
ScenarioResult migrate_lab(LabContext& lab,
                           const config::Config& new_config,
                           const std::string& new_config_path,
                           const std::string& results_dir,
                           const std::string& kill_at = "");

} // namespace dualstack::lab
