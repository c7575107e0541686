// Progress of the lab's long steps: the CLI prints them on stderr, tests may record them.
#pragma once

#include <string>

namespace dualstack::lab {

class Progress
{
public:
  virtual ~Progress() = default;
  // Reports that `what` starts or happened (one line, no newline).
  virtual void step(const std::string& what) = 0;
};

// Discards everything.
class SilentProgress : public Progress
{
public:
  void step(const std::string&) override {}
};

} // namespace dualstack::lab
