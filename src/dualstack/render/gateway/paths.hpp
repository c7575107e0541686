// Where the gateway files live on a gateway; the configs refer to each other by these paths.
#pragma once

#include <string_view>

namespace dualstack::render::gateway::paths {

inline constexpr std::string_view bird = "/etc/bird/bird.conf";
inline constexpr std::string_view keepalived = "/etc/keepalived/keepalived.conf";
inline constexpr std::string_view notify_script = "/etc/keepalived/dualstack-notify.sh";
inline constexpr std::string_view check_script = "/etc/keepalived/dualstack-check.sh";
inline constexpr std::string_view haproxy = "/etc/haproxy/haproxy.cfg";
inline constexpr std::string_view nftables = "/etc/nftables.conf";
inline constexpr std::string_view sysctl = "/etc/sysctl.d/90-dualstack.conf";
inline constexpr std::string_view wireguard_dir = "/etc/wireguard";
inline constexpr std::string_view endpoint_sync = "/etc/keepalived/dualstack-endpoint-sync";
inline constexpr std::string_view endpoint_sync_config =
  "/etc/keepalived/dualstack-endpoint-sync.json";
inline constexpr std::string_view endpoint_sync_key = "/etc/keepalived/dualstack-endpoint-sync.key";
inline constexpr std::string_view endpoint_sync_unit =
  "/etc/systemd/system/dualstack-endpoint-sync.service";

} // namespace dualstack::render::gateway::paths
