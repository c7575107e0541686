// `verify --gather DIR`: the JSON reports of every node (`verify --host --format json`) and of
// the cluster (`verify --in-cluster --format json`) merged into one Report.
#pragma once

#include <dualstack/plan/plan.hpp>
#include <dualstack/verify/report.hpp>

#include <tl/expected.hpp>

#include <string>
#include <string_view>

namespace dualstack::verify {

// The check --gather adds: which planned nodes sent no host report.
inline constexpr std::string_view host_reported_id = "host-reported";
inline constexpr std::string_view host_reported_description =
  "every master and worker of the Plan has a host report in the gathered directory";

// Returns the report in `json` (the output of write_json); an error (one line) when it is not
// one. `source` names it in messages.
tl::expected<Report, std::string> read_json_report(std::string_view json,
                                                   const std::string& source);

// Merges `part` into `into`: a check's results add up (failed if it failed anywhere, passed if
// it ran somewhere, else skipped), findings, errors and nodes are appended, resources combine.
void merge_report(Report& into, Report part);

// Reads every `*.json` report in `dir` (in name order) and merges them, then adds the check
// `host-reported`: every master and worker of `plan` has a host report. A file that is not a
// report is an input error (exit 2), as is a directory without reports.
Report gather_reports(const plan::Plan& plan, const std::string& dir);

} // namespace dualstack::verify
