// plan_migration: the ordered steps that take a running cluster from one Plan to another, and the
// files `dualstack migrate` writes for them.
#pragma once

#include <dualstack/migrate/step.hpp>
#include <dualstack/plan/plan.hpp>
#include <dualstack/render/artifact.hpp>
#include <dualstack/render/secrets.hpp>

namespace dualstack::migrate {

// Returns what `dualstack migrate -o DIR` writes: every file of `new_plan` as `render` writes them,
// and per master `migrate/control-plane/<master>.yaml` (its InitConfiguration, the
// ClusterConfiguration and KubeletConfiguration: what the kubeadm phases of the steps read).
render::Artifacts migration_artifacts(const plan::Plan& new_plan, const render::Secrets& secrets);

// Returns the steps from `old_plan` to `new_plan`, which must differ only in `new_plan` adding a
// family (what find_refusals leaves). No step when the families are the same. `artifacts` are
// migration_artifacts(new_plan, ...).
Migration plan_migration(const plan::Plan& old_plan,
                         const plan::Plan& new_plan,
                         const render::Artifacts& artifacts);

} // namespace dualstack::migrate
