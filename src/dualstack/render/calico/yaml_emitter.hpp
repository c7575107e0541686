// YAML emitter for Kubernetes manifests: ordered JSON in, block-style YAML out, with every string
// quoted that kubectl's YAML 1.1 reader would otherwise take for a bool, number or null.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace dualstack::render::calico {

// A manifest document; keys keep their insertion order so output is stable and readable.
using Document = nlohmann::ordered_json;

// Returns whether `text` can be written as a plain (unquoted) scalar and still read back as
// this same string by a YAML 1.1 reader (go-yaml v2, PyYAML, yaml-cpp).
bool is_plain_safe(std::string_view text);

// Returns `document` as one YAML document without a `---` line: two-space indents, sequences
// at their key's indent, multi-line strings as literal blocks, empty containers as [] / {}.
std::string to_yaml(const Document& document);

// Returns a YAML stream: each line of `comment` as a `# ` comment, then every document of
// `documents` after its own `---` line.
std::string yaml_stream(const std::vector<std::string>& comment,
                        const std::vector<Document>& documents);

} // namespace dualstack::render::calico
