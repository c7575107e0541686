// The keepalived notify hook: fresh WireGuard sessions on every VRRP state change.
#include <dualstack/render/gateway/notify_script.hpp>

#include <dualstack/render/gateway/text.hpp>
#include <dualstack/render/gateway/well_known.hpp>

#include <fmt/format.h>

namespace dualstack::render::gateway {

std::string notify_script(const plan::Plan& plan, const plan::Host& gateway)
{
  std::vector<std::string> ports;
  for (const auto& endpoint : plan.wireguard_endpoints) {
    ports.push_back(std::to_string(endpoint.port));
  }
  std::string out;
  out += "#!/bin/sh\n";
  out += fmt::format("# keepalived notify hook on gateway {} of cluster {}: fresh WireGuard "
                     "sessions on every VRRP change.\n",
                     printable(gateway.name),
                     printable(plan.cluster_name));
  out += R"SH(#
# Called as `dualstack-notify.sh MASTER|BACKUP|FAULT` (vrrp_sync_group notify_*).
# All gateways hold the same WireGuard key. A client keeps the session it had with the old
# master; the new master drops those packets (unknown session) until the client rekeys after
# >10 s, and a master that comes back would answer with a stale session. So on every change:
#  1. re-apply each interface's own configuration: `wg setconf` replaces every peer, which drops
#     its sessions but keeps its endpoint (configured or learned);
#  2. on MASTER, WireGuard's packets (UDP from its listen ports) leave from the VIP, through a
#     routing table with a default route `src VIP` chosen by an `ip rule` on the source port:
#     the outside only ever sees the address clients dial (the floating IP, or the VIP), so a
#     roaming client's home NAT lets the new master's handshake in, and no client roams to a
#     gateway's own address. BACKUP and FAULT empty the table: without the VIP no such source;
#  3. on MASTER, turn on persistent keepalives for every peer with a known endpoint (configured,
#     learned, or shared by the previous master through dualstack-endpoint-sync): WireGuard sends
#     a handshake to it at once. A BACKUP sends nothing, so no client ever roams to it.
# MASTER_RX_LOWER_PRI (notify_master_rx_lower_pri, once per family and advert): this master
# stalled and another gateway took over meanwhile; the clients handshook with that one. Act as
# MASTER for every interface with no handshake in the last 3 s (the first call); later calls
# find the fresh handshakes and leave them alone.
# keepalived starts hooks without waiting: a gateway that is master for a moment (a backup
# that took over while the master stalled, then yielded) could have its MASTER hook run after
# its BACKUP hook, and hand the clients a session with a backup. So the hooks of a gateway run
# one at a time (a lock on this file), and a MASTER hook acts only while this gateway holds a
# VIP; otherwise it does what BACKUP does.
# Interfaces are found by listen port, not name; wireguard-go's control sockets are shared by
# all network namespaces, so only interfaces that exist in this namespace count.
set -u
state=${1:-}
resync=0
if [ "$state" = MASTER_RX_LOWER_PRI ]; then
  state=MASTER resync=1
fi
exec 9<"$0"
flock 9
)SH";
  std::string patterns;
  for (const auto& [family, network] : plan.networks)
    patterns += fmt::format(" -e ' {}/'", network.vip.to_string());
  out += fmt::format("if [ \"$state\" = MASTER ] && ! ip -o addr show dev {} | grep -qF{}; then\n"
                     "  state=BACKUP\n"
                     "fi\n",
                     plan.gateway_interface,
                     patterns);
  out += fmt::format("ports=\"{}\"\n", join(ports, " "));
  out += fmt::format("keepalive={}\n", plan.timers.wireguard_persistent_keepalive);
  // Every family: a client dials the floating IP (DNAT to the VIP) or the VIP itself; a packet
  // from the gateway's own address would reach it through the router's SNAT (another address,
  // which a home NAT drops) or, IPv6 on a global subnet, an address its AllowedIPs route into
  // the tunnel (docs/lab.md, "WireGuard's source address").
  out += fmt::format("table={}\n", well_known::wireguard_source_table);
  for (const auto& [family, network] : plan.networks) {
    const char* flag = network.family == net::Family::ipv6 ? "-6" : "-4";
    out += "if [ \"$state\" = MASTER ]; then\n";
    out += fmt::format("  ip {} route replace default via {} dev {} src {} table \"$table\"\n",
                       flag,
                       network.router.to_string(),
                       plan.gateway_interface,
                       network.vip.to_string());
    out += "  for port in $ports; do\n";
    out +=
      fmt::format("    ip {0} rule show pref {1} ipproto udp sport \"$port\" | grep -q . ||\n"
                  "      ip {0} rule add pref {1} ipproto udp sport \"$port\" table \"$table\"\n",
                  flag,
                  well_known::wireguard_source_rule_pref);
    out += "  done\nelse\n";
    out += fmt::format("  ip {} route flush table \"$table\" 2>/dev/null\n", flag);
    out += "fi\n";
  }
  out += R"SH(
for ifc in $(wg show interfaces 2>/dev/null); do
  ip link show dev "$ifc" >/dev/null 2>&1 || continue
  port=$(wg show "$ifc" listen-port 2>/dev/null) || continue
  case " $ports " in *" $port "*) ;; *) continue ;; esac
  if [ "$resync" = 1 ]; then
    newest=$(wg show "$ifc" latest-handshakes | awk 'BEGIN { n = 0 } $2 > n { n = $2 } END { print n }')
    [ $(( $(date +%s) - newest )) -ge 3 ] || continue
  fi
  wg showconf "$ifc" | grep -v '^PersistentKeepalive' | wg setconf "$ifc" /dev/stdin || continue
  [ "$state" = MASTER ] || continue
  wg show "$ifc" endpoints | while read -r peer endpoint; do
    [ "$endpoint" = "(none)" ] || wg set "$ifc" peer "$peer" persistent-keepalive "$keepalive"
  done
done
exit 0
)SH";
  return out;
}

} // namespace dualstack::render::gateway
