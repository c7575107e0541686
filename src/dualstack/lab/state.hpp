// The lab's state file (/run/dualstack-lab/<id>/state.json): everything `up` made, recorded as
// it is made, so `down` removes exactly that and nothing else, even after a crash.
#pragma once

#include <sys/types.h>

#include <tl/expected.hpp>

#include <map>
#include <string>
#include <vector>

namespace dualstack::lab {

// Returns the directory holding every lab's state (/run/dualstack-lab, or $DUALSTACK_LAB_RUN).
std::string state_root();

struct LabState
{
  std::string id;
  std::string tag;     // DUALSTACK_LAB_TAG value of every process we started
  std::string config;  // absolute path of the config the lab was built from
  std::string run_dir; // state_root()/<id>: render output, logs, sockets
  int nodes = 0;
  int gateways = 0;
  std::vector<std::string> namespaces; // created, in order
  std::vector<std::string> wg_interfaces;
  std::map<std::string, pid_t> pids; // "gw0/bird" -> pid
  bool up = false;                   // `up` finished (converged)
  std::string deploy;                // "ansible": the gateways were deployed by the playbook
  std::string client = "roaming";    // roaming | fixed (LabOptions::client)

  // Returns the state file's path.
  std::string path() const
  {
    return run_dir + "/state.json";
  }
};

// Writes `state` atomically (write to a temporary file, rename).
tl::expected<void, std::string> save_state(const LabState& state);

// Loads the state of lab `id`.
tl::expected<LabState, std::string> load_state(const std::string& id);

// Returns the ids of every lab with a state file.
std::vector<std::string> list_labs();

} // namespace dualstack::lab
