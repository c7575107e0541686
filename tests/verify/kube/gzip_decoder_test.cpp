// GzipDecoder: whole bodies through libdeflate, big ones streamed through zlib, members,
// bodies cut short or corrupt, a sink that stops, buffers reused between bodies.
#include <dualstack/verify/kube/gzip_decoder.hpp>

#include <gtest/gtest.h>
#include <zlib.h>

#include <random>
#include <string>

using dualstack::verify::kube::GzipDecoder;

namespace {

// Returns `text` as one gzip member (zlib, level 1 as kube-apiserver).
std::string gzip(const std::string& text)
{
  z_stream z{};
  EXPECT_EQ(deflateInit2(&z, 1, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
  std::string out(deflateBound(&z, text.size()) + 64, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  z.avail_in = static_cast<uInt>(text.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&z, Z_FINISH), Z_STREAM_END);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

// A List-like text of `items` pod-ish objects, different each time (seeded).
std::string page_text(std::size_t items, unsigned seed)
{
  std::mt19937 random(seed);
  std::string out = R"({"kind":"PodList","metadata":{"continue":"abc"},"items":[)";
  for (std::size_t i = 0; i < items; ++i) {
    out += (i ? "," : "") + std::string(R"({"metadata":{"name":"pod-)") + std::to_string(random()) +
           R"("},"status":{"podIP":"10.)" + std::to_string(random() % 256) + "." +
           std::to_string(random() % 256) + R"(.7"}})";
  }
  return out + "]}";
}

struct Decoded
{
  std::string text;
  std::size_t calls = 0; // sink calls
  std::size_t calls_before_finish = 0;
  std::string error;
  bool ended_early = false;
  bool streaming = false;
};

// Feeds `body` to `decoder` in pieces of `chunk` bytes, then finishes.
Decoded decode(GzipDecoder& decoder, const std::string& body, std::size_t chunk)
{
  Decoded out;
  decoder.reset();
  const GzipDecoder::Sink sink = [&](std::string_view bytes) {
    out.text.append(bytes);
    ++out.calls;
    return true;
  };
  for (std::size_t at = 0; at < body.size(); at += chunk) {
    auto added = decoder.add(std::string_view(body).substr(at, chunk), sink);
    if (!added) {
      out.error = added.error().message;
      out.ended_early = added.error().ended_early;
      return out;
    }
  }
  out.calls_before_finish = out.calls;
  auto finished = decoder.finish(sink);
  if (!finished) {
    out.error = finished.error().message;
    out.ended_early = finished.error().ended_early;
  }
  out.streaming = decoder.streaming();
  return out;
}

} // namespace

TEST(GzipDecoder, AWholePageIsDecodedInOneCallAtTheEnd)
{
  const std::string text = page_text(2000, 1);
  GzipDecoder decoder;
  const auto out = decode(decoder, gzip(text), 16 * 1024);
  EXPECT_EQ(out.error, "");
  EXPECT_EQ(out.text, text);
  EXPECT_FALSE(out.streaming);
  EXPECT_EQ(out.calls_before_finish, 0u);
  EXPECT_EQ(out.calls, 1u) << "libdeflate hands the page over at once";
  EXPECT_EQ(decoder.compressed_bytes(), gzip(text).size());
}

TEST(GzipDecoder, ABodyPastTheBufferLimitIsStreamedThroughZlib)
{
  const std::string text = page_text(20000, 2);
  const std::string body = gzip(text);
  GzipDecoder decoder(/*max_buffered=*/body.size() / 4);
  const auto out = decode(decoder, body, 8 * 1024);
  EXPECT_EQ(out.error, "");
  EXPECT_EQ(out.text, text);
  EXPECT_TRUE(out.streaming);
  EXPECT_GT(out.calls_before_finish, 0u) << "decoded while it arrived";
}

TEST(GzipDecoder, ADecodedSizePastTheLimitGoesThroughZlib)
{
  const std::string text = page_text(3000, 3);
  GzipDecoder decoder(/*max_buffered=*/8u << 20, /*max_decoded=*/text.size() - 1);
  const auto out = decode(decoder, gzip(text), 4096);
  EXPECT_EQ(out.error, "");
  EXPECT_EQ(out.text, text);
  EXPECT_TRUE(out.streaming);
}

TEST(GzipDecoder, ConcatenatedMembersAreDecodedInTurn)
{
  const std::string first = page_text(300, 4);
  const std::string second = page_text(500, 5);
  GzipDecoder decoder;
  const auto out = decode(decoder, gzip(first) + gzip(second), 1000);
  EXPECT_EQ(out.error, "");
  EXPECT_EQ(out.text, first + second);
}

TEST(GzipDecoder, OneByteAtATimeGivesTheSameText)
{
  const std::string text = page_text(50, 6);
  const std::string body = gzip(text);
  GzipDecoder whole;
  EXPECT_EQ(decode(whole, body, 1).text, text);
  GzipDecoder streamed(/*max_buffered=*/16);
  const auto out = decode(streamed, body, 1);
  EXPECT_EQ(out.error, "");
  EXPECT_EQ(out.text, text);
  EXPECT_TRUE(out.streaming);
}

TEST(GzipDecoder, ABodyCutShortEndedEarlyInBothModes)
{
  const std::string text = page_text(4000, 7);
  const std::string body = gzip(text);
  const std::string half = body.substr(0, body.size() / 2);
  for (std::size_t max_buffered : { std::size_t{ 8u << 20 }, body.size() / 8 }) {
    GzipDecoder decoder(max_buffered);
    const auto out = decode(decoder, half, 4096);
    EXPECT_TRUE(out.ended_early) << out.error;
    EXPECT_EQ(out.error,
              "the gzip-encoded body ended early, after " + std::to_string(half.size()) +
                " compressed bytes");
    EXPECT_LT(out.text.size(), text.size());
    EXPECT_EQ(out.text, text.substr(0, out.text.size())) << "what came out is a true prefix";
  }
  GzipDecoder decoder;
  const auto empty = decode(decoder, "", 1);
  EXPECT_TRUE(empty.ended_early);
}

TEST(GzipDecoder, CorruptDataIsAnErrorThatDidNotEndEarly)
{
  std::string body = gzip(page_text(2000, 8));
  for (std::size_t i = body.size() / 3; i < body.size() / 3 + 64; ++i) {
    body[i] = static_cast<char>(body[i] ^ 0x5a);
  }
  GzipDecoder decoder;
  const auto out = decode(decoder, body, 4096);
  EXPECT_FALSE(out.ended_early);
  EXPECT_TRUE(out.error.starts_with("the gzip-encoded body is corrupt: ")) << out.error;

  GzipDecoder not_gzip;
  const auto plain = decode(not_gzip, page_text(10, 9), 4096);
  EXPECT_TRUE(plain.error.starts_with("the gzip-encoded body is corrupt: ")) << plain.error;
  EXPECT_EQ(plain.text, "");
}

TEST(GzipDecoder, ASinkThatStopsStopsTheDecoding)
{
  const std::string body = gzip(page_text(20000, 10));
  for (std::size_t max_buffered : { std::size_t{ 8u << 20 }, body.size() / 4 }) {
    GzipDecoder decoder(max_buffered);
    std::size_t calls = 0;
    const GzipDecoder::Sink stop = [&](std::string_view) {
      ++calls;
      return false;
    };
    bool stopped = false;
    for (std::size_t at = 0; at < body.size() && !stopped; at += 4096) {
      auto added = decoder.add(std::string_view(body).substr(at, 4096), stop);
      ASSERT_TRUE(added);
      stopped = !*added;
    }
    if (!stopped) {
      auto finished = decoder.finish(stop);
      ASSERT_TRUE(finished);
      EXPECT_FALSE(*finished);
    }
    EXPECT_EQ(calls, 1u);
  }
}

TEST(GzipDecoder, TheDecoderIsReusedForTheNextBody)
{
  GzipDecoder decoder(/*max_buffered=*/64 * 1024);
  for (unsigned seed = 11; seed < 17; ++seed) {
    // Alternating sizes: some pages fit the buffer, some stream; a broken one in between.
    const std::string text = page_text(seed % 2 ? 6000 : 200, seed);
    const auto out = decode(decoder, gzip(text), 8192);
    EXPECT_EQ(out.error, "");
    EXPECT_EQ(out.text, text);
    EXPECT_EQ(out.streaming, seed % 2 == 1);
    const auto broken = decode(decoder, gzip(text).substr(0, 100), 8192);
    EXPECT_TRUE(broken.ended_early);
  }
}
