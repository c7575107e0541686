// Positions in input files, so every finding can point at the value it is about.
#pragma once

#include <string>
#include <utility>

namespace dualstack {

// A 1-based line and column; 0 means unknown.
struct SourcePos
{
  int line = 0;
  int column = 0;

  bool known() const
  {
    return line > 0;
  }
  friend bool operator==(const SourcePos&, const SourcePos&) = default;
};

// A value read from a config file, with where it was written. `present` is false for defaults;
// then `pos` points at the table the key would belong in.
template<typename T>
struct Located
{
  Located() = default;
  Located(T initial)
    : value(std::move(initial))
  {
  } // NOLINT: a default value reads naturally

  T value{};
  SourcePos pos;
  bool present = false;
};

} // namespace dualstack
