// The OpenStack provider's value validators, as recorded in the schema's x- keys.
#include "terraform_schema_constraints.hpp"

#include "terraform_schema_expressions.hpp"

#include <dualstack/net/prefix.hpp>

#include <algorithm>
#include <cctype>
#include <regex>

namespace dualstack::testing::terraform {

std::vector<std::string> constraint_errors(const nlohmann::json& attribute,
                                           const nlohmann::json& value)
{
  using json = nlohmann::json;
  std::vector<std::string> errors;
  if (value.is_string() && scan_template(value.get<std::string>()).has_sequence)
    return errors;
  std::string text = value.is_string() ? value.get<std::string>() : value.dump();
  if (attribute.contains("x-enum")) {
    const bool ignore_case = attribute.value("x-enum-ignore-case", false);
    auto lower = [](std::string s) {
      std::transform(
        s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
      return s;
    };
    bool found = false;
    for (const auto& allowed : attribute["x-enum"]) {
      const std::string candidate =
        allowed.is_string() ? allowed.get<std::string>() : allowed.dump();
      if (candidate == text || (ignore_case && lower(candidate) == lower(text)))
        found = true;
    }
    if (!found && attribute.contains("x-enum-or-int-string-range") && value.is_string() &&
        std::regex_match(text, std::regex("^[0-9]+$"))) {
      const auto& range = attribute["x-enum-or-int-string-range"];
      const long number = std::stol(text);
      found = number >= range[0].get<long>() && number <= range[1].get<long>();
    }
    if (!found)
      errors.push_back("`" + text + "` is not one of " + attribute["x-enum"].dump());
  }
  if (attribute.contains("x-int-range")) {
    const auto& range = attribute["x-int-range"];
    if (!parses_as_number(text)) {
      errors.push_back("`" + text + "` is not an integer");
    } else {
      const double number = std::stod(text);
      if (number != static_cast<long>(number) || number < range[0].get<double>() ||
          number > range[1].get<double>()) {
        errors.push_back("`" + text + "` is not an integer in " + range.dump());
      }
    }
  }
  if (attribute.contains("x-pattern") &&
      !std::regex_search(text, std::regex(attribute["x-pattern"].get<std::string>()))) {
    errors.push_back("`" + text + "` does not match " + attribute["x-pattern"].dump());
  }
  if (attribute.contains("x-format")) {
    const std::string format = attribute["x-format"];
    if (format == "cidr" && !net::parse_interface_address(text))
      errors.push_back("`" + text + "` is not a CIDR");
    if (format == "json-object") {
      const json parsed = json::parse(text, nullptr, false);
      if (parsed.is_discarded() || !(parsed.is_object() || parsed.is_null())) {
        errors.push_back("`" + text + "` is not a JSON object");
      }
    }
  }
  return errors;
}

} // namespace dualstack::testing::terraform
