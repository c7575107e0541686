#!/bin/sh
# keepalived health check on gateway managed-k8s-gw-2 of cluster managed-k8s: BIRD, HAProxy and WireGuard listen here.
# Exit 0 = ready. Sockets are per network namespace, so this needs no pid file or path.
listens() { [ -n "$(ss -H -l -n "$1" "sport = :$2" 2>/dev/null)" ]; }
listens --tcp 179 || exit 1    # BIRD (BGP)
listens --tcp 8888 || exit 1    # HAProxy (Kubernetes API frontend)
listens --udp 7777 || exit 1    # WireGuard wg0
exit 0
