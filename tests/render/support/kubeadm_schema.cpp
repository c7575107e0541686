// kubeadm-fields.json walker (see kubeadm_schema.hpp).
#include "kubeadm_schema.hpp"

#include <fstream>
#include <regex>
#include <stdexcept>

namespace dualstack::testing {

namespace {

using json = nlohmann::json;

std::string child(const std::string& pointer, std::string_view key)
{
  std::string escaped;
  for (char c : key) {
    if (c == '~')
      escaped += "~0";
    else if (c == '/')
      escaped += "~1";
    else
      escaped += c;
  }
  return pointer + "/" + escaped;
}

// Returns the text between the first `<` and the matching last `>` of `type`, e.g. the T of
// "list<T>".
std::string inner(const std::string& type)
{
  const auto open = type.find('<');
  return type.substr(open + 1, type.size() - open - 2);
}

bool is_empty(const json& value)
{
  return value.is_null() ||
         ((value.is_string() || value.is_array() || value.is_object()) && value.empty());
}

std::string parent_of(const std::string& path)
{
  const auto dot = path.rfind('.');
  return dot == std::string::npos ? "" : path.substr(0, dot);
}

std::string last_of(const std::string& path)
{
  const auto dot = path.rfind('.');
  return dot == std::string::npos ? path : path.substr(dot + 1);
}

class Walker
{
public:
  Walker(const json& kind,
         std::string kind_name,
         std::size_t index,
         std::vector<SchemaError>& errors)
    : m_kind(kind)
    , m_kind_name(std::move(kind_name))
    , m_index(index)
    , m_errors(errors)
  {
  }

  void object(const json& value, const std::string& path, const std::string& pointer)
  {
    for (const auto& [key, item] : value.items()) {
      const std::string field = path.empty() ? key : path + "." + key;
      const std::string p = child(pointer, key);
      const json& fields = m_kind["fields"];
      if (!fields.contains(field)) {
        error(p, "unknown field `" + field + "` (kubeadm decodes strictly)");
        continue;
      }
      check(fields[field].get<std::string>(), item, field, p);
    }
    for (const auto& required : m_kind.value("required", json::array())) {
      const std::string r = required.get<std::string>();
      if (parent_of(r) != path)
        continue;
      const std::string key = last_of(r);
      if (!value.contains(key) || is_empty(value[key])) {
        error(child(pointer, key), "required field `" + r + "` is missing or empty");
      }
    }
  }

private:
  void error(const std::string& pointer, std::string message)
  {
    m_errors.push_back({ m_index, m_kind_name, pointer, std::move(message) });
  }

  void check(const std::string& type,
             const json& value,
             const std::string& field,
             const std::string& pointer)
  {
    if (value.is_null())
      return; // Go decodes null as the zero value
    static const std::regex duration(
      R"(^[-+]?((([0-9]+(\.[0-9]*)?)|(\.[0-9]+))(ns|us|µs|ms|s|m|h))+$|^0$)");
    static const std::regex rfc3339(
      R"(^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?([Zz]|[-+][0-9]{2}:[0-9]{2})$)");
    bool ok = true;
    if (type == "string") {
      ok = value.is_string();
    } else if (type == "integer") {
      ok = value.is_number_integer();
    } else if (type == "number") {
      ok = value.is_number();
    } else if (type == "boolean") {
      ok = value.is_boolean();
    } else if (type == "object") {
      ok = value.is_object();
      if (ok)
        object(value, field, pointer);
    } else if (type == "duration") {
      ok = value.is_string() && std::regex_match(value.get<std::string>(), duration);
    } else if (type == "duration|integer") {
      ok = value.is_number_integer() ||
           (value.is_string() && std::regex_match(value.get<std::string>(), duration));
    } else if (type == "time") {
      ok = value.is_string() && std::regex_match(value.get<std::string>(), rfc3339);
    } else if (type == "quantity") {
      ok = value.is_string() || value.is_number();
    } else if (type.rfind("list<", 0) == 0) {
      ok = value.is_array();
      if (ok)
        list(inner(type), value, field, pointer);
    } else if (type.rfind("map<string,", 0) == 0) {
      ok = value.is_object();
      if (ok) {
        const std::string value_type = inner(type).substr(std::string("string,").size());
        for (const auto& [key, item] : value.items())
          scalar_or_shape(value_type, item, child(pointer, key));
      }
    } else {
      error(pointer, "the schema type `" + type + "` of `" + field + "` is unknown to this walker");
      return;
    }
    if (!ok) {
      error(pointer, "`" + field + "` must be " + type + ", not a JSON " + value.type_name());
      return;
    }
    const json& enums = m_kind.value("enums", json::object());
    if (enums.contains(field)) {
      bool found = false;
      for (const auto& allowed : enums[field])
        found = found || allowed == value;
      if (!found)
        error(pointer,
              "`" + field + "` value " + value.dump() + " is not one of " + enums[field].dump());
    }
  }

  // Map values: checked for their JSON shape only (map values are not expanded in the schema).
  void scalar_or_shape(const std::string& type, const json& value, const std::string& pointer)
  {
    bool ok = true;
    if (type == "string")
      ok = value.is_string();
    else if (type == "boolean")
      ok = value.is_boolean();
    else if (type == "integer")
      ok = value.is_number_integer();
    else if (type == "quantity")
      ok = value.is_string() || value.is_number();
    else if (type.rfind("list<", 0) == 0)
      ok = value.is_array();
    else
      ok = !value.is_null();
    if (!ok)
      error(pointer, "map value must be " + type + ", not a JSON " + value.type_name());
  }

  void list(const std::string& element_type,
            const json& value,
            const std::string& field,
            const std::string& pointer)
  {
    const std::string element_path = field + "[]";
    for (std::size_t i = 0; i < value.size(); ++i) {
      const std::string p = pointer + "/" + std::to_string(i);
      if (element_type.front() != '{') {
        check(element_type, value[i], element_path, p);
        continue;
      }
      if (!value[i].is_object()) {
        error(p, "elements of `" + field + "` must be objects, not a JSON " + value[i].type_name());
        continue;
      }
      if (has_sub_paths(element_path)) {
        object(value[i], element_path, p);
      } else {
        // The schema lists the element's keys only in the type, e.g. list<{token,ttl}>.
        const std::string keys = "," + element_type.substr(1, element_type.size() - 2) + ",";
        for (const auto& [key, item] : value[i].items()) {
          if (keys.find("," + key + ",") == std::string::npos) {
            error(child(p, key),
                  "unknown field `" + element_path + "." + key + "` (allowed: " + element_type +
                    ")");
          }
        }
      }
    }
  }

  bool has_sub_paths(const std::string& element_path) const
  {
    const std::string prefix = element_path + ".";
    for (const auto& [path, type] : m_kind["fields"].items()) {
      if (path.rfind(prefix, 0) == 0)
        return true;
    }
    return false;
  }

  const json& m_kind;
  std::string m_kind_name;
  std::size_t m_index;
  std::vector<SchemaError>& m_errors;
};

} // namespace

KubeadmSchema::KubeadmSchema(nlohmann::json fields)
  : m_kinds(std::move(fields.at("kinds")))
{
}

const KubeadmSchema& KubeadmSchema::shared()
{
  static const KubeadmSchema schema = [] {
    const std::string path = std::string(DUALSTACK_SHARED_DIR) + "/schemas/kubeadm-fields.json";
    std::ifstream in(path);
    if (!in)
      throw std::runtime_error("cannot read " + path);
    return KubeadmSchema(json::parse(in));
  }();
  return schema;
}

bool KubeadmSchema::has_kind(std::string_view api_version_kind) const
{
  return m_kinds.contains(std::string(api_version_kind));
}

std::vector<SchemaError> KubeadmSchema::validate(const nlohmann::json& document,
                                                 std::size_t index) const
{
  if (!document.is_object())
    return { { index, "", "", "a document must be a mapping" } };
  if (!document.contains("apiVersion") || !document["apiVersion"].is_string() ||
      !document.contains("kind") || !document["kind"].is_string()) {
    return { { index, "", "", "the document has no string apiVersion and kind" } };
  }
  const std::string kind =
    document["apiVersion"].get<std::string>() + "/" + document["kind"].get<std::string>();
  if (!m_kinds.contains(kind))
    return { { index, kind, "", "kubeadm-fields.json has no schema for `" + kind + "`" } };
  std::vector<SchemaError> errors;
  Walker(m_kinds[kind], kind, index, errors).object(document, "", "");
  return errors;
}

std::vector<SchemaError> KubeadmSchema::validate_yaml(std::string_view yaml) const
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
    auto found = validate(documents[i], i);
    errors.insert(errors.end(), found.begin(), found.end());
  }
  return errors;
}

::testing::AssertionResult IsValidKubeadmYaml(std::string_view yaml)
{
  const auto errors = KubeadmSchema::shared().validate_yaml(yaml);
  if (errors.empty())
    return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "kubeadm config fails kubeadm-fields.json:\n"
                                       << format_errors(errors);
}

} // namespace dualstack::testing
