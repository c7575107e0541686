// The result of a verify run: per-check summary, per-resource counts, findings, input errors.
#pragma once

#include <dualstack/util/exit_status.hpp>
#include <dualstack/util/finding.hpp>
#include <dualstack/verify/check.hpp>
#include <dualstack/verify/input_error.hpp>

#include <cstddef>
#include <string>
#include <vector>

namespace dualstack::verify {

enum class CheckStatus
{
  passed,
  failed,
  skipped
};

// Returns "passed", "failed" or "skipped".
std::string_view to_string(CheckStatus status);

struct CheckResult
{
  Check check = Check::node_known; // cluster checks only; host and gathered results use `id`
  std::string id;                  // the check id, e.g. "pod-ip-unique" or "host-forwarding"
  std::string description;         // one line
  std::string group;               // what it reads: a resource name ("pods") or "host"
  CheckStatus status = CheckStatus::skipped;
  std::size_t objects = 0; // objects the check looked at
  std::size_t failed = 0;  // findings it made
  std::string skip_reason; // why it did not run (skipped only)
};

struct ResourceResult
{
  Resource resource = Resource::nodes;
  bool read = false; // the List was read completely
  std::size_t items = 0;
  std::string note; // "not found in DIR", ...
};

// One object that does not match the Plan.
struct ClusterFinding
{
  std::string check; // check id
  Severity severity = Severity::error;
  std::string kind; // "Pod"
  std::string ns;   // namespace; empty for cluster-scoped objects
  std::string name;
  std::string expected;
  std::string found;
  std::string message;
};

struct Report
{
  std::vector<CheckResult> checks;       // one per check, in Check order
  std::vector<ResourceResult> resources; // one per resource, in Resource order
  std::vector<ClusterFinding> findings;  // in reading order
  std::vector<InputError> errors;        // unusable inputs
  std::string scope;                     // what was checked when no List was read ("node x")
  std::vector<std::string> nodes;        // nodes whose host checks (`verify --host`) it holds

  // Returns 2 if any input was unusable, else 1 if any check failed, else 0.
  ExitStatus exit_status() const;
  std::size_t count(CheckStatus status) const;
};

} // namespace dualstack::verify
