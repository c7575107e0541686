// Report writers: text, JSON and JUnit.
#include <dualstack/verify/report_writer.hpp>

#include <dualstack/util/xml_escape.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>

namespace dualstack::verify {

namespace {

using util::xml_escape;

std::string object_name(const ClusterFinding& f)
{
  return f.ns.empty() ? f.name : f.ns + "/" + f.name;
}

std::string resource_counts(const Report& report)
{
  std::string out;
  for (const auto& resource : report.resources) {
    if (resource.read) {
      out += fmt::format(
        "{}{} {}", out.empty() ? "" : ", ", resource.items, info(resource.resource).name);
    }
  }
  if (out.empty()) {
    return report.scope.empty() ? "no objects read" : report.scope;
  }
  return report.scope.empty() ? out : report.scope + ": " + out;
}

} // namespace

std::optional<ReportFormat> parse_report_format(std::string_view name)
{
  if (name == "text") {
    return ReportFormat::text;
  }
  if (name == "json") {
    return ReportFormat::json;
  }
  if (name == "junit") {
    return ReportFormat::junit;
  }
  return std::nullopt;
}

void write_text(const Report& report, std::ostream& out)
{
  out << fmt::format("verify: {} checks: {} passed, {} failed, {} skipped; {} finding{} ({})\n",
                     report.checks.size(),
                     report.count(CheckStatus::passed),
                     report.count(CheckStatus::failed),
                     report.count(CheckStatus::skipped),
                     report.findings.size(),
                     report.findings.size() == 1 ? "" : "s",
                     resource_counts(report));
  std::size_t width = 0;
  for (const auto& check : report.checks) {
    width = std::max(width, check.id.size());
  }
  for (const auto& check : report.checks) {
    const std::string_view id = check.id;
    std::string detail;
    switch (check.status) {
      case CheckStatus::passed:
        detail = fmt::format("{} objects", check.objects);
        break;
      case CheckStatus::failed:
        detail = fmt::format("{} objects, {} failed", check.objects, check.failed);
        break;
      case CheckStatus::skipped:
        detail = check.skip_reason;
        break;
    }
    const std::string_view label = check.status == CheckStatus::passed   ? "pass"
                                   : check.status == CheckStatus::failed ? "FAIL"
                                                                         : "skip";
    out << fmt::format("  {}  {:<{}}  {}\n", label, id, width, detail);
  }
  for (const auto& error : report.errors) {
    out << fmt::format("error: {}\n", error.to_string());
  }
  if (!report.errors.empty()) {
    out << "hint: the input is incomplete or malformed; no check passes on partial input\n";
  }
  for (const auto& f : report.findings) {
    out << fmt::format(
      "{}[{}]: {} {}: {}\n", to_string(f.severity), f.check, f.kind, object_name(f), f.message);
    out << fmt::format("    expected: {}\n    found:    {}\n", f.expected, f.found);
  }
}

void write_json(const Report& report, std::ostream& out)
{
  nlohmann::ordered_json checks = nlohmann::ordered_json::array();
  for (const auto& check : report.checks) {
    nlohmann::ordered_json entry{ { "id", check.id },
                                  { "status", to_string(check.status) },
                                  { "objects", check.objects },
                                  { "failed", check.failed } };
    if (check.status == CheckStatus::skipped) {
      entry["reason"] = check.skip_reason;
    }
    checks.push_back(std::move(entry));
  }
  nlohmann::ordered_json resources = nlohmann::ordered_json::object();
  for (const auto& resource : report.resources) {
    nlohmann::ordered_json entry{ { "read", resource.read }, { "items", resource.items } };
    if (!resource.note.empty()) {
      entry["note"] = resource.note;
    }
    resources[std::string(info(resource.resource).name)] = std::move(entry);
  }
  nlohmann::ordered_json summary{
    { "exit_status", static_cast<int>(report.exit_status()) },
    { "passed", report.count(CheckStatus::passed) },
    { "failed", report.count(CheckStatus::failed) },
    { "skipped", report.count(CheckStatus::skipped) },
    { "findings", report.findings.size() },
    { "checks", std::move(checks) },
    { "resources", std::move(resources) },
  };
  if (!report.scope.empty()) {
    summary["scope"] = report.scope;
  }
  if (!report.nodes.empty()) {
    summary["nodes"] = report.nodes;
  }
  nlohmann::ordered_json findings = nlohmann::ordered_json::array();
  for (const auto& f : report.findings) {
    findings.push_back({ { "check", f.check },
                         { "severity", to_string(f.severity) },
                         { "kind", f.kind },
                         { "namespace", f.ns },
                         { "name", f.name },
                         { "expected", f.expected },
                         { "found", f.found },
                         { "message", f.message } });
  }
  nlohmann::ordered_json errors = nlohmann::ordered_json::array();
  for (const auto& e : report.errors) {
    nlohmann::ordered_json entry{ { "source", e.source },
                                  { "offset", e.offset },
                                  { "message", e.message } };
    if (e.item != InputError::npos) {
      entry["item"] = e.item;
    }
    if (!e.object.empty()) {
      entry["object"] = e.object;
    }
    errors.push_back(std::move(entry));
  }
  nlohmann::ordered_json document{ { "summary", std::move(summary) },
                                   { "findings", std::move(findings) },
                                   { "errors", std::move(errors) } };
  out << document.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
}

void write_junit(const Report& report, std::ostream& out)
{
  const std::size_t tests = report.checks.size() + report.errors.size();
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out << fmt::format("<testsuites tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\">\n",
                     tests,
                     report.count(CheckStatus::failed),
                     report.errors.size(),
                     report.count(CheckStatus::skipped));
  out << fmt::format("  <testsuite name=\"dualstack verify\" tests=\"{}\" failures=\"{}\" "
                     "errors=\"{}\" skipped=\"{}\">\n",
                     tests,
                     report.count(CheckStatus::failed),
                     report.errors.size(),
                     report.count(CheckStatus::skipped));
  for (const auto& error : report.errors) {
    out << fmt::format("    <testcase classname=\"dualstack.verify.input\" name=\"{}\">\n"
                       "      <error message=\"{}\"/>\n    </testcase>\n",
                       xml_escape(error.source),
                       xml_escape(error.to_string()));
  }
  for (const auto& check : report.checks) {
    out << fmt::format(
      "    <testcase classname=\"dualstack.verify.{}\" name=\"{}\">\n", check.group, check.id);
    if (check.status == CheckStatus::skipped) {
      out << fmt::format("      <skipped message=\"{}\"/>\n", xml_escape(check.skip_reason));
    } else if (check.status == CheckStatus::failed) {
      out << fmt::format("      <failure message=\"{} of {} objects failed: {}\">",
                         check.failed,
                         check.objects,
                         xml_escape(check.description));
      for (const auto& f : report.findings) {
        if (f.check == check.id) {
          out << xml_escape(fmt::format("{} {}: {} (expected {}; found {})\n",
                                        f.kind,
                                        object_name(f),
                                        f.message,
                                        f.expected,
                                        f.found));
        }
      }
      out << "</failure>\n";
    }
    out << "    </testcase>\n";
  }
  out << "  </testsuite>\n</testsuites>\n";
}

void write_report(const Report& report, ReportFormat format, std::ostream& out)
{
  switch (format) {
    case ReportFormat::text:
      write_text(report, out);
      break;
    case ReportFormat::json:
      write_json(report, out);
      break;
    case ReportFormat::junit:
      write_junit(report, out);
      break;
  }
}

} // namespace dualstack::verify
