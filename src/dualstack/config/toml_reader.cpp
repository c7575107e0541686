// TableReader implementation.
#include <dualstack/config/toml_reader.hpp>

#include <dualstack/util/edit_distance.hpp>

#include <fmt/format.h>

#include <cmath>
#include <limits>

namespace dualstack::config {

SourcePos position_of(const toml::node& node)
{
  const auto& begin = node.source().begin;
  return { static_cast<int>(begin.line), static_cast<int>(begin.column) };
}

TableReader::TableReader(const toml::table& table,
                         std::string section,
                         Findings& findings,
                         std::optional<Finding>& fatal)
  : m_table(table)
  , m_section(std::move(section))
  , m_findings(findings)
  , m_fatal(fatal)
{
}

const toml::node* TableReader::lookup(std::string_view key, SourcePos& pos)
{
  m_known.emplace(key);
  pos = position_of(m_table);
  const toml::node* node = m_table.get(key);
  if (node) {
    pos = position_of(*node);
  }
  return node;
}

const toml::node* TableReader::take(std::string_view key)
{
  SourcePos pos;
  return lookup(key, pos);
}

void TableReader::type_error(const toml::node& node,
                             std::string_view key,
                             std::string_view expected)
{
  if (m_fatal) {
    return; // the first type error is the one reported
  }
  const char* found = "something else";
  switch (node.type()) {
    case toml::node_type::string:
      found = "a string";
      break;
    case toml::node_type::integer:
      found = "an integer";
      break;
    case toml::node_type::floating_point:
      found = "a float";
      break;
    case toml::node_type::boolean:
      found = "a boolean";
      break;
    case toml::node_type::array:
      found = "an array";
      break;
    case toml::node_type::table:
      found = "a table";
      break;
    default:
      found = "a date or time";
      break;
  }
  const std::string section =
    m_section.empty() ? std::string("the top level") : "[" + m_section + "]";
  m_fatal = Finding{ "value-type",
                     Severity::error,
                     m_findings.file(),
                     position_of(node),
                     fmt::format("`{}` in {} must be {}, found {}", key, section, expected, found),
                     fmt::format("write `{}` as {}", key, expected) };
}

template<typename T>
bool TableReader::read_scalar(std::string_view key, Located<T>& out, std::string_view expected)
{
  SourcePos pos;
  const toml::node* node = lookup(key, pos);
  if (!node) {
    // An absent key points at its table, unless an earlier spelling already gave the value.
    if (!out.present) {
      out.pos = pos;
    }
    return false;
  }
  out.pos = pos;
  if constexpr (std::is_same_v<T, double>) {
    if (auto v = node->value<double>()) { // accepts integers too
      out.value = *v;
      out.present = true;
      return true;
    }
  } else if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>) {
    if (node->is_integer()) {
      const std::int64_t v = node->as_integer()->get();
      if (v < std::numeric_limits<T>::min() || v > std::numeric_limits<T>::max()) {
        type_error(*node, key, "an integer in range");
        return false;
      }
      out.value = static_cast<T>(v);
      out.present = true;
      return true;
    }
  } else {
    if (auto v = node->value_exact<T>()) {
      out.value = *v;
      out.present = true;
      return true;
    }
  }
  type_error(*node, key, expected);
  return false;
}

bool TableReader::read(std::string_view key, Located<bool>& out)
{
  return read_scalar(key, out, "a boolean (true or false)");
}

bool TableReader::read(std::string_view key, Located<int>& out)
{
  return read_scalar(key, out, "an integer");
}

bool TableReader::read(std::string_view key, Located<std::int64_t>& out)
{
  return read_scalar(key, out, "an integer");
}

bool TableReader::read(std::string_view key, Located<double>& out)
{
  return read_scalar(key, out, "a number");
}

bool TableReader::read(std::string_view key, Located<std::string>& out)
{
  return read_scalar(key, out, "a string");
}

bool TableReader::read(std::string_view key, Located<std::vector<int>>& out)
{
  SourcePos pos;
  const toml::node* node = lookup(key, pos);
  if (!node) {
    // An absent key points at its table, unless an earlier spelling already gave the value.
    if (!out.present) {
      out.pos = pos;
    }
    return false;
  }
  out.pos = pos;
  const toml::array* array = node->as_array();
  if (!array) {
    type_error(*node, key, "an array of integers");
    return false;
  }
  std::vector<int> values;
  for (const toml::node& element : *array) {
    auto v = element.value_exact<std::int64_t>();
    if (!v || *v < std::numeric_limits<int>::min() || *v > std::numeric_limits<int>::max()) {
      type_error(element, key, "an array of integers");
      return false;
    }
    values.push_back(static_cast<int>(*v));
  }
  out.value = std::move(values);
  out.present = true;
  return true;
}

bool TableReader::read(std::string_view key, Located<std::vector<Located<int>>>& out)
{
  Located<std::vector<int>> plain;
  if (!read(key, plain)) {
    if (!out.present) {
      out.pos = plain.pos;
    }
    return false;
  }
  // read() above accepted the array, so every element is an integer node.
  out.pos = plain.pos;
  out.value.clear();
  std::size_t i = 0;
  for (const toml::node& element : *m_table.get(key)->as_array()) {
    Located<int> value{ plain.value.at(i++) };
    value.pos = position_of(element);
    value.present = true;
    out.value.push_back(value);
  }
  out.present = true;
  return true;
}

namespace {

// Reads a string-valued key and parses it with `parse`, turning a parse error into a finding.
template<typename T, typename Parse>
bool read_parsed(TableReader& reader,
                 Findings& findings,
                 std::string_view key,
                 Located<std::optional<T>>& out,
                 Parse parse)
{
  Located<std::string> text;
  if (!reader.read(key, text)) {
    if (!out.present) {
      out.pos = text.pos;
    }
    return false;
  }
  out.pos = text.pos;
  out.present = true;
  auto parsed = parse(text.value);
  if (!parsed) {
    const bool masked = parsed.error().message.find("host bits") != std::string::npos;
    findings.error(masked ? "prefix-masked" : "address-syntax",
                   text.pos,
                   fmt::format("`{}`: {}", key, parsed.error().message),
                   parsed.error().hint);
    out.value.reset();
    return true;
  }
  out.value = *parsed;
  return true;
}

} // namespace

bool TableReader::read(std::string_view key, Located<std::optional<net::Prefix>>& out)
{
  return read_parsed(*this, m_findings, key, out, net::Prefix::parse);
}

bool TableReader::read(std::string_view key, Located<std::optional<net::InterfaceAddress>>& out)
{
  return read_parsed(*this, m_findings, key, out, net::parse_interface_address);
}

bool TableReader::read(std::string_view key, Located<std::optional<net::Address>>& out)
{
  return read_parsed(*this, m_findings, key, out, net::Address::parse);
}

void TableReader::report_unknown_keys()
{
  std::vector<std::string> candidates(m_known.begin(), m_known.end());
  for (const auto& [key, node] : m_table) {
    if (node.is_table() || m_known.count(key.str()) > 0) {
      continue;
    }
    const std::string section =
      m_section.empty() ? std::string("the top level") : "[" + m_section + "]";
    std::string hint;
    if (auto match = closest_match(key.str(), candidates)) {
      hint = fmt::format("did you mean `{}`?", *match);
    } else {
      hint = "remove it; README.md lists the keys dualstack reads";
    }
    const SourcePos key_pos{ static_cast<int>(key.source().begin.line),
                             static_cast<int>(key.source().begin.column) };
    m_findings.error("unknown-key",
                     key_pos.known() ? key_pos : position_of(node),
                     fmt::format("unknown key `{}` in {}", key.str(), section),
                     hint);
  }
}

} // namespace dualstack::config
