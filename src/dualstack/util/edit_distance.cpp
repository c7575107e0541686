// Levenshtein distance and closest-candidate lookup.
#include <dualstack/util/edit_distance.hpp>

#include <algorithm>
#include <numeric>

namespace dualstack {

namespace {

char fold(char c)
{
  return c == '-' ? '_' : c;
}

} // namespace

int edit_distance(std::string_view a, std::string_view b)
{
  std::vector<int> row(b.size() + 1);
  std::iota(row.begin(), row.end(), 0);
  for (std::size_t i = 1; i <= a.size(); ++i) {
    int diagonal = row[0];
    row[0] = static_cast<int>(i);
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const int above = row[j];
      const int cost = fold(a[i - 1]) == fold(b[j - 1]) ? 0 : 1;
      row[j] = std::min({ row[j] + 1, row[j - 1] + 1, diagonal + cost });
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::optional<std::string> closest_match(std::string_view word,
                                         const std::vector<std::string>& candidates)
{
  const int limit = std::max(1, static_cast<int>(word.size()) / 3);
  std::optional<std::string> best;
  int best_distance = limit + 1;
  for (const auto& candidate : candidates) {
    const int distance = edit_distance(word, candidate);
    if (distance < best_distance) {
      best_distance = distance;
      best = candidate;
    }
  }
  return best;
}

} // namespace dualstack
