// GzipDecoder: libdeflate for whole pages, zlib's inflate for bodies too big to buffer.
#include <dualstack/verify/kube/gzip_decoder.hpp>

#include <fmt/format.h>
#include <libdeflate.h>
#include <zlib.h>

#include <algorithm>

namespace dualstack::verify::kube {

namespace {

constexpr std::size_t stream_piece = 256 * 1024;
constexpr std::size_t gzip_minimum = 18; // a 10-byte header, an empty block, the 8-byte trailer

} // namespace

struct GzipDecoder::Zlib
{
  z_stream z{};
  bool ready = false;
  ~Zlib()
  {
    if (ready) {
      inflateEnd(&z);
    }
  }
};

GzipDecoder::GzipDecoder(std::size_t max_buffered, std::size_t max_decoded)
  : m_max_buffered(max_buffered)
  , m_max_decoded(max_decoded)
  , m_libdeflate(libdeflate_alloc_decompressor(), &libdeflate_free_decompressor)
{
}

GzipDecoder::~GzipDecoder() = default;

void GzipDecoder::reset()
{
  m_in.clear();
  m_compressed = 0;
  m_streaming = false;
  m_member_done = false;
  if (m_zlib && m_zlib->ready) {
    inflateReset(&m_zlib->z);
  }
}

tl::expected<bool, GzipError> GzipDecoder::add(std::string_view bytes, const Sink& sink)
{
  m_compressed += bytes.size();
  if (m_streaming) {
    return stream(bytes, sink);
  }
  if (m_in.size() + bytes.size() <= m_max_buffered) {
    m_in.insert(m_in.end(), bytes.begin(), bytes.end());
    return true;
  }
  // Too big to keep: decode what is buffered, then the rest as it arrives.
  m_streaming = true;
  auto buffered = stream({ m_in.data(), m_in.size() }, sink);
  m_in.clear();
  if (!buffered || !*buffered) {
    return buffered;
  }
  return stream(bytes, sink);
}

tl::expected<bool, GzipError> GzipDecoder::finish(const Sink& sink)
{
  if (!m_streaming && m_in.size() >= gzip_minimum && m_libdeflate) {
    // The trailer's ISIZE is the decoded size (mod 2^32) of a single member.
    const auto* tail = reinterpret_cast<const unsigned char*>(m_in.data() + m_in.size() - 4);
    const std::size_t size = std::size_t{ tail[0] } | std::size_t{ tail[1] } << 8 |
                             std::size_t{ tail[2] } << 16 | std::size_t{ tail[3] } << 24;
    constexpr std::size_t deflate_max_ratio = 1032;
    if (size <= m_max_decoded && size <= m_in.size() * deflate_max_ratio) {
      if (m_out.size() < size + 1) {
        m_out.resize(size + 1); // one more, so a longer stream is INSUFFICIENT_SPACE
      }
      std::size_t used = 0;
      std::size_t decoded = 0;
      const auto result = libdeflate_gzip_decompress_ex(
        m_libdeflate.get(), m_in.data(), m_in.size(), m_out.data(), size + 1, &used, &decoded);
      if (result == LIBDEFLATE_SUCCESS && used == m_in.size() && decoded == size) {
        m_in.clear();
        return sink({ m_out.data(), decoded });
      }
    }
  }
  if (!m_streaming) {
    // Several members, a size past the limit, or a body libdeflate refused. zlib reads it once
    // without handing anything on, so a broken body delivers nothing and gets zlib's diagnosis,
    // then once more into `sink`.
    const std::string_view body(m_in.data(), m_in.size());
    auto checked = stream(body, [](std::string_view) { return true; });
    if (!checked) {
      return checked;
    }
    if (!m_member_done) {
      return tl::unexpected(
        GzipError{ true,
                   fmt::format("the gzip-encoded body ended early, after {} compressed bytes",
                               m_compressed) });
    }
    inflateReset(&m_zlib->z);
    m_member_done = false;
    m_streaming = true;
    auto decoded = stream(body, sink);
    m_in.clear();
    if (!decoded || !*decoded) {
      return decoded;
    }
  }
  if (!m_member_done) {
    return tl::unexpected(GzipError{
      true,
      fmt::format("the gzip-encoded body ended early, after {} compressed bytes", m_compressed) });
  }
  return true;
}

tl::expected<bool, GzipError> GzipDecoder::stream(std::string_view bytes, const Sink& sink)
{
  if (!m_zlib) {
    m_zlib = std::make_unique<Zlib>();
    if (inflateInit2(&m_zlib->z, 15 + 16) != Z_OK) { // 16: a gzip wrapper, not zlib's
      m_zlib.reset();
      return tl::unexpected(GzipError{ false, "zlib could not be initialised" });
    }
    m_zlib->ready = true;
  }
  z_stream& z = m_zlib->z;
  if (m_out.size() < stream_piece) {
    m_out.resize(stream_piece);
  }
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  z.avail_in = static_cast<uInt>(bytes.size());
  for (;;) {
    if (z.avail_in == 0) {
      return true;
    }
    if (m_member_done) { // another member follows the one that ended
      inflateReset(&z);
      m_member_done = false;
    }
    z.next_out = reinterpret_cast<Bytef*>(m_out.data());
    z.avail_out = static_cast<uInt>(stream_piece);
    const int result = inflate(&z, Z_NO_FLUSH);
    const std::size_t produced = stream_piece - z.avail_out;
    if (produced > 0 && !sink({ m_out.data(), produced })) {
      return false;
    }
    if (result == Z_STREAM_END) {
      m_member_done = true;
      continue;
    }
    if (result == Z_BUF_ERROR && produced == 0) {
      return true; // needs more input than there is
    }
    if (result != Z_OK && result != Z_BUF_ERROR) {
      return tl::unexpected(GzipError{
        false,
        fmt::format("the gzip-encoded body is corrupt: {}", z.msg ? z.msg : "inflate failed") });
    }
    if (z.avail_in == 0 && z.avail_out == 0) {
      // Output may be pending inside zlib: ask again without input.
      while (z.avail_out == 0) {
        z.next_out = reinterpret_cast<Bytef*>(m_out.data());
        z.avail_out = static_cast<uInt>(stream_piece);
        const int more = inflate(&z, Z_NO_FLUSH);
        const std::size_t pending = stream_piece - z.avail_out;
        if (pending > 0 && !sink({ m_out.data(), pending })) {
          return false;
        }
        if (more == Z_STREAM_END) {
          m_member_done = true;
          break;
        }
        if (more != Z_OK) {
          break; // Z_BUF_ERROR: nothing pending after all
        }
      }
    }
  }
}

} // namespace dualstack::verify::kube
