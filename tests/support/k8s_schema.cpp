// Kubernetes / Calico manifest validation for tests: YAML typing, index.json lookup, valijson.
#define VALIJSON_USE_EXCEPTIONS 1

#include "k8s_schema.hpp"

#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <fstream>
#include <limits>
#include <map>
#include <mutex>
#include <optional>
#include <regex>
#include <stdexcept>

namespace dualstack::testing {

namespace {

using nlohmann::json;

bool one_of(std::string_view s, std::initializer_list<std::string_view> words)
{
  for (auto word : words) {
    if (s == word)
      return true;
  }
  return false;
}

std::optional<bool> plain_bool(std::string_view s)
{
  if (one_of(s, { "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON" })) {
    return true;
  }
  if (one_of(s, { "n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF" })) {
    return false;
  }
  return std::nullopt;
}

bool plain_null(std::string_view s)
{
  return one_of(s, { "", "~", "null", "Null", "NULL" });
}

std::optional<double> plain_special_float(std::string_view s)
{
  constexpr double inf = std::numeric_limits<double>::infinity();
  if (one_of(s, { ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF" }))
    return inf;
  if (one_of(s, { "-.inf", "-.Inf", "-.INF" }))
    return -inf;
  if (one_of(s, { ".nan", ".NaN", ".NAN" }))
    return std::numeric_limits<double>::quiet_NaN();
  return std::nullopt;
}

// Go's strconv.ParseInt/ParseUint with base 0 (after go-yaml removed the underscores).
std::optional<json> plain_int(std::string s)
{
  std::erase(s, '_');
  std::string_view rest = s;
  bool negative = false;
  if (!rest.empty() && (rest.front() == '+' || rest.front() == '-')) {
    negative = rest.front() == '-';
    rest.remove_prefix(1);
  }
  if (rest.empty())
    return std::nullopt;
  int base = 10;
  if (rest.size() > 2 && rest[0] == '0' && (rest[1] == 'x' || rest[1] == 'X')) {
    base = 16;
    rest.remove_prefix(2);
  } else if (rest.size() > 2 && rest[0] == '0' && (rest[1] == 'o' || rest[1] == 'O')) {
    base = 8;
    rest.remove_prefix(2);
  } else if (rest.size() > 2 && rest[0] == '0' && (rest[1] == 'b' || rest[1] == 'B')) {
    base = 2;
    rest.remove_prefix(2);
  } else if (rest.size() > 1 && rest[0] == '0') {
    base = 8;
    rest.remove_prefix(1);
  }
  std::uint64_t magnitude = 0;
  const auto [end, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), magnitude, base);
  if (ec != std::errc{} || end != rest.data() + rest.size())
    return std::nullopt;
  constexpr auto max_int = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
  if (negative) {
    if (magnitude > max_int + 1)
      return std::nullopt;
    return json(magnitude == max_int + 1 ? std::numeric_limits<std::int64_t>::min()
                                         : -static_cast<std::int64_t>(magnitude));
  }
  if (magnitude <= max_int)
    return json(static_cast<std::int64_t>(magnitude));
  return json(magnitude);
}

std::optional<double> plain_float(const std::string& s)
{
  static const std::regex pattern(R"(^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$)");
  std::string digits = s;
  std::erase(digits, '_');
  if (!std::regex_match(digits, pattern))
    return std::nullopt;
  return std::strtod(digits.c_str(), nullptr);
}

// go-yaml v2's resolve() for a plain (unquoted, untagged) scalar.
json resolve_plain(const std::string& s)
{
  if (plain_null(s))
    return nullptr;
  if (auto b = plain_bool(s))
    return *b;
  if (auto f = plain_special_float(s))
    return *f;
  const char first = s.front();
  if ((first >= '0' && first <= '9') || first == '+' || first == '-' || first == '.') {
    if (auto i = plain_int(s))
      return *i;
    if (auto f = plain_float(s))
      return *f;
  }
  return s;
}

json resolve_tagged(const std::string& tag, const std::string& s)
{
  constexpr std::string_view prefix = "tag:yaml.org,2002:";
  if (tag.rfind(prefix, 0) != 0)
    return s;
  const std::string_view type = std::string_view(tag).substr(prefix.size());
  if (type == "null")
    return nullptr;
  if (type == "bool") {
    if (auto b = plain_bool(s))
      return *b;
  } else if (type == "int") {
    if (auto i = plain_int(s))
      return *i;
  } else if (type == "float") {
    if (auto f = plain_special_float(s))
      return *f;
    if (auto f = plain_float(s))
      return *f;
  }
  return s;
}

std::string mark_of(const YAML::Node& node)
{
  const auto mark = node.Mark();
  if (mark.line < 0)
    return "";
  return " at line " + std::to_string(mark.line + 1) + ", column " +
         std::to_string(mark.column + 1);
}

std::string escape_pointer_token(const std::string& token)
{
  std::string out;
  for (char c : token) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

// valijson's context ("<root>", "[spec]", "[0]") as a JSON pointer.
std::string pointer_of(const std::vector<std::string>& context)
{
  std::string out;
  for (const auto& element : context) {
    if (element.size() >= 2 && element.front() == '[' && element.back() == ']') {
      out += "/" + escape_pointer_token(element.substr(1, element.size() - 2));
    }
  }
  return out;
}

// valijson repeats every failure on each ancestor; these wrappers add no information.
bool is_wrapper_message(const std::string& message)
{
  static constexpr std::array<std::string_view, 4> wrappers = {
    "Failed to validate against schema associated with property name",
    "Failed to validate item #",
    "Failed to validate against additional properties schema",
    "Failed to validate against child schema #",
  };
  for (auto w : wrappers) {
    if (message.rfind(w, 0) == 0)
      return true;
  }
  return false;
}

std::string kind_key(const json& document)
{
  if (!document.is_object())
    return "";
  const auto api = document.find("apiVersion");
  const auto kind = document.find("kind");
  if (api == document.end() || kind == document.end() || !api->is_string() || !kind->is_string()) {
    return "";
  }
  return api->get<std::string>() + "/" + kind->get<std::string>();
}

json read_json_file(const std::filesystem::path& path)
{
  std::ifstream in(path);
  if (!in)
    throw std::runtime_error("cannot read " + path.string());
  return json::parse(in);
}

} // namespace

std::string format_error(const SchemaError& error)
{
  std::string out = "document " + std::to_string(error.document);
  if (!error.kind.empty())
    out += " (" + error.kind + ")";
  out += " at " + (error.pointer.empty() ? std::string("/") : error.pointer) + ": " + error.message;
  return out;
}

std::string format_errors(const std::vector<SchemaError>& errors)
{
  std::string out;
  for (const auto& error : errors) {
    out += format_error(error) + "\n";
  }
  return out;
}

json yaml_to_json(const YAML::Node& node)
{
  switch (node.Type()) {
    case YAML::NodeType::Undefined:
    case YAML::NodeType::Null:
      return nullptr;
    case YAML::NodeType::Scalar: {
      const std::string& tag = node.Tag();
      if (tag == "!")
        return node.Scalar(); // quoted or block scalar
      if (tag == "?" || tag.empty())
        return resolve_plain(node.Scalar());
      return resolve_tagged(tag, node.Scalar());
    }
    case YAML::NodeType::Sequence: {
      json out = json::array();
      for (const auto& item : node) {
        out.push_back(yaml_to_json(item));
      }
      return out;
    }
    case YAML::NodeType::Map: {
      json out = json::object();
      for (const auto& entry : node) {
        std::string key;
        if (entry.first.IsScalar()) {
          key = entry.first.Scalar();
        } else if (entry.first.IsNull()) {
          key = "null";
        } else {
          throw std::runtime_error("non-scalar mapping key" + mark_of(entry.first));
        }
        if (out.contains(key)) {
          throw std::runtime_error("duplicate key '" + key + "'" + mark_of(entry.first));
        }
        out[key] = yaml_to_json(entry.second);
      }
      return out;
    }
  }
  return nullptr;
}

std::vector<json> parse_yaml_documents(std::string_view yaml)
{
  std::vector<json> out;
  for (const auto& document : YAML::LoadAll(std::string(yaml))) {
    if (document.IsNull() || !document.IsDefined())
      continue;
    out.push_back(yaml_to_json(document));
  }
  return out;
}

struct K8sSchemas::Impl
{
  struct Loaded
  {
    json source;
    valijson::Schema schema;
  };

  std::filesystem::path directory;
  std::map<std::string, std::string, std::less<>> index; // "<apiVersion>/<kind>" -> file
  std::mutex mutex;
  std::map<std::string, std::unique_ptr<Loaded>> loaded; // by file
  valijson::Validator validator{ valijson::Validator::kStrongTypes };

  // Returns the parsed schema of `file`; the caller holds `mutex`.
  const valijson::Schema& schema(const std::string& file)
  {
    auto& slot = loaded[file];
    if (!slot) {
      auto entry = std::make_unique<Loaded>();
      entry->source = read_json_file(directory / file);
      valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
      valijson::adapters::NlohmannJsonAdapter adapter(entry->source);
      parser.populateSchema(adapter, entry->schema);
      slot = std::move(entry);
    }
    return slot->schema;
  }

  void validate_one(const json& document,
                    std::size_t document_index,
                    const std::string& prefix,
                    std::vector<SchemaError>& errors)
  {
    const std::string key = kind_key(document);
    if (key.empty()) {
      errors.push_back(
        { document_index, "", prefix, "document has no string apiVersion and kind" });
      return;
    }
    if (key == "v1/List") {
      const auto items = document.find("items");
      if (items == document.end() || !items->is_array()) {
        errors.push_back({ document_index, key, prefix + "/items", "a List needs an items array" });
        return;
      }
      for (std::size_t i = 0; i < items->size(); ++i) {
        validate_one((*items)[i], document_index, prefix + "/items/" + std::to_string(i), errors);
      }
      return;
    }
    const auto file = this->index.find(key);
    if (file == this->index.end()) {
      errors.push_back({ document_index, key, prefix, "no schema for " + key + " in index.json" });
      return;
    }
    std::lock_guard lock(mutex);
    const valijson::Schema& s = schema(file->second);
    valijson::ValidationResults results;
    valijson::adapters::NlohmannJsonAdapter target(document);
    if (validator.validate(s, target, &results))
      return;

    std::vector<SchemaError> all;
    valijson::ValidationResults::Error error;
    while (results.popError(error)) {
      SchemaError e{ document_index, key, prefix + pointer_of(error.context), error.description };
      static const std::regex unknown(
        R"(^Object contains a property that could not be validated .*: '(.*)'\.$)");
      std::smatch m;
      if (std::regex_match(error.description, m, unknown)) {
        e.pointer += "/" + escape_pointer_token(m[1].str());
        e.message = "unknown field '" + m[1].str() + "'";
      }
      all.push_back(std::move(e));
    }
    std::vector<SchemaError> leaves;
    for (const auto& e : all) {
      if (is_wrapper_message(e.message))
        continue;
      const bool seen = std::any_of(leaves.begin(), leaves.end(), [&](const SchemaError& o) {
        return o.pointer == e.pointer && o.message == e.message;
      });
      if (!seen)
        leaves.push_back(e);
    }
    const auto& chosen = leaves.empty() ? all : leaves;
    errors.insert(errors.end(), chosen.begin(), chosen.end());
  }
};

K8sSchemas::K8sSchemas(std::filesystem::path directory)
  : m_impl(std::make_unique<Impl>())
{
  m_impl->directory = std::move(directory);
  const json index = read_json_file(m_impl->directory / "index.json");
  for (const auto& [key, file] : index.at("schemas").items()) {
    m_impl->index.emplace(key, file.get<std::string>());
  }
}

K8sSchemas::~K8sSchemas() = default;

const K8sSchemas& K8sSchemas::shared()
{
  static const K8sSchemas schemas(std::filesystem::path(DUALSTACK_SHARED_DIR) / "schemas");
  return schemas;
}

bool K8sSchemas::has_schema(std::string_view api_version_kind) const
{
  return m_impl->index.find(api_version_kind) != m_impl->index.end();
}

std::vector<SchemaError> K8sSchemas::validate(const nlohmann::json& document,
                                              std::size_t index) const
{
  std::vector<SchemaError> errors;
  m_impl->validate_one(document, index, "", errors);
  return errors;
}

std::vector<SchemaError> K8sSchemas::validate_yaml(std::string_view yaml) const
{
  std::vector<json> documents;
  try {
    documents = parse_yaml_documents(yaml);
  } catch (const std::exception& e) {
    return { SchemaError{ 0, "", "", std::string("YAML does not parse: ") + e.what() } };
  }
  if (documents.empty())
    return { SchemaError{ 0, "", "", "the YAML stream has no document" } };
  std::vector<SchemaError> errors;
  for (std::size_t i = 0; i < documents.size(); ++i) {
    m_impl->validate_one(documents[i], i, "", errors);
  }
  return errors;
}

::testing::AssertionResult IsValidK8sYaml(std::string_view yaml)
{
  const auto errors = K8sSchemas::shared().validate_yaml(yaml);
  if (errors.empty())
    return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "schema errors:\n" << format_errors(errors);
}

} // namespace dualstack::testing
