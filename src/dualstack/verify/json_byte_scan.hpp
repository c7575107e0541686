// SIMD classification of JSON bytes for finding where a value ends without parsing it: the next
// quote, backslash or bracket; per-64-byte-block bit masks; escaped characters and string spans
// (simdjson's stage-1 tricks). Inline: they sit on verify's hottest path (ListReader's scan).
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace dualstack::verify::json_byte_scan {

// Returns the index of the first byte in [pos, end) that is `"` or `\` (inside a string) or
// one of `"{}[]` (outside), or `end`. May read up to 15 bytes past `end` (the padding).
inline std::size_t find_interesting(const char* b, std::size_t pos, std::size_t end, bool in_string)
{
#if defined(__SSE2__)
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i backslash = _mm_set1_epi8('\\');
  // OR 0x20 maps `[` / `]` (0x5b / 0x5d) onto `{` / `}` (0x7b / 0x7d) and nothing else there.
  const __m128i fold = _mm_set1_epi8(0x20);
  const __m128i open = _mm_set1_epi8('{');
  const __m128i close = _mm_set1_epi8('}');
  while (pos < end) {
    const __m128i block = _mm_loadu_si128(reinterpret_cast<const __m128i*>(b + pos));
    __m128i hits = _mm_cmpeq_epi8(block, quote);
    if (in_string) {
      hits = _mm_or_si128(hits, _mm_cmpeq_epi8(block, backslash));
    } else {
      const __m128i folded = _mm_or_si128(block, fold);
      hits = _mm_or_si128(
        hits, _mm_or_si128(_mm_cmpeq_epi8(folded, open), _mm_cmpeq_epi8(folded, close)));
    }
    auto mask = static_cast<unsigned>(_mm_movemask_epi8(hits));
    if (mask != 0) {
      const std::size_t at = pos + static_cast<std::size_t>(__builtin_ctz(mask));
      return std::min(at, end);
    }
    pos += 16;
  }
  return end;
#else
  for (; pos < end; ++pos) {
    const char c = b[pos];
    if (c == '"' || (in_string ? c == '\\' : (c == '{' || c == '}' || c == '[' || c == ']'))) {
      return pos;
    }
  }
  return end;
#endif
}

// The bytes of one 64-byte block that matter for finding an item's end, one bit per byte.
struct BlockMasks
{
  std::uint64_t quote = 0;
  std::uint64_t backslash = 0;
  std::uint64_t open = 0;  // `{` or `[`
  std::uint64_t close = 0; // `}` or `]`
};

[[gnu::always_inline]] inline BlockMasks classify(const char* p)
{
  BlockMasks m;
#if defined(__SSE2__)
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i backslash = _mm_set1_epi8('\\');
  const __m128i fold = _mm_set1_epi8(0x20); // `[` `]` | 0x20 == `{` `}`
  const __m128i open = _mm_set1_epi8('{');
  const __m128i close = _mm_set1_epi8('}');
  for (int i = 0; i < 4; ++i) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * i));
    const __m128i folded = _mm_or_si128(v, fold);
    const auto shift = 16 * i;
    m.quote |=
      std::uint64_t(static_cast<std::uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, quote))))
      << shift;
    m.backslash |=
      std::uint64_t(static_cast<std::uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, backslash))))
      << shift;
    m.open |=
      std::uint64_t(static_cast<std::uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(folded, open))))
      << shift;
    m.close |=
      std::uint64_t(static_cast<std::uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(folded, close))))
      << shift;
  }
#else
  for (int i = 0; i < 64; ++i) {
    const char c = p[i];
    const std::uint64_t bit = std::uint64_t{ 1 } << i;
    m.quote |= c == '"' ? bit : 0;
    m.backslash |= c == '\\' ? bit : 0;
    m.open |= (c == '{' || c == '[') ? bit : 0;
    m.close |= (c == '}' || c == ']') ? bit : 0;
  }
#endif
  return m;
}

// Returns the bits of characters escaped by a backslash (simdjson's branchless odd-run trick);
// `carry` says whether the first byte is escaped and receives the same for the next block.
[[gnu::always_inline]] inline std::uint64_t find_escaped(std::uint64_t backslash,
                                                         std::uint64_t& carry)
{
  constexpr std::uint64_t even_bits = 0x5555555555555555ULL;
  backslash &= ~carry;
  const std::uint64_t follows_escape = backslash << 1 | carry;
  const std::uint64_t odd_sequence_starts = backslash & ~even_bits & ~follows_escape;
  std::uint64_t sequences_starting_on_even_bits = 0;
  carry = __builtin_add_overflow(odd_sequence_starts, backslash, &sequences_starting_on_even_bits);
  const std::uint64_t invert_mask = sequences_starting_on_even_bits << 1;
  return (even_bits ^ invert_mask) & follows_escape;
}

// Returns each bit XOR-ed with every bit below it: 1 from an opening quote up to (not
// including) its closing quote.
[[gnu::always_inline]] inline std::uint64_t prefix_xor(std::uint64_t x)
{
  x ^= x << 1;
  x ^= x << 2;
  x ^= x << 4;
  x ^= x << 8;
  x ^= x << 16;
  x ^= x << 32;
  return x;
}

} // namespace dualstack::verify::json_byte_scan
