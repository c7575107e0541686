// A set of labelled prefixes with overlap detection in O(n log n + k).
#include <dualstack/net/detail.hpp>
#include <dualstack/net/prefix_set.hpp>

#include <algorithm>
#include <numeric>

namespace dualstack::net {

namespace {

// A prefix reduced to what the sweep needs, in the order the sweep visits prefixes.
struct Entry
{
  u128 first; // network address
  u128 last;  // last address
  Family family;
  int length;
  std::size_t index; // position in the PrefixSet
};

bool sweep_order(const Entry& a, const Entry& b)
{
  if (a.family != b.family) {
    return a.family < b.family;
  }
  if (a.first != b.first) {
    return a.first < b.first;
  }
  if (a.length != b.length) {
    return a.length < b.length; // an enclosing prefix comes before what it encloses
  }
  return a.index < b.index;
}

// Sorts `pairs` by (first, second) in O(n + k) with two stable counting passes (least
// significant key first); every index is below `n`.
std::vector<Overlap> sort_pairs(const std::vector<Overlap>& pairs, std::size_t n)
{
  std::vector<std::size_t> offsets(n + 1);
  std::vector<Overlap> by_second(pairs.size());
  for (const auto& pair : pairs) {
    ++offsets[pair.second + 1];
  }
  std::partial_sum(offsets.begin(), offsets.end(), offsets.begin());
  for (const auto& pair : pairs) {
    by_second[offsets[pair.second]++] = pair;
  }

  std::fill(offsets.begin(), offsets.end(), 0);
  std::vector<Overlap> sorted(pairs.size());
  for (const auto& pair : by_second) {
    ++offsets[pair.first + 1];
  }
  std::partial_sum(offsets.begin(), offsets.end(), offsets.begin());
  for (const auto& pair : by_second) {
    sorted[offsets[pair.first]++] = pair;
  }
  return sorted;
}

} // namespace

std::size_t PrefixSet::add(const Prefix& prefix)
{
  m_prefixes.push_back(prefix);
  return m_prefixes.size() - 1;
}

std::vector<Overlap> PrefixSet::overlaps() const
{
  std::vector<Entry> entries;
  entries.reserve(m_prefixes.size());
  for (std::size_t i = 0; i < m_prefixes.size(); ++i) {
    const auto& prefix = m_prefixes[i];
    entries.push_back(Entry{
      prefix.network().value(), prefix.last().value(), prefix.family(), prefix.length(), i });
  }
  std::sort(entries.begin(), entries.end(), sweep_order);

  // Prefixes are nested or disjoint, so in sweep order the prefixes enclosing the current one
  // form a chain: the stack holds it, innermost on top. A stack entry that does not hold the
  // current prefix lies wholly before it and before everything after it, so it is done.
  std::vector<Overlap> pairs;
  std::vector<const Entry*> stack;
  for (const auto& entry : entries) {
    while (!stack.empty() &&
           (stack.back()->family != entry.family || stack.back()->last < entry.first)) {
      stack.pop_back();
    }
    for (const Entry* outer : stack) {
      pairs.push_back(
        Overlap{ std::min(outer->index, entry.index), std::max(outer->index, entry.index) });
    }
    stack.push_back(&entry);
  }
  return sort_pairs(pairs, m_prefixes.size());
}

std::optional<std::size_t> PrefixSet::find_containing(const Address& address) const
{
  // Linear: callers look up a handful of addresses. Prefers the most specific prefix, then the
  // first added.
  std::optional<std::size_t> best;
  for (std::size_t i = 0; i < m_prefixes.size(); ++i) {
    if (m_prefixes[i].contains(address) &&
        (!best || m_prefixes[i].length() > m_prefixes[*best].length())) {
      best = i;
    }
  }
  return best;
}

} // namespace dualstack::net
