// missing_rights, random_lab_id, LabGuard.
#include "lab/support/lab_guard.hpp"

#include "support/run_binary.hpp"

#include <dualstack/lab/process.hpp>

#include <fmt/format.h>

#include <random>

#include <unistd.h>

namespace dualstack::lab::testing {

std::string missing_rights()
{
  if (geteuid() != 0)
    return "not root: the lab needs network namespaces";
  const std::string probe = fmt::format("dslprobe{}", getpid());
  auto added = run_command({ "ip", "netns", "add", probe });
  if (!added.ok())
    return "cannot create a network namespace: " + added.output;
  (void)run_command({ "ip", "netns", "del", probe });
  return "";
}

std::string random_lab_id()
{
  std::random_device device;
  return fmt::format("{:04x}", device() & 0xffff);
}

LabGuard::~LabGuard()
{
  (void)dualstack::testing::run_dualstack({ "lab", "down", "--id", id });
}

} // namespace dualstack::lab::testing
