// Reading JSON reports back and merging them.
#include <dualstack/verify/gather.hpp>

#include <dualstack/verify/host/host_checks.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

namespace dualstack::verify {

namespace {

// Not `json`: verify has a namespace of that name (json_item.hpp).
using Json = nlohmann::json;

constexpr GatherCheckInfo gather_check_rows[] = {
  { GatherCheck::host_reported,
    "host-reported",
    "every master and worker of the Plan has a host report in the gathered directory" },
};

constexpr util::Registry<GatherCheckInfo> gather_check_registry{ "verify --gather",
                                                                 gather_check_rows };

std::optional<CheckStatus> status_from(std::string_view text)
{
  if (text == "passed")
    return CheckStatus::passed;
  if (text == "failed")
    return CheckStatus::failed;
  if (text == "skipped")
    return CheckStatus::skipped;
  return std::nullopt;
}

std::optional<Severity> severity_from(std::string_view text)
{
  for (Severity severity : { Severity::error, Severity::warning }) {
    if (to_string(severity) == text)
      return severity;
  }
  return std::nullopt;
}

std::string text_of(const Json& object, const char* key)
{
  const auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::size_t count_of(const Json& object, const char* key)
{
  const auto it = object.find(key);
  return it != object.end() && it->is_number_unsigned() ? it->get<std::size_t>() : 0;
}

// Fills id, description and group of a check from the catalogs (unknown ids keep "").
void describe(CheckResult& result)
{
  if (const auto* check = cluster_checks().find(result.id)) {
    result.check = check->key;
    result.description = std::string(check->description);
    result.group = std::string(info(check->resource).name);
  } else if (const auto* host_check = host::host_checks().find(result.id)) {
    result.description = std::string(host_check->description);
    result.group = "host";
  } else if (const auto* gather_check = gather_checks().find(result.id)) {
    result.description = std::string(gather_check->description);
    result.group = "host";
  }
}

// Orders checks as reports list them: cluster checks, host checks, gather checks, then any
// other id.
std::size_t rank(const CheckResult& result)
{
  if (const auto at = cluster_checks().position(result.id))
    return *at;
  std::size_t before = cluster_checks().size();
  if (const auto at = host::host_checks().position(result.id))
    return before + *at;
  before += host::host_checks().size();
  if (const auto at = gather_checks().position(result.id))
    return before + *at;
  return before + gather_checks().size();
}

InputError file_error(std::string source, std::string message)
{
  InputError error;
  error.source = std::move(source);
  error.message = std::move(message);
  return error;
}

} // namespace

const util::Registry<GatherCheckInfo>& gather_checks()
{
  return gather_check_registry;
}

tl::expected<Report, std::string> read_json_report(std::string_view text, const std::string& source)
{
  const Json document = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (document.is_discarded() || !document.is_object()) {
    return tl::unexpected(
      std::string("not JSON (expected the output of `dualstack verify ... --format json`)"));
  }
  const auto summary = document.find("summary");
  const auto findings = document.find("findings");
  if (summary == document.end() || !summary->is_object() || findings == document.end() ||
      !findings->is_array() || !summary->contains("checks") || !(*summary)["checks"].is_array()) {
    return tl::unexpected(std::string("not a verify report (no summary.checks and findings)"));
  }
  Report report;
  for (const Json& entry : (*summary)["checks"]) {
    CheckResult result;
    result.id = entry.is_object() ? text_of(entry, "id") : "";
    const auto status = entry.is_object() ? status_from(text_of(entry, "status")) : std::nullopt;
    if (result.id.empty() || !status) {
      return tl::unexpected(std::string("a check in summary.checks has no id or status"));
    }
    result.status = *status;
    result.objects = count_of(entry, "objects");
    result.failed = count_of(entry, "failed");
    result.skip_reason = text_of(entry, "reason");
    describe(result);
    report.checks.push_back(std::move(result));
  }
  if (const auto resources = summary->find("resources");
      resources != summary->end() && resources->is_object() && !resources->empty()) {
    for (Resource resource : all_resources) {
      const auto it = resources->find(std::string(info(resource).name));
      ResourceResult result;
      result.resource = resource;
      if (it != resources->end() && it->is_object()) {
        result.read = it->value("read", false);
        result.items = count_of(*it, "items");
        result.note = text_of(*it, "note");
      }
      report.resources.push_back(std::move(result));
    }
  }
  if (const auto nodes = summary->find("nodes"); nodes != summary->end() && nodes->is_array()) {
    for (const Json& node : *nodes) {
      if (node.is_string())
        report.nodes.push_back(node.get<std::string>());
    }
  }
  report.scope = text_of(*summary, "scope");
  for (const Json& entry : *findings) {
    if (!entry.is_object()) {
      return tl::unexpected(std::string("a finding is not an object"));
    }
    ClusterFinding finding;
    finding.check = text_of(entry, "check");
    finding.severity = severity_from(text_of(entry, "severity")).value_or(Severity::error);
    finding.kind = text_of(entry, "kind");
    finding.ns = text_of(entry, "namespace");
    finding.name = text_of(entry, "name");
    finding.expected = text_of(entry, "expected");
    finding.found = text_of(entry, "found");
    finding.message = text_of(entry, "message");
    report.findings.push_back(std::move(finding));
  }
  if (const auto errors = document.find("errors"); errors != document.end() && errors->is_array()) {
    for (const Json& entry : *errors) {
      if (!entry.is_object())
        continue;
      InputError error;
      error.source = fmt::format("{}: {}", source, text_of(entry, "source"));
      error.message = text_of(entry, "message");
      error.offset = entry.value("offset", std::uint64_t{ 0 });
      error.item = entry.contains("item") ? count_of(entry, "item") : InputError::npos;
      error.object = text_of(entry, "object");
      report.errors.push_back(std::move(error));
    }
  }
  // A report whose summary says it was unusable keeps saying so, even if its errors were lost.
  if (document["summary"].value("exit_status", 0) == 2 && report.errors.empty()) {
    report.errors.push_back(
      file_error(source, "the report says its input was unusable (exit_status 2)"));
  }
  return report;
}

void merge_report(Report& into, Report part)
{
  for (auto& result : part.checks) {
    auto it = std::find_if(into.checks.begin(), into.checks.end(), [&](const CheckResult& r) {
      return r.id == result.id;
    });
    if (it == into.checks.end()) {
      into.checks.push_back(std::move(result));
      continue;
    }
    it->objects += result.objects;
    it->failed += result.failed;
    if (it->status == CheckStatus::failed || result.status == CheckStatus::failed) {
      it->status = CheckStatus::failed;
    } else if (it->status == CheckStatus::passed || result.status == CheckStatus::passed) {
      it->status = CheckStatus::passed;
    }
    if (it->status != CheckStatus::skipped) {
      it->skip_reason.clear();
    }
  }
  std::stable_sort(into.checks.begin(),
                   into.checks.end(),
                   [](const CheckResult& a, const CheckResult& b) { return rank(a) < rank(b); });
  if (into.resources.empty()) {
    into.resources = std::move(part.resources);
  } else {
    for (std::size_t i = 0; i < part.resources.size() && i < into.resources.size(); ++i) {
      if (part.resources[i].read && !into.resources[i].read) {
        into.resources[i] = std::move(part.resources[i]);
      } else if (part.resources[i].read) {
        into.resources[i].items += part.resources[i].items;
      }
    }
  }
  std::move(part.findings.begin(), part.findings.end(), std::back_inserter(into.findings));
  std::move(part.errors.begin(), part.errors.end(), std::back_inserter(into.errors));
  std::move(part.nodes.begin(), part.nodes.end(), std::back_inserter(into.nodes));
}

Report gather_reports(const plan::Plan& plan, const std::string& dir)
{
  namespace fs = std::filesystem;
  Report report;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    report.errors.push_back(file_error(dir, "not a directory"));
    return report;
  }
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (entry.path().extension() == ".json" && entry.is_regular_file()) {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  std::size_t reports = 0;
  for (const auto& path : files) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    const std::string name = path.filename().string();
    auto part =
      in ? read_json_report(text.str(), name) : tl::unexpected(std::string("cannot be read"));
    if (!part) {
      report.errors.push_back(file_error(name, part.error()));
      continue;
    }
    ++reports;
    merge_report(report, std::move(*part));
  }
  if (reports == 0 && report.errors.empty()) {
    report.errors.push_back(file_error(
      dir, "holds no verify reports (*.json from `dualstack verify --host --format json`)"));
  }

  // Every Kubernetes node of the Plan must have reported; a node without a report was not checked.
  CheckResult reported;
  const GatherCheckInfo& host_reported = gather_checks()[GatherCheck::host_reported];
  reported.id = std::string(host_reported.id);
  reported.description = std::string(host_reported.description);
  reported.group = "host";
  const std::set<std::string> nodes(report.nodes.begin(), report.nodes.end());
  for (const plan::Host* node : plan.k8s_nodes()) {
    ++reported.objects;
    if (nodes.count(node->name) == 0) {
      ++reported.failed;
      ClusterFinding finding;
      finding.check = reported.id;
      finding.kind = "Node";
      finding.name = node->name;
      finding.expected = "a report from `dualstack verify --host --format json` on this node";
      finding.found = "no report from this node";
      finding.message =
        "the node's host checks did not run (is the verify DaemonSet's pod on it running?)";
      report.findings.push_back(std::move(finding));
    }
  }
  reported.status = reported.failed > 0 ? CheckStatus::failed : CheckStatus::passed;
  Report reported_part;
  reported_part.checks.push_back(std::move(reported));
  merge_report(report, std::move(reported_part));
  report.scope = fmt::format("{} reports from {} nodes", reports, nodes.size());
  return report;
}

} // namespace dualstack::verify
