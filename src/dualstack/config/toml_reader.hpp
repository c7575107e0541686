// TableReader: typed, position-keeping access to one TOML table, recording which keys were read
// so unknown ones can be reported with "did you mean".
#pragma once

#include <dualstack/net/prefix.hpp>
#include <dualstack/util/finding.hpp>

#include <toml++/toml.h>

#include <optional>
#include <set>
#include <string>
#include <vector>

namespace dualstack::config {

// Returns the position of `node` (1-based line and column of its value).
SourcePos position_of(const toml::node& node);

// Reads keys of one table. Type mismatches are fatal (the input is unusable: exit 2) and are
// kept in `fatal`; parse failures of addresses are findings (exit 1).
class TableReader
{
public:
  // `section` is the dotted name used in messages, e.g. "kubernetes.network".
  TableReader(const toml::table& table,
              std::string section,
              Findings& findings,
              std::optional<Finding>& fatal);

  const toml::table& table() const
  {
    return m_table;
  }
  const std::string& section() const
  {
    return m_section;
  }
  SourcePos pos() const
  {
    return position_of(m_table);
  }

  // Each `read` leaves `out` untouched when the key is absent (its default stays, with `pos`
  // set to the table header) and returns whether the key was present.
  bool read(std::string_view key, Located<bool>& out);
  bool read(std::string_view key, Located<int>& out);
  bool read(std::string_view key, Located<std::int64_t>& out);
  bool read(std::string_view key, Located<double>& out);
  bool read(std::string_view key, Located<std::string>& out);
  bool read(std::string_view key, Located<std::vector<int>>& out);
  bool read(std::string_view key,
            Located<std::vector<Located<int>>>& out); // each element keeps its position
  bool read(std::string_view key, Located<std::optional<net::Prefix>>& out);
  bool read(std::string_view key, Located<std::optional<net::InterfaceAddress>>& out);
  bool read(std::string_view key, Located<std::optional<net::Address>>& out);

  // Marks `key` as known without reading it (yaook keys that do not concern the network).
  void ignore(std::string_view key)
  {
    m_known.emplace(key);
  }

  // Returns the node at `key` and marks it as read, or nullptr.
  const toml::node* take(std::string_view key);

  // Reports a type error at `node`: `key` should be `expected`.
  void type_error(const toml::node& node, std::string_view key, std::string_view expected);

  // Reports every non-table key that was neither read nor ignored as `unknown-key`.
  void report_unknown_keys();

private:
  template<typename T>
  bool read_scalar(std::string_view key, Located<T>& out, std::string_view expected);
  const toml::node* lookup(std::string_view key, SourcePos& pos);

  const toml::table& m_table;
  std::string m_section;
  Findings& m_findings;
  std::optional<Finding>& m_fatal;
  std::set<std::string, std::less<>> m_known;
};

} // namespace dualstack::config
