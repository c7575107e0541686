// Progress and warnings of `dualstack verify` on stderr (never stdout, which carries the report).
#pragma once

#include <dualstack/verify/kube/client_observer.hpp>
#include <dualstack/verify/progress.hpp>

#include <chrono>
#include <ostream>

namespace dualstack::cli {

// Dump intake: a line per large file (64 MiB and up) when it starts and ends.
class DumpProgress final : public verify::VerifyObserver
{
public:
  explicit DumpProgress(std::ostream& err)
    : m_err(err)
  {
  }
  void started(verify::Resource resource, std::uint64_t total_bytes) override;
  void advanced(verify::Resource resource, std::size_t items, std::uint64_t bytes) override;
  void finished(verify::Resource resource, std::size_t items, bool ok) override;

private:
  std::ostream& m_err;
  bool m_large = false;
  std::chrono::steady_clock::time_point m_start;
};

// API intake: a line per listed resource (items, pages, seconds), a line every 20 pages of a
// long list, and every warning (e.g. TLS verification off), which is printed even when quiet.
class ApiProgress final
  : public verify::VerifyObserver
  , public verify::kube::ClientObserver
{
public:
  ApiProgress(std::ostream& err, bool quiet)
    : m_err(err)
    , m_quiet(quiet)
  {
  }
  void started(verify::Resource resource, std::uint64_t total_bytes) override;
  void advanced(verify::Resource resource, std::size_t items, std::uint64_t bytes) override;
  void finished(verify::Resource resource, std::size_t items, bool ok) override;
  void on_warning(std::string_view message) override;
  void on_page(std::string_view resource,
               std::size_t index,
               std::size_t items,
               std::uint64_t bytes) override;

private:
  std::ostream& m_err;
  bool m_quiet;
  std::size_t m_pages = 0;
  std::uint64_t m_bytes = 0;
  std::chrono::steady_clock::time_point m_start;
};

} // namespace dualstack::cli
