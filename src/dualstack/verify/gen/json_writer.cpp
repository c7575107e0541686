// JsonWriter: buffering, commas, indentation, string escaping.
#include <dualstack/verify/gen/json_writer.hpp>

#include <charconv>

namespace dualstack::verify::gen {

void append_json_string(std::string& out, std::string_view text)
{
  static constexpr char hex[] = "0123456789abcdef";
  out += '"';
  for (const char c : text) {
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
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out += "\\u00";
          out += hex[(c >> 4) & 0xf];
          out += hex[c & 0xf];
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

void JsonWriter::newline()
{
  m_buffer += '\n';
  m_buffer.append(m_first.size() * 4, ' ');
}

void JsonWriter::before_value()
{
  if (m_after_key) {
    m_after_key = false;
    return;
  }
  if (!m_first.empty()) {
    if (!m_first.back()) {
      m_buffer += ',';
    }
    m_first.back() = false;
    newline();
  }
}

void JsonWriter::maybe_flush()
{
  if (m_buffer.size() >= buffer_bytes) {
    flush();
  }
}

bool JsonWriter::flush()
{
  if (!m_buffer.empty() && !m_failed) {
    m_failed = std::fwrite(m_buffer.data(), 1, m_buffer.size(), m_file) != m_buffer.size();
  }
  m_flushed += m_buffer.size();
  m_buffer.clear();
  return !m_failed;
}

JsonWriter& JsonWriter::begin_object()
{
  before_value();
  m_buffer += '{';
  m_first.push_back(true);
  return *this;
}

JsonWriter& JsonWriter::end_object()
{
  return end_container('}');
}

JsonWriter& JsonWriter::end_container(char close)
{
  const bool empty = m_first.back();
  m_first.pop_back();
  if (!empty) {
    newline();
  }
  m_buffer += close;
  maybe_flush();
  return *this;
}

JsonWriter& JsonWriter::begin_array()
{
  before_value();
  m_buffer += '[';
  m_first.push_back(true);
  return *this;
}

JsonWriter& JsonWriter::end_array()
{
  return end_container(']');
}

JsonWriter& JsonWriter::key(std::string_view name)
{
  before_value();
  append_json_string(m_buffer, name);
  m_buffer += ": ";
  m_after_key = true;
  return *this;
}

JsonWriter& JsonWriter::string(std::string_view text)
{
  before_value();
  append_json_string(m_buffer, text);
  return *this;
}

JsonWriter& JsonWriter::number(std::int64_t value)
{
  before_value();
  char digits[24];
  const auto result = std::to_chars(digits, digits + sizeof digits, value);
  m_buffer.append(digits, result.ptr);
  return *this;
}

JsonWriter& JsonWriter::null()
{
  before_value();
  m_buffer += "null";
  return *this;
}

JsonWriter& JsonWriter::boolean(bool value)
{
  before_value();
  m_buffer += value ? "true" : "false";
  return *this;
}

} // namespace dualstack::verify::gen
