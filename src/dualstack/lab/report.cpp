// The lab's results: table and JSON.
#include <dualstack/lab/report.hpp>

#include <fmt/format.h>

namespace dualstack::lab {

bool FamilyResult::check(const std::string& what, bool ok)
{
  checks.push_back({ what, ok });
  return ok;
}

void FamilyResult::skip(const std::string& why)
{
  skipped = why;
}

bool FamilyResult::passed() const
{
  if (!skipped.empty())
    return checks.empty();
  for (const auto& c : checks)
    if (!c.passed)
      return false;
  return !checks.empty();
}

FamilyResult& ScenarioResult::family(net::Family f)
{
  for (auto& r : families)
    if (r.family == f)
      return r;
  families.push_back({});
  families.back().family = f;
  return families.back();
}

bool ScenarioResult::passed() const
{
  for (const auto& f : families)
    if (!f.passed())
      return false;
  return !families.empty();
}

bool Report::passed() const
{
  for (const auto& s : scenarios)
    if (!s.passed())
      return false;
  return !scenarios.empty();
}

namespace {

std::string figures_text(const nlohmann::ordered_json& figures)
{
  std::string out;
  for (const auto& [key, value] : figures.items()) {
    if (value.is_object()) {
      for (const auto& [k2, v2] : value.items()) {
        out +=
          fmt::format("{}{}.{}={}",
                      out.empty() ? "" : " ",
                      key,
                      k2,
                      v2.is_number_float() ? fmt::format("{:.3f}", v2.get<double>()) : v2.dump());
      }
    } else {
      out += fmt::format("{}{}={}",
                         out.empty() ? "" : " ",
                         key,
                         value.is_number_float() ? fmt::format("{:.3f}", value.get<double>())
                                                 : value.dump());
    }
  }
  return out;
}

} // namespace

std::string format_table(const Report& report)
{
  std::string out =
    fmt::format("{:<3} {:<31} {:<6} {:<6} {}\n", "#", "scenario", "family", "result", "figures");
  for (const auto& s : report.scenarios) {
    for (const auto& f : s.families) {
      out += fmt::format("{:<3} {:<31} {:<6} {:<6} {}\n",
                         s.number,
                         s.title,
                         net::display_name(f.family),
                         !f.skipped.empty() && f.passed() ? "skip"
                         : f.passed()                     ? "pass"
                                                          : "FAIL",
                         f.skipped.empty() ? figures_text(f.figures) : f.skipped);
    }
  }
  out += "\n";
  for (const auto& s : report.scenarios)
    out += fmt::format("{} {}: asserts {}\n", s.number, s.title, s.asserts);
  for (const auto& s : report.scenarios) {
    for (const auto& f : s.families) {
      if (f.passed())
        continue;
      out += fmt::format("\nFAILED: {} {} ({})\n  asserts: {}\n",
                         s.number,
                         s.title,
                         net::display_name(f.family),
                         s.asserts);
      for (const auto& c : f.checks)
        out += fmt::format("  {} {}\n", c.passed ? "ok  " : "FAIL", c.what);
      if (!f.evidence.empty())
        out += "  evidence:\n" + f.evidence;
    }
  }
  std::size_t passed = 0, total = 0;
  for (const auto& s : report.scenarios)
    for (const auto& f : s.families) {
      ++total;
      passed += f.passed() ? 1 : 0;
    }
  std::size_t skipped = 0;
  for (const auto& s : report.scenarios)
    for (const auto& f : s.families)
      skipped += f.skipped.empty() ? 0 : 1;
  out += fmt::format("\n{} of {} scenario runs passed", passed, total);
  if (skipped)
    out += fmt::format(" ({} skipped: the config lacks what they need)", skipped);
  for (const auto& s : report.scenarios)
    for (const auto& t : s.timelines)
      out += fmt::format("\ntimeline: {}", t);
  if (!report.snapshot.empty())
    out += fmt::format("\nevidence kept (daemon logs, birdc, ip addr/route, keepalived data): {}",
                       report.snapshot);
  return out + "\n";
}

nlohmann::ordered_json to_json(const Report& report)
{
  nlohmann::ordered_json j;
  j["lab_id"] = report.lab_id;
  j["results_dir"] = report.results_dir;
  if (!report.snapshot.empty())
    j["snapshot"] = report.snapshot;
  j["passed"] = report.passed();
  nlohmann::ordered_json scenarios = nlohmann::ordered_json::object();
  for (const auto& s : report.scenarios) {
    nlohmann::ordered_json sj;
    sj["number"] = s.number;
    sj["title"] = s.title;
    sj["asserts"] = s.asserts;
    sj["passed"] = s.passed();
    for (const auto& f : s.families) {
      nlohmann::ordered_json fj;
      fj["passed"] = f.passed();
      if (!f.skipped.empty())
        fj["skipped"] = f.skipped;
      for (const auto& [k, v] : f.figures.items())
        fj[k] = v;
      nlohmann::ordered_json checks = nlohmann::ordered_json::array();
      for (const auto& c : f.checks)
        checks.push_back({ { "check", c.what }, { "passed", c.passed } });
      fj["checks"] = checks;
      if (!f.evidence.empty())
        fj["evidence"] = f.evidence;
      sj[std::string(net::to_string(f.family))] = fj;
    }
    sj["timelines"] = s.timelines;
    scenarios[s.key] = sj;
  }
  j["scenarios"] = scenarios;
  return j;
}

} // namespace dualstack::lab
