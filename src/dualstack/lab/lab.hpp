// The lab's life cycle: `up` (render, build, start, converge), attaching to a lab that is up,
// and `down` (remove exactly what the state file records).
#pragma once

#include <dualstack/lab/lab_context.hpp>

#include <memory>
#include <string>

namespace dualstack::lab {

// Returns an error naming what this machine lacks to run a lab (root, a tool), or nothing.
Status check_prerequisites();

// Builds and starts a lab of `config` (loaded from `config_path`) and waits until it converges.
// Its Plan is derived from `config` with the lab's environment (derive_lab_plan): a rule that the
// environment breaks is an error before anything is made. On any failure or interrupt everything
// made so far is removed again and the error returned.
tl::expected<std::unique_ptr<LabContext>, std::string> lab_up(const config::Config& config,
                                                              const std::string& config_path,
                                                              LabOptions options,
                                                              Progress& progress);

// Returns the context of lab `state` (which is up), rebuilt from `config` with the lab's
// environment (its client's and site peer's keys as up wrote them).
tl::expected<std::unique_ptr<LabContext>, std::string> lab_attach(const config::Config& config,
                                                                  const LabState& state,
                                                                  Progress& progress);

// Removes lab `id`: stops the processes it started (checked by tag), deletes its namespaces,
// its /etc/netns entries, WireGuard sockets and run directory. Touches nothing else.
Status lab_down(const std::string& id, Progress& progress);

} // namespace dualstack::lab
