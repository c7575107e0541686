// ConfigBuilder: small valid config.toml texts for tests, with keys set or removed per section.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace dualstack::testing {

// Builds a config.toml text from sections of `key = value` lines. Starts from a valid
// dual-stack cluster (2 gateways, 1 master, 1 worker, 1 WireGuard peer) unless `empty()`.
class ConfigBuilder
{
public:
  ConfigBuilder();
  static ConfigBuilder empty();

  // Sets `key = value` (value written verbatim, e.g. "\"fd00::/120\"") in `section`
  // ("" for the top level), adding the section if needed.
  ConfigBuilder& set(const std::string& section, const std::string& key, const std::string& value);
  // Removes `key` from `section`.
  ConfigBuilder& remove(const std::string& section, const std::string& key);
  // Appends raw text at the end (e.g. an array-of-tables entry).
  ConfigBuilder& raw(const std::string& text);

  std::string text() const;

private:
  struct Section
  {
    std::string name;
    std::vector<std::pair<std::string, std::string>> keys;
  };
  Section& section(const std::string& name);

  std::vector<Section> m_sections;
  std::string m_raw;
};

} // namespace dualstack::testing
