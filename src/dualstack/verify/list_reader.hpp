// ListReader: splits a streamed Kubernetes List (`{"items":[{...},...],"metadata":{...}}`) into
// its items with bounded memory, whatever the chunking of the bytes.
#pragma once

#include <dualstack/verify/input_error.hpp>
#include <dualstack/verify/item_scan.hpp>
#include <dualstack/verify/item_sink.hpp>

#include <tl/expected.hpp>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace dualstack::verify {

struct ListReaderLimits
{
  std::size_t max_item_bytes = 16u << 20;     // an item larger than this is an error
  std::size_t max_depth = 1024;               // nesting deeper than this is an error
  std::size_t max_top_level_bytes = 1u << 20; // `metadata`, `kind`, ... of the List itself
};

// What the List said about itself (outside `items`).
struct ListInfo
{
  std::string kind; // "List", "PodList", ...; empty when absent
  std::string api_version;
  std::string continue_token;   // metadata.continue: non-empty means another page follows
  std::string resource_version; // metadata.resourceVersion
  std::size_t items = 0;        // items in this document
};

// Scans one List document. Items are handed to the sink as soon as their closing bracket
// arrives; only the current partial item is buffered. Every error (bad structure, mismatched
// brackets, a non-object item, text after the List, a truncated document) is reported with
// its byte offset. Strings are scanned (escapes honoured) but item contents are validated by
// the sink's parser, not here.
class ListReader
{
public:
  // Reads a document from `source` (used in errors), giving items to `sink`; `first_index` is
  // the index of this document's first item (for pages after the first).
  ListReader(std::string source,
             ItemSink& sink,
             std::size_t first_index = 0,
             ListReaderLimits limits = {});
  ~ListReader();
  ListReader(const ListReader&) = delete;
  ListReader& operator=(const ListReader&) = delete;

  // Appends `bytes` (any chunk of the document) and hands over every item they complete.
  tl::expected<void, InputError> feed(std::string_view bytes);

  // Zero-copy feeding: returns writable space for at least `min_bytes`; write into it, then call
  // commit() with the number of bytes written.
  std::span<char> prepare(std::size_t min_bytes);
  tl::expected<void, InputError> commit(std::size_t bytes);

  // Ends the document. Returns an error unless exactly one complete List was read.
  tl::expected<ListInfo, InputError> finish();

  // Returns the bytes consumed so far.
  std::uint64_t bytes() const
  {
    return m_base + m_end;
  }
  // Returns the items handed over so far.
  std::size_t items() const
  {
    return m_items;
  }

private:
  enum class Phase : std::uint8_t
  {
    start,          // before the top-level `{`
    top_key,        // expecting a key or `}`
    top_key_string, // inside a top-level key
    top_colon,      // expecting `:`
    top_value,      // expecting a top-level value
    top_skip,       // inside a top-level value other than `items`
    top_after,      // expecting `,` or `}`
    items_start,    // expecting an item or `]`
    items_after,    // expecting `,` or `]`
    item,           // inside an item
    done,           // after the top-level `}`
  };

  tl::expected<void, InputError> scan();
  // Advances through a nested value from `pos`; returns true when its last bracket closed.
  tl::expected<bool, InputError> scan_nested(std::size_t& pos);
  // The same for an item, 64 bytes at a time.
  tl::expected<bool, InputError> scan_item(std::size_t& pos);
  tl::expected<bool, InputError> scan_scalar(std::size_t& pos);
  tl::expected<void, InputError> emit_item(std::size_t end);
  void finish_top_value();
  InputError error(std::size_t pos, std::string message) const;
  void compact();
  void reserve(std::size_t bytes);

  std::string m_source;
  ItemSink& m_sink;
  ListReaderLimits m_limits;

  std::unique_ptr<char[]> m_buffer; // m_capacity bytes plus item_padding
  std::size_t m_capacity = 0;
  std::size_t m_begin = 0;  // first byte still needed (start of a partial item)
  std::size_t m_pos = 0;    // next byte to scan
  std::size_t m_end = 0;    // end of data
  std::uint64_t m_base = 0; // stream offset of m_buffer[0]

  Phase m_phase = Phase::start;
  bool m_in_string = false;
  bool m_escape = false;
  bool m_scalar = false; // top_skip is inside a bare scalar (number, true, ...)
  std::unique_ptr<char[]> m_bracket_storage;
  item_scan::BracketStack m_stack; // open brackets of the current nested value
  item_scan::ScanBlocks m_scan_blocks = item_scan::best_scan_blocks();
  std::string m_key; // the current top-level key
  bool m_capture = false;
  bool m_after_comma = false;
  bool m_seen_items = false;
  std::size_t m_first_index = 0;
  std::size_t m_items = 0;
  std::string m_metadata; // raw top-level values
  std::string m_top_kind;
  std::string m_top_api_version;
  std::optional<InputError> m_failed;
};

} // namespace dualstack::verify
