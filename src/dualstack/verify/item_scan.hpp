// Finding where a List item ends, 64 bytes at a time: strings masked out with bit tricks,
// brackets matched on a stack. One version per instruction set (generic SSE2, AVX2 + PCLMUL),
// chosen once for the CPU the binary runs on: this loop reads every byte of a dump.
#pragma once

#include <cstddef>
#include <cstdint>

namespace dualstack::verify::item_scan {

// The open brackets of the current item (`{` or `[`), innermost last.
struct BracketStack
{
  char* data = nullptr;
  std::size_t depth = 0;
  std::size_t capacity = 0; // a deeper item is an error

  bool empty() const
  {
    return depth == 0;
  }
  std::size_t size() const
  {
    return depth;
  }
  char back() const
  {
    return data[depth - 1];
  }
  void push_back(char c)
  {
    data[depth++] = c;
  } // callers check size() < capacity first
  void pop_back()
  {
    --depth;
  }
  void clear()
  {
    depth = 0;
  }
};

// Carried from one block (and one chunk) to the next.
struct Carry
{
  std::uint64_t in_string = 0; // all ones when the next byte is inside a string
  std::uint64_t escape = 0;    // 1 when the next byte is escaped
};

enum class Stop : std::uint8_t
{
  need_more,  // every whole block scanned: `at` is where the unscanned tail begins
  closed,     // the item's last bracket is at `at`
  unexpected, // the bracket at `at` does not match the open one (or none is open)
  too_deep,   // the bracket at `at` would nest deeper than the stack's capacity
};

struct Result
{
  Stop stop = Stop::need_more;
  std::size_t at = 0;
};

// Scans b[pos, end) in whole 64-byte blocks (a tail shorter than 64 bytes is left).
using ScanBlocks =
  Result (*)(const char* b, std::size_t pos, std::size_t end, Carry& carry, BracketStack& stack);

Result scan_blocks_generic(const char* b,
                           std::size_t pos,
                           std::size_t end,
                           Carry& carry,
                           BracketStack& stack);
// Null when the binary was built without it (non-x86 or a compiler without target attributes).
ScanBlocks scan_blocks_avx2();

// The fastest version this CPU runs (decided once).
ScanBlocks best_scan_blocks();

} // namespace dualstack::verify::item_scan
