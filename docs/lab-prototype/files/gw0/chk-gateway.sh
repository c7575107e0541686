#!/bin/sh
# keepalived vrrp_script of gateway gw0: healthy = BIRD answers on its control
# socket, the WireGuard interface is up and HAProxy runs.  With init_fail this
# keeps a (re)starting gateway in FAULT until all three are there.
RUN=@RUN@/gw0
birdc -s "$RUN/bird.ctl" show status 2>/dev/null | grep -q 'Daemon is up and running' || exit 1
ip link show dev dspwg0 up 2>/dev/null | grep -q UP || exit 1
[ -s "$RUN/haproxy.pid" ] && kill -0 "$(head -n1 "$RUN/haproxy.pid")" 2>/dev/null || exit 1
exit 0
