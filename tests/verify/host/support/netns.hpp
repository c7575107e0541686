// A network namespace owned by one test: created with a unique name, deleted (with everything
// in it) when the object goes out of scope, even when the test fails.
#pragma once

#include "support/run_binary.hpp"

#include <string>
#include <vector>

namespace dualstack::verify::host::testing {

// Runs `argv` (no shell), stdin from /dev/null; captures stdout, stderr and the exit status.
using dualstack::testing::run_program;

// Returns why namespaces cannot be made here (not root, no `ip netns`), or "" if they can.
std::string netns_unavailable();

class Netns
{
public:
  Netns();
  ~Netns();
  Netns(const Netns&) = delete;
  Netns& operator=(const Netns&) = delete;

  const std::string& name() const
  {
    return m_name;
  }

  // Runs `ip -n NAME args...`; a failure fails the test with the command and its stderr.
  void ip(const std::vector<std::string>& args) const;

  // Runs `argv` inside the namespace (`ip netns exec NAME argv...`).
  dualstack::testing::RunResult exec(const std::vector<std::string>& argv) const;

  // Sets sysctl `key` (e.g. "net.ipv4.ip_forward") to `value` inside the namespace.
  void sysctl(const std::string& key, const std::string& value) const;

private:
  std::string m_name;
  bool m_created = false;
};

} // namespace dualstack::verify::host::testing
