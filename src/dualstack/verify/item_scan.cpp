// The generic (baseline x86-64: SSE2, or plain C++) item scanner and the choice of version.
#include <dualstack/verify/item_scan.hpp>

#include <dualstack/verify/json_byte_scan.hpp>

namespace dualstack::verify::item_scan {

namespace generic {

using json_byte_scan::BlockMasks;
using json_byte_scan::classify;
using json_byte_scan::prefix_xor;

#define ITEM_SCAN_TARGET
#include <dualstack/verify/item_scan_body.ipp>
#undef ITEM_SCAN_TARGET

} // namespace generic

Result scan_blocks_generic(const char* b,
                           std::size_t pos,
                           std::size_t end,
                           Carry& carry,
                           BracketStack& stack)
{
  return generic::scan_blocks_body(b, pos, end, carry, stack);
}

ScanBlocks best_scan_blocks()
{
  static const ScanBlocks best = [] {
    if (ScanBlocks avx2 = scan_blocks_avx2()) {
      return avx2;
    }
    return &scan_blocks_generic;
  }();
  return best;
}

} // namespace dualstack::verify::item_scan
