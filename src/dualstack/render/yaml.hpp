// YAML for Kubernetes manifests and kubeadm configs, written with yaml-cpp's emitter: ordered
// JSON in, block-style YAML out, with every string quoted that kubectl's YAML 1.1 reader would
// otherwise take for a bool, number or null.
#pragma once

#include <dualstack/util/json.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace dualstack::render {

// Returns whether `text` can be written as a plain (unquoted) scalar and still read back as
// this same string by a YAML 1.1 reader (go-yaml v2, PyYAML, yaml-cpp).
bool is_plain_safe(std::string_view text);

// How string values are written: `when_needed` plain if `is_plain_safe`, else double-quoted, and a
// multi-line string that ends in one newline as a literal block (`|`); `always` double-quoted
// (kubeadm's files, so no reader types an address, version or placeholder as anything else).
// Keys are always written as `when_needed`.
enum class Quoting
{
  when_needed,
  always,
};

// Returns `document` as one YAML document without a `---` line: two-space indents, sequences
// indented under their key, strings as `strings` says, empty containers as [] / {}.
std::string to_yaml(const Json& document, Quoting strings = Quoting::when_needed);

// Returns a YAML stream: each line of `comment` as a `# ` comment, then every document of
// `documents` after its own `---` line.
std::string yaml_stream(const std::vector<std::string>& comment,
                        const std::vector<Json>& documents,
                        Quoting strings = Quoting::when_needed);

} // namespace dualstack::render
