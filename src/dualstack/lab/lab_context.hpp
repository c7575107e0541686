// The running lab as the steps see it: the config it was built from, the Plan derived from it
// with the lab's environment (lab/environment.hpp), its topology, its state file and where
// progress goes.
#pragma once

#include <dualstack/config/config.hpp>
#include <dualstack/lab/progress.hpp>
#include <dualstack/lab/state.hpp>
#include <dualstack/lab/topology.hpp>
#include <dualstack/plan/plan.hpp>

#include <tl/expected.hpp>

#include <atomic>
#include <string>
#include <vector>

namespace dualstack::lab {

using Status = tl::expected<void, std::string>;

// Returns early from the enclosing function with the error of a failed Status.
#define LAB_TRY(expr)                                                                              \
  do {                                                                                             \
    if (auto lab_status_ = (expr); !lab_status_)                                                   \
      return tl::unexpected(lab_status_.error());                                                  \
  } while (0)

// Set by the CLI's SIGINT/SIGTERM handler; waits stop early and steps fail with "interrupted".
extern std::atomic<bool> g_interrupted;

struct LabContext
{
  config::Config config; // as loaded: the lab's environment is not in it
  plan::Plan plan;       // derive_lab_plan(config, topology, the lab's keys)
  Topology topology;
  LabState state;
  Progress* progress = nullptr;

  // Returns the directory of the rendered tree (render output, unchanged).
  std::string render_dir() const
  {
    return state.run_dir + "/render";
  }
  // Returns the lab's own directory for namespace `ns` (pid files, logs, sockets).
  std::string ns_dir(const std::string& ns) const;
  // Reports a progress line.
  void say(const std::string& what) const
  {
    if (progress)
      progress->step(what);
  }
  // Records `pid` as `key` in the state file.
  void record_pid(const std::string& key, pid_t pid);
  // Returns the public key of the lab's WireGuard client (its private key stays in run_dir).
  std::string client_public_key() const;
  // Returns the public key of the lab's fixed-endpoint site peer ("" when it has none).
  std::string site_public_key() const;
};

// Runs `argv`; on failure returns an error quoting the command and its output.
Status must_run(const std::vector<std::string>& argv);

// Runs `argv` inside namespace `ns`; on failure returns an error quoting it.
Status must_run_in(const std::string& ns, const std::vector<std::string>& argv);

// Sleeps `seconds`, returning false early if interrupted.
bool sleep_for(double seconds);

// Returns seconds since the epoch (the clock ping -D prints).
double now_s();

} // namespace dualstack::lab
