// JsonWriter: writes large JSON files object by object, indented like `kubectl -o json`.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

namespace dualstack::verify::gen {

// Streams pretty JSON to a file through a buffer. Commas and indentation are automatic: call
// key() before each member value inside an object.
class JsonWriter
{
public:
  // Writes to `file` (not owned).
  explicit JsonWriter(std::FILE* file)
    : m_file(file)
  {
    m_buffer.reserve(buffer_bytes + 4096);
  }
  ~JsonWriter()
  {
    flush();
  }
  JsonWriter(const JsonWriter&) = delete;
  JsonWriter& operator=(const JsonWriter&) = delete;

  JsonWriter& begin_object();
  JsonWriter& end_object();
  JsonWriter& begin_array();
  JsonWriter& end_array();
  JsonWriter& key(std::string_view name);
  JsonWriter& string(std::string_view text);
  JsonWriter& number(std::int64_t value);
  JsonWriter& boolean(bool value);
  JsonWriter& null();

  // Shorthands for `key(name).string(text)` and friends.
  JsonWriter& field(std::string_view name, std::string_view text)
  {
    return key(name).string(text);
  }
  JsonWriter& field(std::string_view name, const char* text)
  {
    return key(name).string(text);
  }
  JsonWriter& field(std::string_view name, std::int64_t value)
  {
    return key(name).number(value);
  }
  JsonWriter& field(std::string_view name, int value)
  {
    return key(name).number(value);
  }
  JsonWriter& field(std::string_view name, bool value)
  {
    return key(name).boolean(value);
  }

  // Writes buffered bytes to the file; returns false on a write error.
  bool flush();
  // Returns the bytes written so far (flushed or not).
  std::uint64_t bytes() const
  {
    return m_flushed + m_buffer.size();
  }

private:
  static constexpr std::size_t buffer_bytes = 1u << 20;

  void before_value();
  JsonWriter& end_container(char close);
  void newline();
  void maybe_flush();

  std::FILE* m_file;
  std::string m_buffer;
  std::uint64_t m_flushed = 0;
  std::vector<bool> m_first; // per open container: no member written yet
  bool m_after_key = false;
  bool m_failed = false;
};

// Appends `text` as a JSON string literal (quotes included) to `out`.
void append_json_string(std::string& out, std::string_view text);

} // namespace dualstack::verify::gen
