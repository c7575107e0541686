// Writing a verify Report as text (for people), JSON (for tools) or JUnit XML (for CI).
#pragma once

#include <dualstack/verify/report.hpp>

#include <optional>
#include <ostream>
#include <string_view>

namespace dualstack::verify {

enum class ReportFormat
{
  text,
  json,
  junit
};

// Returns the format named `name` ("text", "json", "junit"), or nullopt.
std::optional<ReportFormat> parse_report_format(std::string_view name);

// Writes the one-glance summary, then every finding and input error.
void write_text(const Report& report, std::ostream& out);

// Writes {"summary":{...},"findings":[{"check","severity","kind","namespace","name","expected",
// "found","message"}],"errors":[...]}.
void write_json(const Report& report, std::ostream& out);

// Writes one JUnit testcase per check (failed: a <failure> listing its findings; skipped:
// <skipped>) and one error testcase per unusable input.
void write_junit(const Report& report, std::ostream& out);

// Writes `report` in `format`.
void write_report(const Report& report, ReportFormat format, std::ostream& out);

} // namespace dualstack::verify
