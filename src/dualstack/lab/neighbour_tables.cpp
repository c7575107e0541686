#include <dualstack/lab/neighbour_tables.hpp>

#include <dualstack/lab/state.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <utility>
#include <vector>

namespace dualstack::lab {

namespace fs = std::filesystem;

namespace {

constexpr std::array<const char*, 2> families{ "ipv4", "ipv6" };

std::string sysctl_path(const std::string& proc_net, const char* family, int n)
{
  return fmt::format("{}/{}/neigh/default/gc_thresh{}", proc_net, family, n + 1);
}

tl::expected<long, std::string> read_value(const std::string& path)
{
  std::ifstream in(path);
  long value = 0;
  if (!(in >> value))
    return tl::unexpected(fmt::format("cannot read {}", path));
  return value;
}

tl::expected<void, std::string> write_value(const std::string& path, long value)
{
  std::ofstream out(path);
  out << value << '\n';
  out.close();
  if (!out)
    return tl::unexpected(fmt::format("cannot write {} to {}", value, path));
  return {};
}

} // namespace

NeighbourThresholds neighbour_thresholds_for(std::size_t hosts)
{
  const long entries = static_cast<long>(2 * hosts * hosts); // global + link-local, per family
  const long thresh3 = std::max(1024L, 2 * entries);         // room for entries being replaced
  return { thresh3 / 8, thresh3 / 2, thresh3 };
}

tl::expected<void, std::string> NeighbourTables::reserve(const NeighbourThresholds& needed) const
{
  std::array<NeighbourThresholds, 2> current{};
  bool low = false;
  for (std::size_t f = 0; f < families.size(); ++f) {
    for (int n = 0; n < 3; ++n) {
      auto value = read_value(sysctl_path(proc_net, families[f], n));
      if (!value)
        return tl::unexpected(value.error());
      current[f][n] = *value;
      low = low || *value < needed[n];
    }
  }
  if (!low)
    return {};
  std::error_code ec;
  if (!fs::exists(record, ec)) {
    std::ostringstream text;
    for (std::size_t f = 0; f < families.size(); ++f) {
      for (int n = 0; n < 3; ++n)
        text << sysctl_path(proc_net, families[f], n) << ' ' << current[f][n] << '\n';
    }
    fs::create_directories(fs::path(record).parent_path(), ec);
    std::ofstream out(record);
    out << text.str();
    out.close();
    if (!out)
      return tl::unexpected(
        fmt::format("cannot record the neighbour table thresholds in {}", record));
  }
  // gc_thresh1 <= gc_thresh2 <= gc_thresh3 at every step: raise the largest first.
  for (std::size_t f = 0; f < families.size(); ++f) {
    for (int n = 2; n >= 0; --n) {
      if (current[f][n] < needed[n]) {
        if (auto st = write_value(sysctl_path(proc_net, families[f], n), needed[n]); !st)
          return st;
      }
    }
  }
  return {};
}

tl::expected<void, std::string> NeighbourTables::restore() const
{
  std::ifstream in(record);
  if (!in)
    return {}; // nothing was raised
  std::string path;
  long value = 0;
  std::vector<std::pair<std::string, long>> saved;
  while (in >> path >> value)
    saved.emplace_back(path, value);
  // Lower the smallest first, the reverse of reserve().
  for (const auto& [sysctl, original] : saved) {
    if (auto st = write_value(sysctl, original); !st)
      return st;
  }
  std::error_code ec;
  fs::remove(record, ec);
  return {};
}

NeighbourTables machine_neighbour_tables()
{
  return { "/proc/sys/net", state_root() + "/neighbour-thresholds.orig" };
}

} // namespace dualstack::lab
