// Loads config.toml (yaook-k8s layout plus the seed's spellings) into a Config.
#pragma once

#include <dualstack/config/config.hpp>
#include <dualstack/util/finding.hpp>

#include <tl/expected.hpp>

#include <cstddef>
#include <string>

namespace dualstack::config {

// The largest config file accepted; anything bigger is not a hand-written cluster config.
inline constexpr std::size_t max_config_bytes = 4 * 1024 * 1024;

// A loaded config, the findings made while reading it (unknown keys, unparsable addresses) and
// the source text (for printing offending lines).
struct LoadResult
{
  Config config;
  Findings findings;
  std::string text;
};

// Reads and loads the file at `path`, and the WireGuard IPAM state file beside it if any. An
// unusable input (unreadable, too large, not UTF-8 TOML, duplicate keys, a value of the wrong type)
// is returned as the one unexpected Finding.
tl::expected<LoadResult, Finding> load_config_file(const std::string& path);

// Loads config text; `path` is used in findings only. Unlike load_config_file, it reads no
// other file (the WireGuard IPAM state stays empty).
tl::expected<LoadResult, Finding> load_config_text(std::string text, const std::string& path);

} // namespace dualstack::config
