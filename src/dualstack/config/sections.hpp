// Reads config.toml's tables into a Config (the loader handles files, sizes and TOML syntax).
#pragma once

#include <dualstack/config/config.hpp>
#include <dualstack/util/finding.hpp>

#include <toml++/toml.h>

#include <optional>

namespace dualstack::config {

// Reads the top level, [terraform], [load-balancing], [kubernetes] and [wireguard] of `root` into
// `config`, accepting every spelling of a key that yaook-k8s and the seed use, then fills in
// yaook's defaults. Unknown keys and unparsable values go to `findings`; a value that makes the
// file unusable (a wrong type, conflicting spellings) goes to `fatal`, and then `config` is
// incomplete and must not be used.
void read_config_tables(const toml::table& root,
                        Config& config,
                        Findings& findings,
                        std::optional<Finding>& fatal);

} // namespace dualstack::config
