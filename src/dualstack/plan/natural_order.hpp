// Natural ordering of host names: "worker-2" before "worker-10".
#pragma once

#include <string_view>

namespace dualstack::plan {

// Returns whether `a` sorts before `b`, comparing digit runs by value and the rest bytewise.
bool natural_less(std::string_view a, std::string_view b);

} // namespace dualstack::plan
