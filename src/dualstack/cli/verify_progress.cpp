// Progress lines of `dualstack verify` on stderr.
#include <dualstack/cli/verify_progress.hpp>

#include <fmt/format.h>

namespace dualstack::cli {

namespace {

double seconds_since(std::chrono::steady_clock::time_point start)
{
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

} // namespace

void DumpProgress::started(verify::Resource resource, std::uint64_t total_bytes)
{
  m_large = total_bytes >= (64u << 20);
  m_start = std::chrono::steady_clock::now();
  if (m_large) {
    m_err << fmt::format(
      "verify: reading {} ({} MiB)\n", verify::info(resource).file, total_bytes >> 20);
  }
}

void DumpProgress::advanced(verify::Resource resource, std::size_t items, std::uint64_t bytes)
{
  m_err << fmt::format(
    "verify: {}: {} items, {} MiB\n", verify::info(resource).file, items, bytes >> 20);
}

void DumpProgress::finished(verify::Resource resource, std::size_t items, bool ok)
{
  if (m_large) {
    m_err << fmt::format("verify: {}: {} items {} in {:.2f} s\n",
                         verify::info(resource).file,
                         items,
                         ok ? "checked" : "read before an error",
                         seconds_since(m_start));
  }
}

void ApiProgress::started(verify::Resource, std::uint64_t)
{
  m_pages = 0;
  m_bytes = 0;
  m_start = std::chrono::steady_clock::now();
}

void ApiProgress::advanced(verify::Resource resource, std::size_t items, std::uint64_t bytes)
{
  if (!m_quiet && m_pages % 20 == 0) {
    m_err << fmt::format("verify: listing {}: {} items, {} pages, {} MiB\n",
                         verify::info(resource).name,
                         items,
                         m_pages,
                         bytes >> 20);
  }
}

void ApiProgress::finished(verify::Resource resource, std::size_t items, bool ok)
{
  if (m_quiet) {
    return;
  }
  if (ok) {
    m_err << fmt::format("verify: listed {}: {} items in {} page{} ({} KiB, {:.2f} s)\n",
                         verify::info(resource).name,
                         items,
                         m_pages,
                         m_pages == 1 ? "" : "s",
                         m_bytes >> 10,
                         seconds_since(m_start));
  } else {
    m_err << fmt::format("verify: listing {} failed (see the report)\n",
                         verify::info(resource).name);
  }
}

void ApiProgress::on_warning(std::string_view message)
{
  m_err << "warning: " << message << "\n";
}

void ApiProgress::on_page(std::string_view, std::size_t, std::size_t, std::uint64_t bytes)
{
  ++m_pages;
  m_bytes += bytes;
}

} // namespace dualstack::cli
