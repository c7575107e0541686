// A set of labelled prefixes with overlap detection in O(n log n).
#pragma once

#include <dualstack/net/prefix.hpp>

#include <compare>
#include <cstddef>
#include <optional>
#include <vector>

namespace dualstack::net {

// Two entries of a PrefixSet that share at least one address. `first` < `second` (indices in
// insertion order).
struct Overlap
{
  std::size_t first;
  std::size_t second;

  friend auto operator<=>(const Overlap&, const Overlap&) = default;
  friend bool operator==(const Overlap&, const Overlap&) = default;
};

// Collects prefixes (each with the caller's index or label kept by position) and finds every
// pair that overlaps. Prefixes of different families never overlap.
class PrefixSet
{
public:
  // Adds `prefix` and returns its index.
  std::size_t add(const Prefix& prefix);

  const Prefix& operator[](std::size_t index) const
  {
    return m_prefixes[index];
  }
  std::size_t size() const
  {
    return m_prefixes.size();
  }

  // Returns every overlapping pair, ordered by (first, second). Sorts once, then sweeps with a
  // stack of enclosing prefixes: O(n log n + k) for k reported pairs.
  std::vector<Overlap> overlaps() const;

  // Returns the index of the most specific prefix containing `address` (the first added on
  // ties), or nullopt.
  std::optional<std::size_t> find_containing(const Address& address) const;

private:
  std::vector<Prefix> m_prefixes;
};

} // namespace dualstack::net
