// ListReader: a small state machine over the List's top level plus a scanner that finds where
// each item ends (strings, escapes and bracket nesting tracked across chunk boundaries), built
// on the SIMD byte classification of json_byte_scan.hpp.
#include <dualstack/verify/list_reader.hpp>

#include <dualstack/verify/json_byte_scan.hpp>

#include <fmt/format.h>
#include <simdjson.h>

#include <algorithm>
#include <cstdint>
#include <cstring>

namespace dualstack::verify {

static_assert(item_padding >= simdjson::SIMDJSON_PADDING);

namespace {

using json_byte_scan::find_interesting;

constexpr std::size_t initial_capacity = 1u << 20;

bool is_space(char c)
{
  return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

// Returns the JSON string `raw` (with quotes) unescaped, or nullopt if it is not a string.
std::optional<std::string> json_string(const std::string& raw)
{
  simdjson::ondemand::parser parser;
  const simdjson::padded_string padded(raw);
  auto doc = parser.iterate(padded);
  std::string_view text;
  if (doc.get_string().get(text) != simdjson::SUCCESS) {
    return std::nullopt;
  }
  return std::string(text);
}

} // namespace

ListReader::ListReader(std::string source,
                       ItemSink& sink,
                       std::size_t first_index,
                       ListReaderLimits limits)
  : m_source(std::move(source))
  , m_sink(sink)
  , m_limits(limits)
  , m_bracket_storage(std::make_unique_for_overwrite<char[]>(limits.max_depth + 1))
  , m_first_index(first_index)
{
  m_stack.data = m_bracket_storage.get();
  m_stack.capacity = limits.max_depth;
}

ListReader::~ListReader() = default;

InputError ListReader::error(std::size_t pos, std::string message) const
{
  InputError e;
  e.source = m_source;
  e.message = std::move(message);
  e.offset = m_base + pos;
  if (m_phase == Phase::item) {
    e.item = m_first_index + m_items;
  }
  return e;
}

void ListReader::reserve(std::size_t bytes)
{
  if (bytes <= m_capacity) {
    return;
  }
  std::size_t capacity = std::max(initial_capacity, m_capacity);
  while (capacity < bytes) {
    capacity *= 2;
  }
  auto buffer = std::make_unique_for_overwrite<char[]>(capacity + item_padding);
  if (m_end > 0) {
    std::memcpy(buffer.get(), m_buffer.get(), m_end);
  }
  m_buffer = std::move(buffer);
  m_capacity = capacity;
}

void ListReader::compact()
{
  if (m_begin == 0) {
    return;
  }
  std::memmove(m_buffer.get(), m_buffer.get() + m_begin, m_end - m_begin);
  m_base += m_begin;
  m_pos -= m_begin;
  m_end -= m_begin;
  m_begin = 0;
}

std::span<char> ListReader::prepare(std::size_t min_bytes)
{
  if (m_capacity - m_end < min_bytes) {
    compact();
    reserve(m_end + min_bytes);
  }
  return { m_buffer.get() + m_end, m_capacity - m_end };
}

tl::expected<void, InputError> ListReader::commit(std::size_t bytes)
{
  if (m_failed) {
    return tl::unexpected(*m_failed);
  }
  m_end += bytes;
  auto scanned = scan();
  if (!scanned) {
    m_failed = scanned.error();
  }
  return scanned;
}

tl::expected<void, InputError> ListReader::feed(std::string_view bytes)
{
  while (!bytes.empty()) {
    const std::size_t want = std::min<std::size_t>(bytes.size(), initial_capacity);
    auto space = prepare(want);
    const std::size_t n = std::min(space.size(), bytes.size());
    std::memcpy(space.data(), bytes.data(), n);
    bytes.remove_prefix(n);
    if (auto done = commit(n); !done) {
      return done;
    }
  }
  return {};
}

tl::expected<bool, InputError> ListReader::scan_nested(std::size_t& pos)
{
  const char* b = m_buffer.get();
  if (m_escape) {
    if (pos >= m_end) {
      return false;
    }
    ++pos;
    m_escape = false;
  }
  while (pos < m_end) {
    const std::size_t at = find_interesting(b, pos, m_end, m_in_string);
    if (at >= m_end) {
      pos = m_end;
      return false;
    }
    const char c = b[at];
    pos = at + 1;
    if (m_in_string) {
      if (c == '"') {
        m_in_string = false;
        if (m_stack.empty()) {
          return true;
        }
      } else { // backslash: skip the escaped byte
        if (pos >= m_end) {
          m_escape = true;
          return false;
        }
        ++pos;
      }
      continue;
    }
    switch (c) {
      case '"':
        m_in_string = true;
        break;
      case '{':
      case '[':
        if (m_stack.size() >= m_limits.max_depth) {
          return tl::unexpected(
            error(at, fmt::format("nesting deeper than {} levels", m_limits.max_depth)));
        }
        m_stack.push_back(c);
        break;
      default: { // `}` or `]`
        const char open = c == '}' ? '{' : '[';
        if (m_stack.empty() || m_stack.back() != open) {
          return tl::unexpected(error(at, fmt::format("unexpected `{}`", c)));
        }
        m_stack.pop_back();
        if (m_stack.empty()) {
          return true;
        }
      }
    }
  }
  return false;
}

tl::expected<bool, InputError> ListReader::scan_item(std::size_t& pos)
{
  // Whole 64-byte blocks go through the fastest scanner this CPU runs; the tail (< 64 bytes)
  // through scan_nested.
  item_scan::Carry carry{ m_in_string ? ~std::uint64_t{ 0 } : 0,
                          m_escape ? std::uint64_t{ 1 } : 0 };
  const item_scan::Result r = m_scan_blocks(m_buffer.get(), pos, m_end, carry, m_stack);
  m_in_string = carry.in_string != 0;
  m_escape = carry.escape != 0;
  switch (r.stop) {
    case item_scan::Stop::closed:
      pos = r.at + 1;
      return true;
    case item_scan::Stop::unexpected:
      return tl::unexpected(error(r.at, fmt::format("unexpected `{}`", m_buffer[r.at])));
    case item_scan::Stop::too_deep:
      return tl::unexpected(
        error(r.at, fmt::format("nesting deeper than {} levels", m_limits.max_depth)));
    case item_scan::Stop::need_more:
      break;
  }
  pos = r.at;
  return scan_nested(pos);
}

tl::expected<bool, InputError> ListReader::scan_scalar(std::size_t& pos)
{
  const char* b = m_buffer.get();
  for (; pos < m_end; ++pos) {
    const char c = b[pos];
    if (c == ',' || c == '}' || is_space(c)) {
      return true;
    }
    const bool ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || c == '-' || c == '+' ||
                    c == '.' || c == 'E';
    if (!ok) {
      return tl::unexpected(error(pos, fmt::format("unexpected `{}` in a value", c)));
    }
  }
  return false;
}

tl::expected<void, InputError> ListReader::emit_item(std::size_t end)
{
  const std::string_view json(m_buffer.get() + m_begin, end - m_begin);
  auto taken = m_sink.on_item(json, m_first_index + m_items);
  if (!taken) {
    InputError e = std::move(taken.error());
    e.source = m_source;
    e.offset += m_base + m_begin;
    if (e.item == InputError::npos) {
      e.item = m_first_index + m_items;
    }
    return tl::unexpected(std::move(e));
  }
  ++m_items;
  return {};
}

void ListReader::finish_top_value()
{
  if (m_capture) {
    std::string raw(m_buffer.get() + m_begin, m_pos - m_begin);
    if (m_key == "metadata") {
      m_metadata = std::move(raw);
    } else if (m_key == "kind") {
      m_top_kind = std::move(raw);
    } else {
      m_top_api_version = std::move(raw);
    }
  }
  m_capture = false;
  m_scalar = false;
  m_phase = Phase::top_after;
}

tl::expected<void, InputError> ListReader::scan()
{
  const char* b = m_buffer.get();
  std::size_t& pos = m_pos;
  auto skip_space = [&] {
    while (pos < m_end && is_space(b[pos])) {
      ++pos;
    }
    return pos < m_end;
  };
  while (pos < m_end) {
    switch (m_phase) {
      case Phase::start:
        if (!skip_space()) {
          break;
        }
        if (b[pos] != '{') {
          return tl::unexpected(error(pos, "not a Kubernetes List: expected `{`"));
        }
        ++pos;
        m_phase = Phase::top_key;
        m_after_comma = false;
        break;
      case Phase::top_key:
        if (!skip_space()) {
          break;
        }
        if (b[pos] == '"') {
          ++pos;
          m_key.clear();
          m_phase = Phase::top_key_string;
        } else if (b[pos] == '}' && !m_after_comma) {
          ++pos;
          m_phase = Phase::done;
        } else {
          return tl::unexpected(error(pos, "expected a key in the List object"));
        }
        break;
      case Phase::top_key_string:
        while (pos < m_end && b[pos] != '"') {
          if (m_key.size() > 256) {
            return tl::unexpected(error(pos, "top-level key too long"));
          }
          m_key.push_back(b[pos++]);
        }
        if (pos < m_end) {
          ++pos;
          m_phase = Phase::top_colon;
        }
        break;
      case Phase::top_colon:
        if (!skip_space()) {
          break;
        }
        if (b[pos] != ':') {
          return tl::unexpected(error(pos, "expected `:` after a key"));
        }
        ++pos;
        m_phase = Phase::top_value;
        break;
      case Phase::top_value: {
        if (!skip_space()) {
          break;
        }
        const char c = b[pos];
        if (m_key == "items") {
          if (m_seen_items) {
            return tl::unexpected(error(pos, "the List has two `items` arrays"));
          }
          if (c != '[') {
            return tl::unexpected(error(pos, "`items` is not an array"));
          }
          ++pos;
          m_seen_items = true;
          m_after_comma = false;
          m_phase = Phase::items_start;
          break;
        }
        m_capture = m_key == "metadata" || m_key == "kind" || m_key == "apiVersion";
        m_begin = pos;
        m_phase = Phase::top_skip;
        m_stack.clear();
        if (c == '{' || c == '[') {
          m_stack.push_back(c);
          ++pos;
        } else if (c == '"') {
          m_in_string = true;
          ++pos;
        } else if (c == ',' || c == '}' || c == ']' || c == ':') {
          return tl::unexpected(error(pos, fmt::format("expected a value, found `{}`", c)));
        } else {
          m_scalar = true;
        }
        break;
      }
      case Phase::top_skip: {
        auto complete = m_scalar ? scan_scalar(pos) : scan_nested(pos);
        if (!complete) {
          return tl::unexpected(complete.error());
        }
        if (m_capture && pos - m_begin > m_limits.max_top_level_bytes) {
          return tl::unexpected(error(pos,
                                      fmt::format("top-level `{}` larger than {} bytes",
                                                  m_key,
                                                  m_limits.max_top_level_bytes)));
        }
        if (*complete) {
          finish_top_value();
        }
        break;
      }
      case Phase::top_after:
        if (!skip_space()) {
          break;
        }
        if (b[pos] == ',') {
          m_after_comma = true;
          m_phase = Phase::top_key;
        } else if (b[pos] == '}') {
          m_phase = Phase::done;
        } else {
          return tl::unexpected(error(pos, "expected `,` or `}` in the List object"));
        }
        ++pos;
        break;
      case Phase::items_start:
        if (!skip_space()) {
          break;
        }
        if (b[pos] == '{') {
          m_begin = pos;
          m_stack.clear();
          m_stack.push_back('{');
          m_in_string = false;
          ++pos;
          m_phase = Phase::item;
        } else if (b[pos] == ']' && !m_after_comma) {
          ++pos;
          m_phase = Phase::top_after;
        } else {
          m_phase = Phase::item; // so the error names the item
          return tl::unexpected(error(pos, "a List item is not a JSON object"));
        }
        break;
      case Phase::items_after:
        if (!skip_space()) {
          break;
        }
        if (b[pos] == ',') {
          m_after_comma = true;
          m_phase = Phase::items_start;
        } else if (b[pos] == ']') {
          m_phase = Phase::top_after;
        } else {
          return tl::unexpected(error(pos, "expected `,` or `]` after a List item"));
        }
        ++pos;
        break;
      case Phase::item: {
        auto complete = scan_item(pos);
        if (!complete) {
          return tl::unexpected(complete.error());
        }
        if (*complete) {
          if (auto emitted = emit_item(pos); !emitted) {
            return emitted;
          }
          m_phase = Phase::items_after;
        } else if (pos - m_begin > m_limits.max_item_bytes) {
          return tl::unexpected(
            error(m_begin, fmt::format("item larger than {} bytes", m_limits.max_item_bytes)));
        }
        break;
      }
      case Phase::done:
        if (!skip_space()) {
          break;
        }
        return tl::unexpected(error(pos, "text after the end of the List"));
    }
  }
  const bool retain = m_phase == Phase::item || (m_phase == Phase::top_skip && m_capture);
  if (!retain) {
    m_begin = m_pos;
  }
  return {};
}

tl::expected<ListInfo, InputError> ListReader::finish()
{
  if (m_failed) {
    return tl::unexpected(*m_failed);
  }
  auto fail = [&](std::string message) -> tl::expected<ListInfo, InputError> {
    m_failed = error(m_end, std::move(message));
    return tl::unexpected(*m_failed);
  };
  switch (m_phase) {
    case Phase::done:
      break;
    case Phase::start:
      return fail("empty input: expected a Kubernetes List");
    case Phase::item:
      return fail(fmt::format("truncated: the input ends inside item {}", m_first_index + m_items));
    case Phase::items_start:
    case Phase::items_after:
      return fail(fmt::format("truncated: the input ends inside `items` after {} items", m_items));
    default:
      return fail("truncated: the input ends before the List's closing `}`");
  }
  if (!m_seen_items) {
    return fail("not a Kubernetes List: no `items` array");
  }
  ListInfo info;
  info.items = m_items;
  if (!m_top_kind.empty()) {
    auto kind = json_string(m_top_kind);
    if (!kind) {
      return fail("the List's `kind` is not a string");
    }
    info.kind = std::move(*kind);
  }
  if (!m_top_api_version.empty()) {
    auto version = json_string(m_top_api_version);
    if (!version) {
      return fail("the List's `apiVersion` is not a string");
    }
    info.api_version = std::move(*version);
  }
  if (!m_metadata.empty()) {
    simdjson::ondemand::parser parser;
    const simdjson::padded_string padded(m_metadata);
    auto doc = parser.iterate(padded);
    simdjson::ondemand::object metadata;
    if (doc.get_object().get(metadata) != simdjson::SUCCESS) {
      return fail("the List's `metadata` is not an object");
    }
    for (auto field : metadata) {
      std::string_view key;
      if (field.unescaped_key().get(key) != simdjson::SUCCESS) {
        return fail("the List's `metadata` is not valid JSON");
      }
      std::string_view text;
      if (key == "continue" || key == "resourceVersion") {
        if (field.value().get_string().get(text) != simdjson::SUCCESS) {
          return fail(fmt::format("the List's `metadata.{}` is not a string", key));
        }
        (key == "continue" ? info.continue_token : info.resource_version) = std::string(text);
      }
    }
  }
  return info;
}

} // namespace dualstack::verify
