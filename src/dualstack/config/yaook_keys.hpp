// Keys yaook-k8s defines in the sections dualstack reads but that do not concern the network.
// They are accepted and ignored; anything else unknown is an `unknown-key` error.
#pragma once

#include <string_view>
#include <vector>

namespace dualstack::config {

// Returns yaook's non-network keys of `section` (dotted name, "" for the top level).
const std::vector<std::string_view>& yaook_ignored_keys(std::string_view section);

} // namespace dualstack::config
