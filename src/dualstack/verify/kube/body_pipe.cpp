// BodyPipe: a bounded, ordered queue of body pieces between two threads.
#include <dualstack/verify/kube/body_pipe.hpp>

#include <algorithm>

namespace dualstack::verify::kube {

BodyPipe::BodyPipe(std::size_t limit)
  : m_limit(std::max(limit, piece_bytes))
{
}

bool BodyPipe::push(std::string&& piece)
{
  std::unique_lock lock(m_mutex);
  m_not_full.wait(lock, [&] { return m_stopped || m_waiting < m_limit; });
  if (m_stopped) {
    return false;
  }
  m_waiting += piece.size();
  m_pieces.push_back(std::move(piece));
  m_not_empty.notify_one();
  return true;
}

std::string BodyPipe::buffer()
{
  std::lock_guard lock(m_mutex);
  std::string out;
  if (!m_free.empty()) {
    out = std::move(m_free.back());
    m_free.pop_back();
  }
  out.clear();
  out.reserve(piece_bytes);
  return out;
}

std::optional<std::string> BodyPipe::pop()
{
  std::unique_lock lock(m_mutex);
  m_not_empty.wait(lock, [&] { return m_closed || !m_pieces.empty(); });
  if (m_pieces.empty()) {
    return std::nullopt;
  }
  std::string piece = std::move(m_pieces.front());
  m_pieces.pop_front();
  m_waiting -= piece.size();
  m_not_full.notify_one();
  return piece;
}

void BodyPipe::recycle(std::string&& piece)
{
  std::lock_guard lock(m_mutex);
  if (m_free.size() < 4) {
    m_free.push_back(std::move(piece));
  }
}

void BodyPipe::close()
{
  std::lock_guard lock(m_mutex);
  m_closed = true;
  m_not_empty.notify_all();
}

void BodyPipe::stop()
{
  std::lock_guard lock(m_mutex);
  m_stopped = true;
  m_not_full.notify_all();
}

} // namespace dualstack::verify::kube
