// YAML emitter for Kubernetes manifests (see yaml_emitter.hpp).
#include <dualstack/render/calico/yaml_emitter.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>

namespace dualstack::render::calico {

namespace {

bool is_alnum(char c)
{
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// Plain scalars a YAML 1.1 reader turns into bool or null (any case it accepts).
bool is_reserved_word(std::string_view text)
{
  std::string lower;
  for (char c : text) {
    lower += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  }
  for (std::string_view word :
       { "y", "n", "yes", "no", "true", "false", "on", "off", "null", "~", "<<" }) {
    if (lower == word)
      return true;
  }
  return false;
}

// Strings that start like a number and only use number characters: ints in any base, floats,
// .inf/.nan and YAML 1.1 sexagesimals (`1:20`). IP addresses such as `10.0.0.1` or `2001:db8::1`
// land here too; quoting them costs nothing.
bool looks_numeric(std::string_view text)
{
  const char first = text.front();
  if (!((first >= '0' && first <= '9') || first == '+' || first == '-' || first == '.'))
    return false;
  for (char c : text) {
    const bool numberish = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
                           (c >= 'A' && c <= 'F') || c == 'x' || c == 'X' || c == 'o' || c == 'O' ||
                           c == 'i' || c == 'I' || c == 'n' || c == 'N' || c == '.' || c == '_' ||
                           c == ':' || c == '+' || c == '-';
    if (!numberish)
      return false;
  }
  return true;
}

std::string quoted(std::string_view text)
{
  std::string out = "\"";
  for (char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out += fmt::format("\\x{:02x}", static_cast<unsigned char>(c));
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

std::string scalar(std::string_view text)
{
  return is_plain_safe(text) ? std::string(text) : quoted(text);
}

// A string that reads back exactly from a literal block (`|` or `|-`).
bool fits_literal_block(std::string_view text)
{
  if (text.find('\n') == std::string_view::npos)
    return false;
  if (text.front() == ' ' || text.front() == '\n')
    return false;
  if (text.size() >= 2 && text.substr(text.size() - 2) == "\n\n")
    return false;
  for (char c : text) {
    if ((static_cast<unsigned char>(c) < 0x20 && c != '\n') || c == '\x7f')
      return false;
  }
  return true;
}

void literal_block(std::string_view text, int indent, std::string& out)
{
  const bool keep_newline = text.back() == '\n';
  out += keep_newline ? "|\n" : "|-\n";
  if (keep_newline)
    text.remove_suffix(1);
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    const std::string_view line = text.substr(start, end - start);
    if (!line.empty())
      out += std::string(static_cast<std::size_t>(indent), ' ') + std::string(line);
    out += "\n";
    start = end + 1;
  }
}

std::string leaf(const Document& value)
{
  switch (value.type()) {
    case Document::value_t::null:
      return "null";
    case Document::value_t::boolean:
      return value.get<bool>() ? "true" : "false";
    case Document::value_t::number_integer:
      return std::to_string(value.get<std::int64_t>());
    case Document::value_t::number_unsigned:
      return std::to_string(value.get<std::uint64_t>());
    case Document::value_t::number_float:
      return value.dump();
    case Document::value_t::string:
      return scalar(value.get_ref<const std::string&>());
    case Document::value_t::array:
      return "[]";
    case Document::value_t::object:
      return "{}";
    default:
      return "null";
  }
}

void emit_map(const Document& map, int indent, std::string& out);
void emit_seq(const Document& seq, int indent, std::string& out);

// Writes `value` after a `key:` or `-` already on the line; `indent` is the nested indent.
void emit_after_marker(const Document& value, int indent, int seq_indent, std::string& out)
{
  if (value.is_string() && fits_literal_block(value.get_ref<const std::string&>())) {
    out += " ";
    literal_block(value.get_ref<const std::string&>(), indent, out);
  } else if (value.is_object() && !value.empty()) {
    out += "\n";
    emit_map(value, indent, out);
  } else if (value.is_array() && !value.empty()) {
    out += "\n";
    emit_seq(value, seq_indent, out);
  } else {
    out += " " + leaf(value) + "\n";
  }
}

void emit_map(const Document& map, int indent, std::string& out)
{
  const std::string pad(static_cast<std::size_t>(indent), ' ');
  for (const auto& [key, value] : map.items()) {
    out += pad + scalar(key) + ":";
    emit_after_marker(value, indent + 2, indent, out);
  }
}

void emit_seq(const Document& seq, int indent, std::string& out)
{
  const std::string pad(static_cast<std::size_t>(indent), ' ');
  for (const auto& item : seq) {
    if (item.is_object() && !item.empty()) {
      // The first key shares the line with the dash: "- name: x".
      std::string nested;
      emit_map(item, indent + 2, nested);
      out += pad + "- " + nested.substr(static_cast<std::size_t>(indent) + 2);
    } else {
      out += pad + "-";
      emit_after_marker(item, indent + 2, indent + 2, out);
    }
  }
}

} // namespace

bool is_plain_safe(std::string_view text)
{
  if (text.empty() || is_reserved_word(text) || looks_numeric(text))
    return false;
  if (!is_alnum(text.front()) && text.front() != '/' && text.front() != '_')
    return false;
  if (text.back() == ':' || text.back() == '.')
    return false;
  for (char c : text) {
    const bool allowed = is_alnum(c) || c == '.' || c == '_' || c == '/' || c == ':' || c == '=' ||
                         c == '(' || c == ')' || c == ',' || c == '-' || c == '+' || c == '@';
    if (!allowed)
      return false;
  }
  return true;
}

std::string to_yaml(const Document& document)
{
  std::string out;
  if (document.is_object() && !document.empty()) {
    emit_map(document, 0, out);
  } else if (document.is_array() && !document.empty()) {
    emit_seq(document, 0, out);
  } else {
    out = leaf(document) + "\n";
  }
  return out;
}

std::string yaml_stream(const std::vector<std::string>& comment,
                        const std::vector<Document>& documents)
{
  std::string out;
  for (const auto& line : comment) {
    out += line.empty() ? "#\n" : "# " + line + "\n";
  }
  for (const auto& document : documents) {
    out += "---\n" + to_yaml(document);
  }
  return out;
}

} // namespace dualstack::render::calico
