#!/bin/sh
# keepalived health check on gateway managed-k8s-gw-2 of cluster managed-k8s: BIRD, HAProxy and WireGuard listen here.
# Exit 0 = ready. Sockets are per network namespace, so this needs no pid file or path.
# One ss for every listener, as " tcp:179 udp:7777 ..." (this runs every second).
listeners=" $(ss -H -l -n -t -u 2>/dev/null | while read -r netid _ _ _ local _; do
  printf '%s:%s ' "$netid" "${local##*:}"
done)"
listens() { case "$listeners" in *" ${1#--}:$2 "*) return 0 ;; esac; return 1; }
listens --tcp 179 || exit 1    # BIRD (BGP)
listens --tcp 8888 || exit 1    # HAProxy (Kubernetes API frontend)
listens --udp 7777 || exit 1    # WireGuard wg0
exit 0
