// Internal to verify: short renderings of addresses, prefixes and lists for findings.
#pragma once

#include <dualstack/net/prefix.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace dualstack::verify {

// Returns the items joined by ", ", or "none" if there are none.
std::string join_or_none(const std::vector<std::string>& items);
std::string join_or_none(const std::vector<std::string_view>& items);
std::string join_or_none(const std::vector<net::Address>& items);
std::string join_or_none(const std::vector<net::Prefix>& items);

} // namespace dualstack::verify
