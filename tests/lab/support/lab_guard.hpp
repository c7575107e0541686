// What the lab's end-to-end tests share: whether this machine can run a lab, a fresh lab id,
// and a guard that takes the lab down when the test ends, passed or failed.
#pragma once

#include <string>

namespace dualstack::lab::testing {

// Returns why this machine cannot run the lab (not root, no network namespaces), or "".
std::string missing_rights();

// Returns a random 4-hex-digit lab id.
std::string random_lab_id();

// Runs `dualstack lab down --id ID` when it goes out of scope.
struct LabGuard
{
  std::string id;
  ~LabGuard();
};

} // namespace dualstack::lab::testing
