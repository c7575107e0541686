// Reading a rendered wg-quick file the way `wg-quick` would: the `wg setconf` part (what
// `wg-quick strip` prints) and the interface settings wg-quick applies itself.
#pragma once

#include <string>
#include <vector>

namespace dualstack::lab {

struct WgQuickFile
{
  std::string setconf;                  // the file without wg-quick's own keys (`wg-quick strip`)
  std::vector<std::string> addresses;   // `Address =` entries, e.g. "172.30.153.65/26"
  std::vector<std::string> allowed_ips; // every peer's `AllowedIPs` entries (routes wg-quick adds)
  std::string mtu;                      // `MTU =`, empty when absent (wg-quick then derives one)
  bool has_private_key = false;         // an uncommented `PrivateKey =` line
};

// Parses `text` (a wg-quick config). Comments and wg-quick's keys (Address, DNS, MTU, Table,
// PreUp/PostUp/PreDown/PostDown, SaveConfig) are left out of `setconf`, as `wg-quick strip` does.
WgQuickFile parse_wg_quick(const std::string& text);

} // namespace dualstack::lab
