// `verify --gather DIR`: the JSON reports of every node (`verify --host --format json`) and of
// the cluster (`verify --in-cluster --format json`) merged into one Report.
#pragma once

#include <dualstack/plan/plan.hpp>
#include <dualstack/util/registry.hpp>
#include <dualstack/verify/report.hpp>

#include <tl/expected.hpp>

#include <string>
#include <string_view>

namespace dualstack::verify {

// The checks --gather adds: the typed ids of `gather_checks()`.
enum class GatherCheck
{
  host_reported, // which planned nodes sent no host report
  count_         // not a check: the number of gather checks
};

// A gather check's row: its key, stable id (e.g. "host-reported") and one-line description.
using GatherCheckInfo = util::KeyedRow<GatherCheck>;

// Returns the checks --gather adds, in report order (after the cluster and host checks).
const util::Registry<GatherCheckInfo>& gather_checks();

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
