// The seam between reading a Kubernetes List (from a file or HTTP pages) and checking it.
#pragma once

#include <dualstack/verify/input_error.hpp>

#include <tl/expected.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace dualstack::verify {

// Bytes readable after every item handed to an ItemSink (simdjson's SIMDJSON_PADDING), so the
// sink can parse the item in place without copying it.
inline constexpr std::size_t item_padding = 64;

// Receives the elements of a List's `items` array one at a time.
class ItemSink
{
public:
  virtual ~ItemSink() = default;

  // Takes one complete item: `json` is a JSON object, brackets balanced, and at least
  // `item_padding` bytes after `json.data() + json.size()` are readable. `index` counts items
  // across every page of the List. The bytes are valid only during the call. Returns an error
  // to stop reading (the input is then unusable).
  virtual tl::expected<void, InputError> on_item(std::string_view json, std::size_t index) = 0;

  // Hints that about `total_bytes` of List text follow (a dump file's size), so the sink can
  // size its tables once instead of growing them item by item. The default ignores it.
  virtual void expect_bytes(std::uint64_t total_bytes)
  {
    (void)total_bytes;
  }
};

} // namespace dualstack::verify
