// Positioned access to a parsed YAML document: typed fields and named-list lookup, each failure
// an Error naming the file, line and column of the offending node.
#pragma once

#include <dualstack/verify/kube/error.hpp>

#include <tl/expected.hpp>
#include <yaml-cpp/yaml.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dualstack::verify::kube {

// Returns the 1-based position of `node`, unknown for nodes not read from text.
SourcePos position(const YAML::Node& node);

// Returns `text` fit for a one-line message: control bytes escaped as \xNN, at most 120 bytes.
std::string shown(std::string_view text);

// Returns `names` as "`a`, `b`" (shown(), cut short past 400 bytes), or "none".
std::string join_names(const std::vector<std::string>& names);

// Reads fields of one YAML file. Never assigns one YAML::Node to another (yaml-cpp's operator=
// rewrites the node referred to, not the handle).
class YamlReader
{
public:
  explicit YamlReader(std::string path)
    : m_path(std::move(path))
  {
  }

  const std::string& path() const
  {
    return m_path;
  }

  // Returns a kubeconfig error about `at` (null: the whole file) with `message` and `hint`.
  Error error(const YAML::Node* at, std::string message, std::string hint = {}) const;

  // Returns the scalar at `key` of mapping `map`: nullopt when absent or null, an error naming
  // `owner` (e.g. "cluster `c`") when it is not a scalar.
  tl::expected<std::optional<std::string>, Error> scalar(const YAML::Node& map,
                                                         const char* key,
                                                         std::string_view owner) const;

  // Returns the boolean at `key` of `map` (false when absent); only `true` and `false` count.
  tl::expected<bool, Error> flag(const YAML::Node& map,
                                 const char* key,
                                 std::string_view owner) const;

  // Finds the entry named `name` in the list `list_key` of `root` (a kubeconfig's clusters,
  // contexts or users) and returns its `body_key` mapping (empty when absent). A missing entry
  // is reported at `referrer` as "<referrer_text> `name`, which is not in `list_key`" with a
  // did-you-mean hint; duplicate names and wrong shapes are errors too.
  tl::expected<YAML::Node, Error> named_entry(const YAML::Node& root,
                                              const char* list_key,
                                              const char* body_key,
                                              const std::string& name,
                                              const YAML::Node& referrer,
                                              std::string_view referrer_text) const;

  // Returns the names of the entries of list `list_key` of `root`, skipping malformed ones.
  static std::vector<std::string> entry_names(const YAML::Node& root, const char* list_key);

private:
  std::string m_path;
};

} // namespace dualstack::verify::kube
