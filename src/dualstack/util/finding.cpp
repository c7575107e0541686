// Findings collection.
#include <dualstack/util/finding.hpp>

#include <algorithm>
#include <tuple>

namespace dualstack {

void Findings::error(std::string rule, SourcePos pos, std::string message, std::string hint)
{
  m_findings.push_back(
    { std::move(rule), Severity::error, m_file, pos, std::move(message), std::move(hint) });
}

void Findings::warning(std::string rule, SourcePos pos, std::string message, std::string hint)
{
  m_findings.push_back(
    { std::move(rule), Severity::warning, m_file, pos, std::move(message), std::move(hint) });
}

bool Findings::has_errors() const
{
  return std::any_of(m_findings.begin(), m_findings.end(), [](const Finding& f) {
    return f.severity == Severity::error;
  });
}

void Findings::sort()
{
  std::stable_sort(m_findings.begin(), m_findings.end(), [](const Finding& a, const Finding& b) {
    return std::tie(a.pos.line, a.pos.column, a.rule) < std::tie(b.pos.line, b.pos.column, b.rule);
  });
}

} // namespace dualstack
