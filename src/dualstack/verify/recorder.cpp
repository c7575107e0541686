// Recorder: findings and per-check counts.
#include <dualstack/verify/recorder.hpp>

namespace dualstack::verify {

void Recorder::fail(Check check,
                    const ObjectRef& object,
                    std::string expected,
                    std::string found,
                    std::string message)
{
  ++m_state[index(check)].failed;
  ClusterFinding finding;
  finding.check = std::string(cluster_checks()[check].id);
  finding.kind = std::string(object.kind);
  finding.ns = std::string(object.ns);
  finding.name = std::string(object.name);
  finding.expected = std::move(expected);
  finding.found = std::move(found);
  finding.message = std::move(message);
  m_findings.push_back(std::move(finding));
}

void Recorder::skip(Check check, std::string reason)
{
  auto& state = m_state[index(check)];
  state.skipped = true;
  state.reason = std::move(reason);
}

void Recorder::rollback(const Mark& mark)
{
  m_state = mark.state;
  if (m_findings.size() > mark.findings) {
    m_findings.resize(mark.findings);
  }
}

void Recorder::fill(Report& report) &&
{
  report.checks.clear();
  for (const auto& entry : cluster_checks()) {
    const State& state = m_state[index(entry.key)];
    const ResourceResult& resource = report.resources[static_cast<std::size_t>(entry.resource)];
    CheckResult result;
    result.check = entry.key;
    result.id = std::string(entry.id);
    result.description = std::string(entry.description);
    result.group = std::string(info(entry.resource).name);
    result.objects = state.objects;
    result.failed = state.failed;
    if (state.skipped) {
      result.status = CheckStatus::skipped;
      result.skip_reason = state.reason;
    } else if (!resource.read) {
      result.status = CheckStatus::skipped;
      result.skip_reason = resource.note.empty()
                             ? std::string(info(entry.resource).file) + " not read"
                             : resource.note;
    } else {
      result.status = state.failed > 0 ? CheckStatus::failed : CheckStatus::passed;
    }
    report.checks.push_back(std::move(result));
  }
  report.findings = std::move(m_findings);
}

} // namespace dualstack::verify
