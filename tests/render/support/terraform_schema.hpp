// Terraform JSON-syntax validation for tests: walks a *.tf.json document against a provider
// schema in `terraform providers schema -json` layout (../shared/schemas/terraform/).
#pragma once

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace dualstack::testing {

// One problem in a Terraform document.
struct TerraformError
{
  std::string
    pointer; // JSON pointer, e.g. "/resource/openstack_networking_port_v2/gw-0/fixed_ip/0"
  std::string message;
};

// Formats every error of `errors`, one a line: `at /pointer: message`.
std::string to_string(const std::vector<TerraformError>& errors);

// One provider's schema and the checks Terraform makes on JSON configuration: top-level block
// names, resource/data types, argument names, computed-only and required attributes, value types
// (with Terraform's string/number/bool conversions), nested block mapping and counts, the
// provider's enums, ranges, patterns, conflicts and required-with, template syntax, meta-arguments,
// and that every `${...}` reference names a declared variable and an existing resource attribute.
class TerraformSchema
{
public:
  // Takes `schema` in `terraform providers schema -json` layout; `provider` is the provider address
  // key, e.g. "registry.terraform.io/terraform-provider-openstack/openstack".
  TerraformSchema(nlohmann::json schema, std::string provider);

  // Returns the OpenStack provider schema of DUALSTACK_SHARED_DIR, loaded once per process.
  static const TerraformSchema& openstack();

  // Returns every problem with `document` (an empty vector when Terraform would accept it).
  std::vector<TerraformError> validate(const nlohmann::json& document) const;

  // Parses `text` as JSON and validates it; a parse error is one error at "".
  std::vector<TerraformError> validate_text(std::string_view text) const;

private:
  nlohmann::json m_resources;    // type -> {"block": ...}
  nlohmann::json m_data_sources; // type -> {"block": ...}
  nlohmann::json m_provider;     // {"block": ...}
};

// GoogleTest predicate: succeeds when `text` passes TerraformSchema::openstack(); the failure
// message lists every error with its JSON pointer.
::testing::AssertionResult IsValidTerraformJson(std::string_view text);

} // namespace dualstack::testing
