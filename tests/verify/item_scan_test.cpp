// Tests for the item scanners: every version (generic, AVX2 when this CPU has it) agrees with a
// byte-at-a-time reference on random bracket/string/escape soup, across block boundaries.
#include <dualstack/verify/item_scan.hpp>

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace dualstack::verify::item_scan {
namespace {

// The reference: one byte at a time, the same contract as ScanBlocks (whole 64-byte blocks). As
// in simdjson's stage 1, an odd run of backslashes escapes the next quote even outside a string
// (invalid JSON there, which the item's parser rejects), and brackets outside strings count.
Result reference(const std::string& text,
                 std::size_t pos,
                 Carry& carry,
                 std::vector<char>& stack,
                 std::size_t capacity)
{
  bool in_string = carry.in_string != 0;
  bool escaped = carry.escape != 0;
  const std::size_t end = pos + (text.size() - pos) / 64 * 64;
  for (std::size_t at = pos; at < end; ++at) {
    const char c = text[at];
    const bool is_escaped = escaped;
    escaped = c == '\\' && !is_escaped;
    if (c == '"' && !is_escaped) {
      in_string = !in_string;
      continue;
    }
    if (in_string) {
      continue;
    }
    if (c == '{' || c == '[') {
      if (stack.size() >= capacity) {
        return { Stop::too_deep, at };
      }
      stack.push_back(c);
    } else if (c == '}' || c == ']') {
      if (stack.empty() || stack.back() != static_cast<char>(c - 2)) {
        return { Stop::unexpected, at };
      }
      stack.pop_back();
      if (stack.empty()) {
        carry = {};
        return { Stop::closed, at };
      }
    }
  }
  carry.in_string = in_string ? ~std::uint64_t{ 0 } : 0;
  carry.escape = escaped ? 1 : 0;
  return { Stop::need_more, end };
}

struct Outcome
{
  Result result;
  Carry carry;
  std::string stack;
};

Outcome run(ScanBlocks scan, const std::string& text, std::size_t capacity)
{
  std::vector<char> storage(capacity + 1);
  BracketStack stack{ storage.data(), 1, capacity };
  storage[0] = '{';
  Carry carry;
  const Result r = scan(text.data(), 0, text.size(), carry, stack);
  return { r, carry, std::string(storage.data(), stack.depth) };
}

std::vector<std::pair<const char*, ScanBlocks>> versions()
{
  std::vector<std::pair<const char*, ScanBlocks>> out{ { "generic", &scan_blocks_generic } };
  if (ScanBlocks avx2 = scan_blocks_avx2()) {
    out.emplace_back("avx2", avx2);
  }
  return out;
}

// Random text over the bytes that matter, biased so items nest, close and hold strings.
std::string soup(std::mt19937_64& rng, std::size_t size)
{
  static constexpr char alphabet[] = "{}[]\"\\a ,:{[}]\"aaaa";
  std::uniform_int_distribution<std::size_t> pick(0, sizeof(alphabet) - 2);
  std::string text(size + 64, ' '); // padding the scanners may read
  for (std::size_t i = 0; i < size; ++i) {
    text[i] = alphabet[pick(rng)];
  }
  text.resize(size);
  return text;
}

TEST(ItemScan, EveryVersionAgreesWithTheByteAtATimeReference)
{
  std::mt19937_64 rng(42);
  std::size_t closed = 0;
  std::size_t unexpected = 0;
  std::size_t too_deep = 0;
  for (int i = 0; i < 20000; ++i) {
    const std::string text = soup(rng, 64 * (1 + i % 5) + i % 7);
    const std::size_t capacity = 2 + i % 9;
    std::vector<char> ref_stack{ '{' };
    Carry ref_carry;
    const Result want = reference(text, 0, ref_carry, ref_stack, capacity);
    closed += want.stop == Stop::closed;
    unexpected += want.stop == Stop::unexpected;
    too_deep += want.stop == Stop::too_deep;
    for (const auto& [name, scan] : versions()) {
      const Outcome got = run(scan, text, capacity);
      ASSERT_EQ(got.result.stop, want.stop) << name << " on `" << text << "`";
      ASSERT_EQ(got.result.at, want.at) << name << " on `" << text << "`";
      ASSERT_EQ(got.stack, std::string(ref_stack.begin(), ref_stack.end())) << name;
      if (want.stop == Stop::need_more) {
        ASSERT_EQ(got.carry.in_string, ref_carry.in_string) << name;
        ASSERT_EQ(got.carry.escape, ref_carry.escape) << name;
      }
    }
  }
  // The soup must reach every outcome, or the comparison proves little.
  EXPECT_GT(closed, 1000u);
  EXPECT_GT(unexpected, 1000u);
  EXPECT_GT(too_deep, 1000u);
}

TEST(ItemScan, FindsTheEndOfAnItemSpanningBlocksWithStringsAndEscapes)
{
  std::string item = R"({"metadata":{"name":"a\"}]{["},"spec":{"x":[1,2,{"y":"\\"}]},"pad":")";
  item += std::string(100, 'p') + R"("})";
  const std::size_t end = item.size() - 1;
  item += std::string(128, ' ');
  for (const auto& [name, scan] : versions()) {
    const Outcome got = run(scan, item.substr(1), 1024); // the `{` is already on the stack
    EXPECT_EQ(got.result.stop, Stop::closed) << name;
    EXPECT_EQ(got.result.at + 1, end) << name;
  }
}

TEST(ItemScan, LeavesAShortTailUnscanned)
{
  const std::string text = std::string(63, 'a') + "}";
  for (const auto& [name, scan] : versions()) {
    const Outcome got = run(scan, text.substr(0, 63), 8);
    EXPECT_EQ(got.result.stop, Stop::need_more) << name;
    EXPECT_EQ(got.result.at, 0u) << name;
  }
}

} // namespace
} // namespace dualstack::verify::item_scan
