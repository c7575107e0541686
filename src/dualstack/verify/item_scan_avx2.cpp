// The AVX2 + PCLMUL item scanner: 32-byte compares and a carry-less multiply for the string
// mask (simdjson's stage-1 technique). Each function below carries the target attribute (GCC and
// Clang alike), so only they use these instructions, and only when the CPU has them.
#include <dualstack/verify/item_scan.hpp>

#include <dualstack/verify/json_byte_scan.hpp>

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>

#define ITEM_SCAN_TARGET __attribute__((target("avx2,pclmul")))

namespace dualstack::verify::item_scan {

namespace avx2 {

using json_byte_scan::BlockMasks;

ITEM_SCAN_TARGET inline std::uint64_t bits(__m256i low_hits, __m256i high_hits)
{
  const auto low = static_cast<std::uint32_t>(_mm256_movemask_epi8(low_hits));
  const auto high = static_cast<std::uint32_t>(_mm256_movemask_epi8(high_hits));
  return std::uint64_t{ low } | std::uint64_t{ high } << 32;
}

ITEM_SCAN_TARGET inline BlockMasks classify(const char* p)
{
  const __m256i low = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
  const __m256i high = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + 32));
  const __m256i quote = _mm256_set1_epi8('"');
  const __m256i backslash = _mm256_set1_epi8('\\');
  const __m256i fold = _mm256_set1_epi8(0x20); // `[` `]` | 0x20 == `{` `}`
  const __m256i open = _mm256_set1_epi8('{');
  const __m256i close = _mm256_set1_epi8('}');
  const __m256i low_folded = _mm256_or_si256(low, fold);
  const __m256i high_folded = _mm256_or_si256(high, fold);
  BlockMasks m;
  m.quote = bits(_mm256_cmpeq_epi8(low, quote), _mm256_cmpeq_epi8(high, quote));
  m.backslash = bits(_mm256_cmpeq_epi8(low, backslash), _mm256_cmpeq_epi8(high, backslash));
  m.open = bits(_mm256_cmpeq_epi8(low_folded, open), _mm256_cmpeq_epi8(high_folded, open));
  m.close = bits(_mm256_cmpeq_epi8(low_folded, close), _mm256_cmpeq_epi8(high_folded, close));
  return m;
}

ITEM_SCAN_TARGET inline std::uint64_t prefix_xor(std::uint64_t x)
{
  const __m128i all_ones = _mm_set1_epi8(static_cast<char>(0xff));
  const __m128i product =
    _mm_clmulepi64_si128(_mm_set_epi64x(0, static_cast<long long>(x)), all_ones, 0);
  return static_cast<std::uint64_t>(_mm_cvtsi128_si64(product));
}

#include <dualstack/verify/item_scan_body.ipp>

ITEM_SCAN_TARGET Result
scan_blocks(const char* b, std::size_t pos, std::size_t end, Carry& carry, BracketStack& stack)
{
  return scan_blocks_body(b, pos, end, carry, stack);
}

} // namespace avx2

} // namespace dualstack::verify::item_scan

#undef ITEM_SCAN_TARGET

namespace dualstack::verify::item_scan {

ScanBlocks scan_blocks_avx2()
{
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("pclmul")) {
    return &avx2::scan_blocks;
  }
  return nullptr;
}

} // namespace dualstack::verify::item_scan

#else

namespace dualstack::verify::item_scan {

ScanBlocks scan_blocks_avx2()
{
  return nullptr;
}

} // namespace dualstack::verify::item_scan

#endif
