// kubeadm / kubelet / kube-proxy config validation for tests: walks each YAML document against
// the field paths, JSON types, required fields and enums of ../shared/schemas/kubeadm-fields.json.
#pragma once

#include "support/k8s_schema.hpp"

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

namespace dualstack::testing {

// The kinds of kubeadm-fields.json and the walk over one document.
class KubeadmSchema
{
public:
  // Takes kubeadm-fields.json, parsed.
  explicit KubeadmSchema(nlohmann::json fields);

  // Returns the schema of DUALSTACK_SHARED_DIR "/schemas/kubeadm-fields.json", loaded once.
  static const KubeadmSchema& shared();

  // Returns whether "<apiVersion>/<kind>" has an entry.
  bool has_kind(std::string_view api_version_kind) const;

  // Validates one document (JSON typed as kubectl types YAML): every key path must be a listed
  // field (kubeadm decodes strictly), of its listed type (descending into objects and lists of
  // objects, stopping at maps), required paths present and non-empty wherever their parent is,
  // enum values allowed. A document whose apiVersion/kind has no entry is an error.
  std::vector<SchemaError> validate(const nlohmann::json& document, std::size_t index = 0) const;

  // Validates every non-empty document of the YAML stream `yaml`; a syntax error or an empty
  // stream is one error.
  std::vector<SchemaError> validate_yaml(std::string_view yaml) const;

private:
  nlohmann::json m_kinds;
};

// GoogleTest predicate: succeeds when every document of `yaml` passes KubeadmSchema::shared().
::testing::AssertionResult IsValidKubeadmYaml(std::string_view yaml);

} // namespace dualstack::testing
