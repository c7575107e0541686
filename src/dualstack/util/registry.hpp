// Registry: a catalogue of rules or checks (string id, one-line description, whatever else its
// entry type carries), in declared order, checked while it compiles.
#pragma once

#include <concepts>
#include <cstddef>
#include <optional>
#include <span>
#include <string_view>
#include <type_traits>
#include <vector>

namespace dualstack::util {

// An entry type of a registry: a stable string id ("pod-ip-unique") and a one-line description.
template<typename Entry>
concept RegistryEntry = requires(const Entry& entry)
{
  {
    entry.id
    } -> std::convertible_to<std::string_view>;
  {
    entry.description
    } -> std::convertible_to<std::string_view>;
};

// An entry type with a typed id: `key`, a value of an enum whose last enumerator is `count_`
// (the number of entries, not an entry). Row i of such a registry has the key of value i.
template<typename Entry>
concept KeyedEntry = RegistryEntry<Entry> && std::is_enum_v<decltype(Entry::key)> && requires
{
  decltype(Entry::key)::count_;
};

// The row of a registry whose entries carry nothing but a typed id: `key` (an enum ending in
// `count_`), the stable string id and the one-line description.
template<typename Key>
struct KeyedRow
{
  Key key;
  std::string_view id;
  std::string_view description;
};

// What can be wrong with a registry's rows; `none` when nothing is.
enum class RegistryProblem
{
  none,
  empty_id,         // a row without a string id (or a missing row in a sized table)
  id_given_twice,   // two rows with one string id
  key_out_of_order, // row i's key is not the enum's value i (out of order, or a key twice)
  row_count,        // fewer or more rows than the key enum has values
};

// Returns what is wrong with `rows` as a registry table: the first problem found, else `none`.
template<RegistryEntry Entry>
constexpr RegistryProblem registry_problem(std::span<const Entry> rows)
{
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (std::string_view(rows[i].id).empty()) {
      return RegistryProblem::empty_id;
    }
    for (std::size_t j = 0; j < i; ++j) {
      if (std::string_view(rows[j].id) == std::string_view(rows[i].id)) {
        return RegistryProblem::id_given_twice;
      }
    }
  }
  if constexpr (KeyedEntry<Entry>) {
    using Key = decltype(Entry::key);
    for (std::size_t i = 0; i < rows.size(); ++i) {
      if (static_cast<std::size_t>(rows[i].key) != i) {
        return RegistryProblem::key_out_of_order;
      }
    }
    if (rows.size() != static_cast<std::size_t>(Key::count_)) {
      return RegistryProblem::row_count;
    }
  }
  return RegistryProblem::none;
}

namespace registry_error {
// Not constexpr: a registry whose rows have a problem calls one of these while it is constant-
// evaluated, so the build fails naming the problem.
void row_without_string_id();
void string_id_given_twice();
void row_key_is_not_its_position_so_rows_are_out_of_enum_order();
void row_count_differs_from_the_key_enum_count();
} // namespace registry_error

// One entry as `dualstack rules` lists it, whatever its registry's entry type.
struct ListedEntry
{
  std::string_view id;
  std::string_view stage;
  std::string_view description;
};

// The rows of a catalogue, in declared order, and the stage that runs them ("config",
// "verify", ...). Lookup by string id is linear (catalogues hold tens of rows); lookup by key
// indexes.
template<RegistryEntry Entry>
class Registry
{
public:
  // Makes the registry of `rows` (a table of static storage), run at `stage`. Fails to
  // compile when the rows have a RegistryProblem.
  consteval Registry(std::string_view stage, std::span<const Entry> rows)
    : m_stage(stage)
    , m_rows(rows)
  {
    switch (registry_problem(rows)) {
      case RegistryProblem::none:
        break;
      case RegistryProblem::empty_id:
        registry_error::row_without_string_id();
        break;
      case RegistryProblem::id_given_twice:
        registry_error::string_id_given_twice();
        break;
      case RegistryProblem::key_out_of_order:
        registry_error::row_key_is_not_its_position_so_rows_are_out_of_enum_order();
        break;
      case RegistryProblem::row_count:
        registry_error::row_count_differs_from_the_key_enum_count();
        break;
    }
  }

  std::string_view stage() const
  {
    return m_stage;
  }
  std::size_t size() const
  {
    return m_rows.size();
  }
  auto begin() const
  {
    return m_rows.begin();
  }
  auto end() const
  {
    return m_rows.end();
  }

  // Returns the row of `key`.
  // (E stands for Entry so that the constraint is only looked at when the operator is used:
  // clang checks a non-dependent one when the class is instantiated, for keyless rows too.)
  template<typename Key, typename E = Entry>
  requires KeyedEntry<E> && std::same_as<Key, decltype(E::key)>
  const Entry& operator[](Key key) const
  {
    return m_rows[static_cast<std::size_t>(key)];
  }

  // Returns the row with string id `id`, or nullptr.
  const Entry* find(std::string_view id) const
  {
    for (const Entry& row : m_rows) {
      if (std::string_view(row.id) == id) {
        return &row;
      }
    }
    return nullptr;
  }

  // Returns the position of the row with string id `id`, or nullopt.
  std::optional<std::size_t> position(std::string_view id) const
  {
    const Entry* row = find(id);
    return row ? std::optional<std::size_t>(static_cast<std::size_t>(row - m_rows.data()))
               : std::nullopt;
  }

  // Returns the key of the row with string id `id`, or nullopt.
  auto key(std::string_view id) const requires KeyedEntry<Entry>
  {
    const Entry* row = find(id);
    return row ? std::optional(row->key) : std::nullopt;
  }

  // Returns every row as `dualstack rules` lists it.
  std::vector<ListedEntry> listed() const
  {
    std::vector<ListedEntry> out;
    out.reserve(m_rows.size());
    for (const Entry& row : m_rows) {
      out.push_back({ row.id, m_stage, row.description });
    }
    return out;
  }

private:
  std::string_view m_stage;
  std::span<const Entry> m_rows;
};

} // namespace dualstack::util
