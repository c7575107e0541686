// ZeroedArray: a fixed-size array of trivially copyable T, all bytes zero, straight from the
// kernel (anonymous mmap: no memset, pages appear on first touch) and backed by transparent huge
// pages where the system allows it, so a table of tens of MB costs a dozen page faults instead
// of thousands.
#pragma once

#include <cstddef>
#include <type_traits>
#include <utility>

namespace dualstack::util {

class ZeroedBytes
{
public:
  ZeroedBytes() = default;
  explicit ZeroedBytes(std::size_t bytes); // throws std::bad_alloc when the kernel says no
  ~ZeroedBytes();
  ZeroedBytes(ZeroedBytes&& other) noexcept;
  ZeroedBytes& operator=(ZeroedBytes&& other) noexcept;
  ZeroedBytes(const ZeroedBytes&) = delete;
  ZeroedBytes& operator=(const ZeroedBytes&) = delete;

  void* data() const { return m_data; }
  std::size_t size() const { return m_bytes; }

private:
  void* m_data = nullptr;
  std::size_t m_bytes = 0;
};

template <typename T>
class ZeroedArray
{
  static_assert(std::is_trivially_copyable_v<T>, "zero bytes must be a valid T");

public:
  ZeroedArray() = default;
  explicit ZeroedArray(std::size_t count) : m_bytes(count * sizeof(T)), m_count(count) {}
  ZeroedArray(ZeroedArray&& other) noexcept
    : m_bytes(std::move(other.m_bytes)), m_count(std::exchange(other.m_count, 0))
  {
  }
  ZeroedArray& operator=(ZeroedArray&& other) noexcept
  {
    m_bytes = std::move(other.m_bytes);
    m_count = std::exchange(other.m_count, 0);
    return *this;
  }

  T* data() const { return static_cast<T*>(m_bytes.data()); }
  std::size_t size() const { return m_count; }
  bool empty() const { return m_count == 0; }
  T& operator[](std::size_t i) const { return data()[i]; }
  T* begin() const { return data(); }
  T* end() const { return data() + m_count; }

private:
  ZeroedBytes m_bytes;
  std::size_t m_count = 0;
};

} // namespace dualstack::util
