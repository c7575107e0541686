// "Did you mean" suggestions for misspelt keys and commands.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dualstack {

// Returns the Levenshtein distance between `a` and `b`.
int edit_distance(std::string_view a, std::string_view b);

// Returns the candidate closest to `word` if it is close enough to be a likely typo
// (distance at most a third of the word's length, at least 1; `-` and `_` count as equal).
std::optional<std::string> closest_match(std::string_view word,
                                         const std::vector<std::string>& candidates);

} // namespace dualstack
