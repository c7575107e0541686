// The migration as an Ansible playbook (ansible/migrate.yml beside the deploy inventory): every
// step in order, one play per step, each skipped when its done-condition holds, stopped with
// what to do when a command or its gate fails.
#pragma once

#include <dualstack/migrate/step.hpp>
#include <dualstack/plan/plan.hpp>
#include <dualstack/render/artifact.hpp>

#include <string>

namespace dualstack::migrate {

// Returns the Ansible tag of the plays of step `step_id` ("gateway", "node-network",
// "terraform", "control-plane", "kubelet", "dataplane", "pod-cidrs", "clients", "dns",
// "workloads"); every play also has its step id as tag.
std::string playbook_tag(const std::string& step_id);

// Renders ansible/migrate.yml for `migration` to `new_plan`: per step a play on the step's host
// (operator steps on localhost, with the render directory as working directory): its
// done-condition first, then its files (gateway files through their checkers) and commands in
// order, commands on other hosts delegated to them; then its gate: the step's checks, and with
// `dualstack_migrate_gate=api` (the default) `dualstack verify --kubeconfig` on the control host,
// failing on a finding of the step's verify checks in its scope. `artifacts` are the files
// migrate writes (modes, secrets).
std::string migrate_playbook(const plan::Plan& new_plan,
                             const Migration& migration,
                             const render::Artifacts& artifacts);

} // namespace dualstack::migrate
