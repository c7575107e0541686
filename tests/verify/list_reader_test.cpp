// Tests for ListReader: items split correctly at any chunking, errors for every malformed or
// truncated shape, with their messages and offsets.
#include <dualstack/verify/list_reader.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <random>

#include <string>
#include <vector>

namespace dualstack::verify {
namespace {

class CollectSink : public ItemSink
{
public:
  tl::expected<void, InputError> on_item(std::string_view json, std::size_t index) override
  {
    EXPECT_EQ(index, items.size());
    items.emplace_back(json);
    return {};
  }
  std::vector<std::string> items;
};

// Feeds `text` in chunks of `chunk` bytes; returns the error message or "" on success.
std::string read_all(std::string_view text,
                     std::size_t chunk,
                     CollectSink& sink,
                     ListInfo* info = nullptr,
                     ListReaderLimits limits = {})
{
  ListReader reader("test.json", sink, 0, limits);
  for (std::size_t pos = 0; pos < text.size(); pos += chunk) {
    if (auto fed = reader.feed(text.substr(pos, chunk)); !fed) {
      return fed.error().to_string();
    }
  }
  auto done = reader.finish();
  if (!done) {
    return done.error().to_string();
  }
  if (info != nullptr) {
    *info = *done;
  }
  return {};
}

const std::string tricky_list =
  R"( {"apiVersion": "v1", "items": [ {"a": "}]{[", "b": [1, {"c": "\"}"}]},)"
  "\n"
  R"({"s": "back\\", "t": "\\\"]"} , {}],)"
  R"( "kind": "PodList", "metadata": {"continue": "abc\"d", "resourceVersion": "42"}} )"
  "\n";

const std::vector<std::string> tricky_items = {
  R"({"a": "}]{[", "b": [1, {"c": "\"}"}]})",
  R"({"s": "back\\", "t": "\\\"]"})",
  R"({})",
};

TEST(ListReader, SplitsItemsWithBracketsAndEscapesInStrings)
{
  CollectSink sink;
  ListInfo info;
  ASSERT_EQ(read_all(tricky_list, tricky_list.size(), sink, &info), "");
  EXPECT_EQ(sink.items, tricky_items);
  EXPECT_EQ(info.items, 3u);
  EXPECT_EQ(info.kind, "PodList");
  EXPECT_EQ(info.api_version, "v1");
  EXPECT_EQ(info.continue_token, "abc\"d");
  EXPECT_EQ(info.resource_version, "42");
}

TEST(ListReader, GivesTheSameItemsAtEveryChunkSize)
{
  for (std::size_t chunk = 1; chunk <= tricky_list.size(); ++chunk) {
    CollectSink sink;
    ASSERT_EQ(read_all(tricky_list, chunk, sink), "") << "chunk " << chunk;
    EXPECT_EQ(sink.items, tricky_items) << "chunk " << chunk;
  }
}

TEST(ListReader, GivesTheSameItemsAtEverySplitPoint)
{
  for (std::size_t split = 0; split <= tricky_list.size(); ++split) {
    CollectSink sink;
    ListReader reader("t", sink);
    ASSERT_TRUE(reader.feed(std::string_view(tricky_list).substr(0, split)));
    ASSERT_TRUE(reader.feed(std::string_view(tricky_list).substr(split)));
    ASSERT_TRUE(reader.finish()) << "split " << split;
    EXPECT_EQ(sink.items, tricky_items) << "split " << split;
  }
}

TEST(ListReader, ZeroCopyPrepareCommitMatchesFeed)
{
  CollectSink sink;
  ListReader reader("t", sink);
  std::size_t pos = 0;
  while (pos < tricky_list.size()) {
    auto space = reader.prepare(7);
    const std::size_t n = std::min<std::size_t>(7, tricky_list.size() - pos);
    ASSERT_GE(space.size(), n);
    std::copy_n(tricky_list.data() + pos, n, space.data());
    ASSERT_TRUE(reader.commit(n));
    pos += n;
  }
  ASSERT_TRUE(reader.finish());
  EXPECT_EQ(sink.items, tricky_items);
}

TEST(ListReader, AcceptsAnEmptyList)
{
  CollectSink sink;
  ASSERT_EQ(read_all(R"({"items": [], "kind": "List"})", 4, sink), "");
  EXPECT_TRUE(sink.items.empty());
}

TEST(ListReader, ItemsOfLaterPagesContinueTheIndex)
{
  CollectSink sink;
  sink.items = { "x", "y" };
  ListReader reader("page2", sink, 2);
  ASSERT_TRUE(reader.feed(R"({"items": [{"n": 1}]})"));
  ASSERT_TRUE(reader.finish());
  EXPECT_EQ(sink.items.back(), R"({"n": 1})");
}

struct BadInput
{
  std::string text;
  std::string error;
};

class ListReaderErrors : public ::testing::TestWithParam<BadInput>
{};

TEST_P(ListReaderErrors, ReportsTheProblemWithItsOffset)
{
  // Whole, and byte by byte: the same error either way.
  for (std::size_t chunk : { GetParam().text.size() + 1, std::size_t{ 1 } }) {
    CollectSink sink;
    EXPECT_EQ(read_all(GetParam().text, chunk, sink), GetParam().error) << "chunk " << chunk;
  }
}

INSTANTIATE_TEST_SUITE_P(
  Malformed,
  ListReaderErrors,
  ::testing::Values(
    BadInput{ "", "test.json: empty input: expected a Kubernetes List" },
    BadInput{ "  \n", "test.json: byte 3: empty input: expected a Kubernetes List" },
    BadInput{ "[1]", "test.json: not a Kubernetes List: expected `{`" },
    BadInput{ R"({"kind": "List"})",
              "test.json: byte 16: not a Kubernetes List: no `items` array" },
    BadInput{ R"({"items": {}})", "test.json: byte 10: `items` is not an array" },
    BadInput{ R"({"items": [1]})",
              "test.json: byte 11 (item 0): a List item is not a JSON object" },
    BadInput{ R"({"items": [{"a": [}]})", "test.json: byte 18 (item 0): unexpected `}`" },
    BadInput{ R"({"items": [{}] } x)", "test.json: byte 17: text after the end of the List" },
    BadInput{ R"({"items": [{},]})",
              "test.json: byte 14 (item 1): a List item is not a JSON object" },
    BadInput{ R"({"items": [{}] "kind": 1})",
              "test.json: byte 15: expected `,` or `}` in the List object" },
    BadInput{ R"({"items": [{}], "items": []})",
              "test.json: byte 25: the List has two `items` arrays" },
    BadInput{ R"({"kind": "List", "metadata": {}, "items": [)",
              "test.json: byte 43: truncated: the input ends inside `items` after 0 items" },
    BadInput{ R"({"items": [{"a": 1}, {"b": "x)",
              "test.json: byte 29 (item 1): truncated: the input ends inside item 1" },
    BadInput{ R"({"items": [{"a": 1}])",
              "test.json: byte 20: truncated: the input ends before the List's closing `}`" },
    BadInput{ R"({"items": [], "metadata": {"continue": 5}})",
              "test.json: byte 42: the List's `metadata.continue` is not a string" },
    BadInput{ R"({"items": [], "kind": tru})",
              "test.json: byte 26: the List's `kind` is not a string" }),
  // Stable names (gtest would print the struct's bytes, heap addresses included).
  [](const ::testing::TestParamInfo<BadInput>& param_info) {
    return "case_" + std::to_string(param_info.index);
  });

TEST(ListReader, RejectsAnItemOverTheSizeLimit)
{
  CollectSink sink;
  ListReaderLimits limits;
  limits.max_item_bytes = 16;
  EXPECT_EQ(read_all(R"({"items": [{"a": "0123456789abcdef"}]})", 5, sink, nullptr, limits),
            "test.json: byte 11 (item 0): item larger than 16 bytes");
}

TEST(ListReader, RejectsNestingOverTheDepthLimit)
{
  CollectSink sink;
  ListReaderLimits limits;
  limits.max_depth = 3;
  EXPECT_EQ(read_all(R"({"items": [{"a": [[[1]]]}]})", 100, sink, nullptr, limits),
            "test.json: byte 19 (item 0): nesting deeper than 3 levels");
}

TEST(ListReader, StopsAtTheSinksError)
{
  class Refuse : public ItemSink
  {
  public:
    tl::expected<void, InputError> on_item(std::string_view, std::size_t) override
    {
      InputError e;
      e.message = "bad pod";
      e.offset = 3;
      return tl::unexpected(e);
    }
  } sink;
  ListReader reader("pods.json", sink);
  auto fed = reader.feed(R"({"items": [{"a": 1}]})");
  ASSERT_FALSE(fed);
  EXPECT_EQ(fed.error().to_string(), "pods.json: byte 14 (item 0): bad pod");
  EXPECT_FALSE(reader.finish());
}

TEST(ListReader, HandsOverLargeListsWithBoundedBuffer)
{
  CollectSink sink;
  std::string text = R"({"items": [)";
  const std::string item =
    R"({"metadata": {"name": "x"}, "pad": ")" + std::string(3000, 'p') + "\"}";
  for (int i = 0; i < 2000; ++i) {
    text += (i ? "," : "") + item;
  }
  text += "]}";
  ASSERT_EQ(read_all(text, 65536, sink), "");
  ASSERT_EQ(sink.items.size(), 2000u);
  EXPECT_EQ(sink.items[1999], item);
}

// Random values whose strings are full of quotes, backslashes and brackets, nested so that
// items span many 64-byte blocks and chunk boundaries.
nlohmann::json random_value(std::mt19937& rng, int depth)
{
  static constexpr std::string_view alphabet = "\"\\{}[]ab:, \\\"";
  const int kind = depth > 3 ? 0 : static_cast<int>(rng() % 4);
  if (kind == 0) {
    std::string text(rng() % 40, ' ');
    for (char& c : text) {
      c = alphabet[rng() % alphabet.size()];
    }
    return text;
  }
  if (kind == 1) {
    nlohmann::json array = nlohmann::json::array();
    for (std::size_t i = rng() % 5; i > 0; --i) {
      array.push_back(random_value(rng, depth + 1));
    }
    return array;
  }
  nlohmann::json object = nlohmann::json::object();
  for (std::size_t i = rng() % 6; i > 0; --i) {
    object["k" + std::to_string(rng() % 100) + "\\\"}"] = random_value(rng, depth + 1);
  }
  return object;
}

TEST(ListReader, SplitsRandomItemsLikeAJsonParserAtRandomChunkSizes)
{
  std::mt19937 rng(12345);
  for (int round = 0; round < 40; ++round) {
    std::vector<std::string> expected;
    std::string text = R"({"apiVersion": "v1", "items": [)";
    for (int i = 0; i < 30; ++i) {
      nlohmann::json item = nlohmann::json::object();
      item["metadata"] = { { "name", "item-" + std::to_string(i) } };
      item["data"] = random_value(rng, 0);
      expected.push_back(item.dump(round % 2 ? 2 : -1));
      text += (i ? ", " : "") + expected.back();
    }
    text += R"(], "kind": "List"})";
    EXPECT_TRUE(nlohmann::json::accept(text));
    for (std::size_t chunk : { std::size_t{ 1 },
                               std::size_t{ 63 },
                               std::size_t{ 64 },
                               std::size_t{ 65 },
                               std::size_t{ 1 + rng() % 500 },
                               text.size() }) {
      CollectSink sink;
      ASSERT_EQ(read_all(text, chunk, sink), "") << "round " << round << " chunk " << chunk;
      ASSERT_EQ(sink.items, expected) << "round " << round << " chunk " << chunk;
    }
  }
}

} // namespace
} // namespace dualstack::verify
