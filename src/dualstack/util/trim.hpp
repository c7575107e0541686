// Whitespace trimming for the small line formats we read (wg-quick files, Calico selectors,
// token files).
#pragma once

#include <string_view>

namespace dualstack::util {

// Returns `text` without leading and trailing ASCII whitespace (space, \t, \n, \v, \f, \r).
std::string_view trim(std::string_view text);

} // namespace dualstack::util
