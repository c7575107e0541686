// Decodes a gzip-encoded HTTP body (RFC 1952): whole pages with libdeflate, big ones streamed
// through zlib.
#pragma once

#include <tl/expected.hpp>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

struct libdeflate_decompressor;

namespace dualstack::verify::kube {

// Why a body could not be decoded.
struct GzipError
{
  bool ended_early = false; // the stream stopped before its end (a body cut short)
  std::string message;      // what is wrong, one line
};

// Decodes one gzip body at a time. A list page (a few hundred KiB on the wire) is kept as it
// arrives and decoded in one call to libdeflate when it is complete, about twice as fast as
// zlib's streaming inflate (which libcurl would use); the buffers stay for the next body. A
// body that outgrows `max_buffered` compressed bytes is decoded by zlib as it streams, and one
// that would decode to more than `max_decoded` bytes by zlib at its end, so memory stays
// bounded. A buffered body that
// libdeflate cannot decode in one go (several members, or broken) is checked by zlib before
// anything is handed on: a broken page delivers nothing, and gets zlib's precise diagnosis.
// Concatenated gzip members are decoded one after another.
class GzipDecoder
{
public:
  // Receives decoded bytes; returns false to stop decoding (the consumer failed).
  using Sink = std::function<bool(std::string_view bytes)>;

  explicit GzipDecoder(std::size_t max_buffered = 4u << 20, std::size_t max_decoded = 32u << 20);
  ~GzipDecoder();
  GzipDecoder(const GzipDecoder&) = delete;
  GzipDecoder& operator=(const GzipDecoder&) = delete;

  // Starts a new body (the buffers are kept).
  void reset();

  // Takes the next compressed `bytes`; decoded bytes may already go to `sink` (streaming).
  // Returns false when `sink` stopped the decoding, or an error.
  tl::expected<bool, GzipError> add(std::string_view bytes, const Sink& sink);

  // Ends the body: decodes what is buffered into `sink`. Returns false when `sink` stopped the
  // decoding, or an error (a stream that did not end, corrupt data).
  tl::expected<bool, GzipError> finish(const Sink& sink);

  // Returns the compressed bytes taken since reset().
  std::uint64_t compressed_bytes() const
  {
    return m_compressed;
  }

  // Returns whether the current body is being decoded as it streams (zlib).
  bool streaming() const
  {
    return m_streaming;
  }

private:
  struct Zlib;
  tl::expected<bool, GzipError> stream(std::string_view bytes, const Sink& sink);

  std::size_t m_max_buffered;
  std::size_t m_max_decoded;
  std::vector<char> m_in;  // the compressed body while it is buffered
  std::vector<char> m_out; // decoded bytes
  std::uint64_t m_compressed = 0;
  bool m_streaming = false;
  bool m_member_done = false; // zlib reached the end of a member
  std::unique_ptr<libdeflate_decompressor, void (*)(libdeflate_decompressor*)> m_libdeflate;
  std::unique_ptr<Zlib> m_zlib;
};

} // namespace dualstack::verify::kube
