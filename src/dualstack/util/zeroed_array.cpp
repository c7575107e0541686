// ZeroedBytes: anonymous private mappings, with a transparent-huge-page hint.
#include <dualstack/util/zeroed_array.hpp>

#include <sys/mman.h>

#include <new>
#include <utility>

namespace dualstack::util {

namespace {

constexpr std::size_t huge_page = std::size_t{2} << 20;

} // namespace

ZeroedBytes::ZeroedBytes(std::size_t bytes) : m_bytes(bytes)
{
  if (bytes == 0) {
    return;
  }
  void* p = ::mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) {
    throw std::bad_alloc();
  }
  if (bytes >= huge_page) {
    (void)::madvise(p, bytes, MADV_HUGEPAGE); // a hint: without THP the pages are 4 KB
  }
  m_data = p;
}

ZeroedBytes::~ZeroedBytes()
{
  if (m_data != nullptr) {
    ::munmap(m_data, m_bytes);
  }
}

ZeroedBytes::ZeroedBytes(ZeroedBytes&& other) noexcept
  : m_data(std::exchange(other.m_data, nullptr)), m_bytes(std::exchange(other.m_bytes, 0))
{
}

ZeroedBytes& ZeroedBytes::operator=(ZeroedBytes&& other) noexcept
{
  if (this != &other) {
    if (m_data != nullptr) {
      ::munmap(m_data, m_bytes);
    }
    m_data = std::exchange(other.m_data, nullptr);
    m_bytes = std::exchange(other.m_bytes, 0);
  }
  return *this;
}

} // namespace dualstack::util
