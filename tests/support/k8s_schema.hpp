// Kubernetes / Calico manifest validation for tests: YAML stream -> typed JSON documents ->
// the strict JSON Schema that ../shared/schemas/index.json names for each apiVersion/kind.
#pragma once

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace YAML {
class Node;
}

namespace dualstack::testing {

// One problem with one document of a YAML stream.
struct SchemaError
{
  std::size_t document = 0; // index among the stream's non-empty documents
  std::string kind;         // "<apiVersion>/<kind>" of that document ("" if it has none)
  std::string pointer; // JSON pointer into the document, e.g. "/spec/template/spec/containers/0"
  std::string message;
};

// Formats `error` as `document 1 (apps/v1/DaemonSet) at /spec/selector: message`.
std::string format_error(const SchemaError& error);

// Formats every error of `errors`, one a line.
std::string format_errors(const std::vector<SchemaError>& errors);

// Converts `node` to JSON with scalars typed the way kubectl (go-yaml v2) types them: quoted and
// block scalars are strings; plain true/false/yes/no/on/off/y/n (any YAML 1.1 case) are booleans;
// decimal, 0x, 0o/0 octal and 0b integers are integers; decimal floats are numbers;
// null/~/empty are null; anything else is a string. Throws std::runtime_error on a duplicate key.
nlohmann::json yaml_to_json(const YAML::Node& node);

// Parses the YAML stream `yaml` into its non-empty documents, typed as `yaml_to_json` does.
// Throws YAML::Exception on a syntax error and std::runtime_error on a duplicate key.
std::vector<nlohmann::json> parse_yaml_documents(std::string_view yaml);

// The strict JSON Schemas of a schemas directory (index.json + the files it names). Each schema
// file is parsed once, on first use, and cached; lookups are thread-safe.
class K8sSchemas
{
public:
  // Reads `directory`/index.json; throws std::runtime_error if it cannot.
  explicit K8sSchemas(std::filesystem::path directory);
  ~K8sSchemas();
  K8sSchemas(const K8sSchemas&) = delete;
  K8sSchemas& operator=(const K8sSchemas&) = delete;

  // Returns the schemas of DUALSTACK_SHARED_DIR "/schemas", loaded once per process.
  static const K8sSchemas& shared();

  // Returns whether index.json has a schema for `api_version_kind` ("apps/v1/DaemonSet").
  bool has_schema(std::string_view api_version_kind) const;

  // Validates `document` (JSON typed as by yaml_to_json) against the schema of its
  // apiVersion/kind; a `kind: List` has each item validated (pointers /items/N/...). A document
  // without apiVersion/kind or with a kind index.json does not list is an error, never a skip.
  // `index` is copied into every error's `document`.
  std::vector<SchemaError> validate(const nlohmann::json& document, std::size_t index = 0) const;

  // Validates every non-empty document of the YAML stream `yaml`; a YAML syntax error or a
  // duplicate key is reported as one error with an empty pointer. An empty stream is an error.
  std::vector<SchemaError> validate_yaml(std::string_view yaml) const;

private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

// GoogleTest predicate: succeeds when every document of `yaml` passes its schema
// (K8sSchemas::shared()); the failure message lists every error with its JSON pointer.
// Use as EXPECT_TRUE(IsValidK8sYaml(text)) << path;
::testing::AssertionResult IsValidK8sYaml(std::string_view yaml);

} // namespace dualstack::testing
