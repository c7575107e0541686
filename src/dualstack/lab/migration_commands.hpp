// BIRD's replies as `birdc -v` prints them, for the commands `lab migrate` runs itself (the
// nodes' BGP stand-ins): whether a command failed. birdc exits 0 either way. Pure.
#pragma once

#include <optional>
#include <string>

namespace dualstack::lab {

// Returns the error lines of a BIRD reply printed by `birdc -v` (reply codes 8xxx run-time and
// 9xxx parse-time errors), or nullopt if the command succeeded. birdc itself exits 0 either way,
// and a successful `show protocols` may contain "BGP Error: Hold timer expired" as a
// protocol's state, so only the reply codes tell.
std::optional<std::string> birdc_error(const std::string& verbose_reply);

} // namespace dualstack::lab
