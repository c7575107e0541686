// Why a dump file or API response cannot be used: where in the stream, and what was wrong.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace dualstack::verify {

// An unusable input (malformed JSON, a truncated List, an unreadable file). Any InputError
// makes verify exit 2: a check never passes on partial input.
struct InputError
{
  std::string source;       // "pods.json" or an API path
  std::string message;      // what is wrong
  std::uint64_t offset = 0; // byte offset in the source where it was noticed
  std::size_t item = npos;  // index of the List item it is in, or npos
  std::string object;       // "namespace/name" of that item when known

  static constexpr std::size_t npos = static_cast<std::size_t>(-1);

  // Returns "pods.json: byte 1234 (item 7, default/web-1): message", or "pods.json: message"
  // for an error about the whole input (offset 0, no item).
  std::string to_string() const;
};

} // namespace dualstack::verify
