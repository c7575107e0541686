#!/bin/sh
# keepalived notify hook of gateway gw1 (vrrp_sync_group dsp_gw).
# Rendered shape: /etc/keepalived/notify.sh, called as "notify.sh MASTER|BACKUP|FAULT".
RUN=@RUN@/gw1
WG_IF=dspwg1
echo "$(date +%s.%N) $1" >> "$RUN/notify.log"
case "$1" in
MASTER)
  # Fresh WireGuard sessions.  All gateways share one server key, so a
  # client keeps using the session it had with the old master and the new
  # master silently drops those packets (unknown receiver index) until the
  # client's own rekey timer fires (~15 s).  "wg setconf" replaces every
  # peer (drops any stale keypair this gateway may still hold from an
  # earlier mastership) and, because the peers carry PersistentKeepalive,
  # wireguard-go immediately sends a keepalive = a handshake initiation to
  # the peer's Endpoint, sourced from the floating address we now hold.
  wg setconf "$WG_IF" "$RUN/$WG_IF.stripped.conf"
  ;;
esac
exit 0
