// Findings: what a rule or a loader says about the input, with position, rule id and hint.
#pragma once

#include <dualstack/util/source.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace dualstack {

enum class Severity
{
  error,
  warning
};

constexpr std::string_view to_string(Severity severity)
{
  return severity == Severity::error ? "error" : "warning";
}

// One thing wrong (or suspicious) in the input.
struct Finding
{
  std::string rule; // the rule id, e.g. "prefix-masked"
  Severity severity = Severity::error;
  std::string file;    // path of the file the position is in
  SourcePos pos;       // the offending value (or its table header when missing)
  std::string message; // what is wrong, naming the value
  std::string hint;    // how to fix it; may be empty
};

// Collects findings for one input file.
class Findings
{
public:
  explicit Findings(std::string file = {})
    : m_file(std::move(file))
  {
  }

  // Adds an error of `rule` at `pos`.
  void error(std::string rule, SourcePos pos, std::string message, std::string hint = {});
  // Adds a warning of `rule` at `pos`.
  void warning(std::string rule, SourcePos pos, std::string message, std::string hint = {});

  bool has_errors() const;
  const std::vector<Finding>& all() const
  {
    return m_findings;
  }
  std::vector<Finding>& all()
  {
    return m_findings;
  }
  const std::string& file() const
  {
    return m_file;
  }

  // Sorts by position, then rule, so output is stable.
  void sort();

private:
  std::string m_file;
  std::vector<Finding> m_findings;
};

} // namespace dualstack
