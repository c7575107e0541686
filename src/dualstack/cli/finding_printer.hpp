// Prints findings like a compiler (text) or as JSON.
#pragma once

#include <dualstack/util/finding.hpp>

#include <nlohmann/json.hpp>

#include <ostream>
#include <string_view>
#include <vector>

namespace dualstack::cli {

// Prints each finding as `file:line:col: severity[rule]: message`, the source line from
// `source` with a caret under the value, and `hint:`; then a one-line count.
void print_findings_text(std::ostream& out,
                         const std::vector<Finding>& findings,
                         std::string_view source,
                         bool color);

// Returns `{"findings":[{"rule","severity","file","line","column","message","hint"}]}`.
nlohmann::ordered_json findings_json(const std::vector<Finding>& findings);

// Returns "N errors, M warnings" ("no findings" when empty).
std::string count_summary(const std::vector<Finding>& findings);

} // namespace dualstack::cli
