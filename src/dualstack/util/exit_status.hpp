// Exit codes shared by every command.
#pragma once

namespace dualstack {

enum ExitStatus : int
{
  exit_ok = 0,       // nothing wrong
  exit_findings = 1, // the input has errors (or a check failed)
  exit_unusable = 2, // the input cannot be used at all, or the command line is wrong
};

} // namespace dualstack
