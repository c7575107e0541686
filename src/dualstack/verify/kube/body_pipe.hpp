// BodyPipe: hands a response body from libcurl's receiving thread to the consuming one.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace dualstack::verify::kube {

// Pieces of a body in order, at most `limit` bytes waiting (the receiving side blocks beyond
// that), buffers reused. Either side may end it: the receiver closes it, the consumer stops it.
class BodyPipe
{
public:
  // The size of one piece; a buffer() has room for this much.
  static constexpr std::size_t piece_bytes = 256 * 1024;

  // `limit` below one piece counts as one piece.
  explicit BodyPipe(std::size_t limit);

  // Queues `piece` (receiving side), waiting while `limit` bytes wait; false once the consumer
  // stopped.
  bool push(std::string&& piece);

  // Returns an empty buffer with room for a piece (a recycled one when there is one).
  std::string buffer();

  // Returns the next piece, waiting for one; nullopt once the receiver closed and all was taken.
  std::optional<std::string> pop();

  // Gives a consumed piece's buffer back for reuse (a few are kept).
  void recycle(std::string&& piece);

  // Ends the stream (receiving side).
  void close();

  // Stops the receiving side (consumer): push() fails from now on.
  void stop();

private:
  std::mutex m_mutex;
  std::condition_variable m_not_empty;
  std::condition_variable m_not_full;
  std::deque<std::string> m_pieces;
  std::vector<std::string> m_free;
  std::size_t m_waiting = 0;
  std::size_t m_limit;
  bool m_closed = false;
  bool m_stopped = false;
};

} // namespace dualstack::verify::kube
