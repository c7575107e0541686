// The block loop shared by every version in item_scan*.cpp. Included inside a namespace that
// defines ITEM_SCAN_TARGET (the function attribute of its instruction set, or nothing) and:
//   BlockMasks classify(const char* p);      // quote, backslash, open, close bits of 64 bytes
//   std::uint64_t prefix_xor(std::uint64_t); // bit i = XOR of bits 0..i
// No standard-library calls here: only this function carries the target attribute, so nothing
// it calls may be emitted out of line for one CPU and picked by the linker for everyone.

ITEM_SCAN_TARGET inline Result scan_blocks_body(const char* b, std::size_t pos, std::size_t end, Carry& carry,
                               BracketStack& stack)
{
  std::uint64_t in_string_carry = carry.in_string;
  std::uint64_t escape_carry = carry.escape;
  char* const data = stack.data;
  std::size_t depth = stack.depth;
  Result result{Stop::need_more, pos};
  while (pos + 64 <= end) {
    const BlockMasks m = classify(b + pos);
    const std::uint64_t escaped = json_byte_scan::find_escaped(m.backslash, escape_carry);
    const std::uint64_t in_string = prefix_xor(m.quote & ~escaped) ^ in_string_carry;
    in_string_carry = static_cast<std::uint64_t>(static_cast<std::int64_t>(in_string) >> 63);
    std::uint64_t opens = m.open & ~in_string;
    std::uint64_t brackets = opens | (m.close & ~in_string);
    // Branchy on purpose: a branch-free push/pop (store above the top, cmov the depth) measured
    // 15% slower, its store-to-load chain through the stack top serialises every bracket.
    while (brackets != 0) {
      const std::uint64_t bit = brackets & (0 - brackets);
      const std::size_t at = pos + static_cast<std::size_t>(__builtin_ctzll(brackets));
      brackets ^= bit;
      if ((opens & bit) != 0) {
        if (depth >= stack.capacity) {
          result = {Stop::too_deep, at};
          goto out;
        }
        data[depth++] = b[at];
        continue;
      }
      // `}` - 2 is `{`, `]` - 2 is `[`.
      if (depth == 0 || data[depth - 1] != static_cast<char>(b[at] - 2)) {
        result = {Stop::unexpected, at};
        goto out;
      }
      if (--depth == 0) {
        result = {Stop::closed, at};
        in_string_carry = 0;
        escape_carry = 0;
        goto out;
      }
    }
    pos += 64;
    result.at = pos;
  }
out:
  carry.in_string = in_string_carry;
  carry.escape = escape_carry;
  stack.depth = depth;
  return result;
}
