// Terraform string templates and HCL expressions as the test validator sees them: template
// sequences (`${...}`, `%{...}`, escapes) and the dotted references inside interpolations.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace dualstack::testing::terraform {

// The `${...}` / `%{...}` sequences of one string template.
struct Template
{
  std::vector<std::string> interpolations; // the expressions inside `${ }`
  bool has_sequence = false;               // any `${` or `%{` (value known only at plan time)
  bool single_interpolation = false;       // the whole string is one `${ }`
  std::string error;                       // malformed template, or ""
};

// Scans `text` as a Terraform string template: `$${` and `%%{` are escapes; every `${` / `%{`
// must close (braces and quoted strings inside are skipped) and must not be empty.
Template scan_template(std::string_view text);

// Returns the dotted traversals (e.g. {"var", "image"}) of an HCL expression, skipping string
// literals and function names.
std::vector<std::vector<std::string>> traversals(std::string_view expression);

// Returns whether `text` is a decimal number Terraform converts to a number.
bool parses_as_number(const std::string& text);

} // namespace dualstack::testing::terraform
