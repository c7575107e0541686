// Recorder: counts what each check looked at and collects its findings.
#pragma once

#include <dualstack/verify/report.hpp>

#include <array>
#include <string>
#include <string_view>

namespace dualstack::verify {

// The object a finding is about.
struct ObjectRef
{
  std::string_view kind;
  std::string_view ns;
  std::string_view name;
};

class Recorder
{
public:
  // Counts `objects` more objects looked at by `check`.
  void examined(Check check, std::size_t objects = 1)
  {
    m_state[index(check)].objects += objects;
  }

  // Records that `object` fails `check`: what the Plan expects, what the cluster has, and a
  // one-line message.
  void fail(Check check,
            const ObjectRef& object,
            std::string expected,
            std::string found,
            std::string message);

  // Marks `check` skipped with `reason` (kept even if its resource is read).
  void skip(Check check, std::string reason);

  // Returns whether `check` was marked skipped.
  bool skipped(Check check) const
  {
    return m_state[index(check)].skipped;
  }

  // Moves the counts and findings into `report` (checks of resources not read are skipped).
  void fill(Report& report) &&;

  const std::vector<ClusterFinding>& findings() const
  {
    return m_findings;
  }

private:
  struct State
  {
    std::size_t objects = 0;
    std::size_t failed = 0;
    bool skipped = false;
    std::string reason;
  };

public:
  // What was recorded up to a point, so that a List read again from its start (an expired
  // continue token) does not count its objects or findings twice.
  struct Mark
  {
    std::array<State, check_count> state{};
    std::size_t findings = 0;
  };

  // Returns the counts and the number of findings so far.
  Mark mark() const
  {
    return Mark{ m_state, m_findings.size() };
  }

  // Forgets everything recorded after `mark` was taken.
  void rollback(const Mark& mark);

private:
  static std::size_t index(Check check)
  {
    return static_cast<std::size_t>(check);
  }

  std::array<State, check_count> m_state{};
  std::vector<ClusterFinding> m_findings;
};

} // namespace dualstack::verify
