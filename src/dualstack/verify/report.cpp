// Report status helpers.
#include <dualstack/verify/report.hpp>

#include <algorithm>

namespace dualstack::verify {

std::string_view to_string(CheckStatus status)
{
  switch (status) {
    case CheckStatus::passed:
      return "passed";
    case CheckStatus::failed:
      return "failed";
    case CheckStatus::skipped:
      return "skipped";
  }
  return "skipped";
}

ExitStatus Report::exit_status() const
{
  if (!errors.empty()) {
    return exit_unusable;
  }
  const bool failed = std::any_of(checks.begin(), checks.end(), [](const CheckResult& r) {
    return r.status == CheckStatus::failed;
  });
  return failed ? exit_findings : exit_ok;
}

std::size_t Report::count(CheckStatus status) const
{
  return static_cast<std::size_t>(std::count_if(
    checks.begin(), checks.end(), [status](const CheckResult& r) { return r.status == status; }));
}

} // namespace dualstack::verify
