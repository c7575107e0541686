// The WireGuard IPAM state file.
#include <dualstack/render/peer_state.hpp>

#include <fmt/format.h>
#include <toml++/toml.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace dualstack::render {

std::map<std::string, std::uint64_t> peer_slots(const plan::Plan& plan)
{
  std::map<std::string, std::uint64_t> slots;
  for (const auto& peer : plan.wireguard_peers)
    slots[peer.ident] = peer.offset;
  return slots;
}

std::string peer_state_text(const std::map<std::string, std::uint64_t>& slots)
{
  toml::table table;
  for (const auto& [ident, slot] : slots)
    table.insert(ident, static_cast<std::int64_t>(slot));
  std::ostringstream out;
  out << "# WireGuard peer slots, written by `dualstack render`. Keep this file with config.toml\n"
      << "# (commit it): it keeps every peer's address when peers are added or removed.\n"
      << "[slots]\n"
      << table << "\n";
  return out.str();
}

tl::expected<void, std::string> write_peer_state(const std::string& path,
                                                 const std::map<std::string, std::uint64_t>& slots)
{
  const std::string temp = path + ".tmp";
  {
    std::ofstream out(temp, std::ios::trunc);
    out << peer_state_text(slots);
    if (!out)
      return tl::unexpected(fmt::format("cannot write {}", temp));
  }
  if (std::rename(temp.c_str(), path.c_str()) != 0) {
    std::remove(temp.c_str());
    return tl::unexpected(fmt::format("cannot replace {}", path));
  }
  return {};
}

} // namespace dualstack::render
