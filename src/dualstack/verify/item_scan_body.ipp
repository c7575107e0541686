// The block loop shared by every version in item_scan*.cpp. Included inside a namespace that
// defines, for its instruction set:
//   BlockMasks classify(const char* p);      // quote, backslash, open, close bits of 64 bytes
//   std::uint64_t prefix_xor(std::uint64_t); // bit i = XOR of bits 0..i
// The stack holds capacity + 1 slots and is never empty on entry (the item's `{`).
// No standard-library calls here: with a target pragma in force they could be emitted for the
// wrong CPU and picked by the linker for everyone.

inline Result scan_blocks_body(const char* b, std::size_t pos, std::size_t end, Carry& carry,
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
    // Branch-free push/pop (JSON's bracket sequence defeats the branch predictor): every
    // bracket is written above the top (the slot is scratch for a close), a close is checked
    // against the top, and the one rare branch catches a mismatch, the end of the item or a
    // nesting too deep. Inside an item the depth is at least 1 here, so data[depth - 1] exists.
    while (brackets != 0) {
      const std::size_t at = pos + static_cast<std::size_t>(__builtin_ctzll(brackets));
      const bool open = ((opens >> (at - pos)) & 1) != 0;
      brackets &= brackets - 1;
      const char c = b[at];
      // `}` - 2 is `{`, `]` - 2 is `[`.
      const bool mismatch = !open & (data[depth - 1] != static_cast<char>(c - 2));
      data[depth] = c;
      depth = open ? depth + 1 : depth - 1;
      if (__builtin_expect(mismatch | (depth - 1 >= stack.capacity), 0)) {
        if (mismatch) {
          depth += 1; // the close was not taken
          result = {Stop::unexpected, at};
        } else if (depth == 0) {
          result = {Stop::closed, at};
          in_string_carry = 0;
          escape_carry = 0;
        } else {
          depth -= 1; // the open was not taken
          result = {Stop::too_deep, at};
        }
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
