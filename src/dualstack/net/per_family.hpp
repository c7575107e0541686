// PerFamily<T>: one value per enabled address family, primary family first.
#pragma once

#include <dualstack/net/family.hpp>

#include <cstddef>
#include <stdexcept>
#include <utility>
#include <vector>

namespace dualstack::net {

// A small ordered map from Family to T: at most one value per family, kept in the order they were
// added (the primary family first). Replaces parallel vectors "in the same order as the families",
// so a value always travels with its family.
template<typename T>
class PerFamily
{
public:
  // One family and its value; iteration yields these, primary first (read-only: change a value
  // through at() or find(), so no entry's family can change).
  struct Entry
  {
    Family family;
    T value;

    bool operator==(const Entry&) const = default;
  };

  using const_iterator = typename std::vector<Entry>::const_iterator;

  PerFamily() = default;

  // Appends `value` for `family` (the first one added is the primary); returns it. Adding a family
  // twice is a bug.
  T& add(Family family, T value)
  {
    if (has(family)) {
      throw std::logic_error("PerFamily::add: family added twice");
    }
    m_entries.push_back(Entry{ family, std::move(value) });
    return m_entries.back().value;
  }

  // Returns whether `family` has a value.
  bool has(Family family) const
  {
    return find(family) != nullptr;
  }

  // Returns the value of `family`, or nullptr if it has none.
  const T* find(Family family) const
  {
    for (const Entry& entry : m_entries) {
      if (entry.family == family) {
        return &entry.value;
      }
    }
    return nullptr;
  }
  T* find(Family family)
  {
    return const_cast<T*>(std::as_const(*this).find(family));
  }

  // Returns the value of `family`; asking for a family without one is a bug.
  const T& at(Family family) const
  {
    if (const T* value = find(family)) {
      return *value;
    }
    throw std::out_of_range("PerFamily::at: no value for " + family_string(family));
  }
  T& at(Family family)
  {
    return const_cast<T&>(std::as_const(*this).at(family));
  }

  // Returns the primary family (the first added); the container must not be empty.
  Family primary_family() const
  {
    return front().family;
  }
  // Returns the primary family's value; the container must not be empty.
  const T& primary() const
  {
    return front().value;
  }
  T& primary()
  {
    return const_cast<T&>(std::as_const(*this).primary());
  }

  // Returns the families that have a value, primary first.
  std::vector<Family> families() const
  {
    std::vector<Family> out;
    out.reserve(m_entries.size());
    for (const Entry& entry : m_entries) {
      out.push_back(entry.family);
    }
    return out;
  }

  // Returns the values, primary first (for code that needs no family, e.g. a list of addresses).
  std::vector<T> values() const
  {
    std::vector<T> out;
    out.reserve(m_entries.size());
    for (const Entry& entry : m_entries) {
      out.push_back(entry.value);
    }
    return out;
  }

  std::size_t size() const
  {
    return m_entries.size();
  }
  bool empty() const
  {
    return m_entries.empty();
  }

  const_iterator begin() const
  {
    return m_entries.begin();
  }
  const_iterator end() const
  {
    return m_entries.end();
  }

  bool operator==(const PerFamily&) const = default;

private:
  const Entry& front() const
  {
    if (m_entries.empty()) {
      throw std::logic_error("PerFamily: empty");
    }
    return m_entries.front();
  }

  std::vector<Entry> m_entries;
};

} // namespace dualstack::net
