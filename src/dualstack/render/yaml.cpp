// YAML for manifests with yaml-cpp's emitter (see yaml.hpp). yaml-cpp decides the layout and the
// escapes; which strings need quotes is decided here, because yaml-cpp writes a string such as
// "true", "26" or "10.0.0.1" plain, and a YAML 1.1 reader then types it as a bool or number.
#include <dualstack/render/yaml.hpp>

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <stdexcept>

namespace dualstack::render {

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

// A string yaml-cpp can write as a literal block that reads back exactly. yaml-cpp writes `|`
// (clip: the reader adds one final newline) and has no `|-` or `|+` (yaml-cpp issue 1238), so
// only a string that ends in exactly one newline qualifies; it is written without that newline.
// A first line starting with a space would need an indentation indicator, which yaml-cpp does
// not write either.
bool fits_literal_block(std::string_view text)
{
  if (text.size() < 2 || text.back() != '\n' || text[text.size() - 2] == '\n')
    return false;
  if (text.front() == ' ' || text.front() == '\n')
    return false;
  for (char c : text) {
    if ((static_cast<unsigned char>(c) < 0x20 && c != '\n') || c == '\x7f')
      return false;
  }
  return true;
}

void emit_string(YAML::Emitter& out, const std::string& text, Quoting quoting)
{
  if (quoting == Quoting::always) {
    out << YAML::DoubleQuoted << text;
  } else if (fits_literal_block(text)) {
    out << YAML::Literal << text.substr(0, text.size() - 1);
  } else if (is_plain_safe(text)) {
    out << text;
  } else {
    out << YAML::DoubleQuoted << text;
  }
}

// Keys are never literal blocks (fits_literal_block rejects what is_plain_safe accepts, so a
// multi-line key is double-quoted).
void emit_key(YAML::Emitter& out, const std::string& key)
{
  if (is_plain_safe(key)) {
    out << key;
  } else {
    out << YAML::DoubleQuoted << key;
  }
}

void emit(YAML::Emitter& out, const Json& value, Quoting strings)
{
  switch (value.type()) {
    case Json::value_t::object:
      if (value.empty())
        out << YAML::Flow;
      out << YAML::BeginMap;
      for (const auto& [key, item] : value.items()) {
        out << YAML::Key;
        emit_key(out, key);
        out << YAML::Value;
        emit(out, item, strings);
      }
      out << YAML::EndMap;
      return;
    case Json::value_t::array:
      if (value.empty())
        out << YAML::Flow;
      out << YAML::BeginSeq;
      for (const auto& item : value)
        emit(out, item, strings);
      out << YAML::EndSeq;
      return;
    case Json::value_t::string:
      emit_string(out, value.get_ref<const std::string&>(), strings);
      return;
    case Json::value_t::boolean:
      out << value.get<bool>();
      return;
    case Json::value_t::number_integer:
      out << value.get<std::int64_t>();
      return;
    case Json::value_t::number_unsigned:
      out << value.get<std::uint64_t>();
      return;
    case Json::value_t::number_float:
      out << value.get<double>();
      return;
    case Json::value_t::null:
      out << YAML::Null;
      return;
    default:
      throw std::logic_error("yaml: value of unsupported JSON type");
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

std::string to_yaml(const Json& document, Quoting strings)
{
  YAML::Emitter out;
  out.SetIndent(2);
  out.SetMapFormat(YAML::Block);
  out.SetSeqFormat(YAML::Block);
  emit(out, document, strings);
  if (!out.good())
    throw std::logic_error("yaml: yaml-cpp's emitter: " + out.GetLastError());
  return std::string(out.c_str()) + "\n";
}

std::string yaml_stream(const std::vector<std::string>& comment,
                        const std::vector<Json>& documents,
                        Quoting strings)
{
  std::string out;
  for (const auto& line : comment) {
    out += line.empty() ? "#\n" : "# " + line + "\n";
  }
  for (const auto& document : documents) {
    out += "---\n" + to_yaml(document, strings);
  }
  return out;
}

} // namespace dualstack::render
