// The dualstack-endpoint-sync program, rendered as it is onto every gateway.
#include <dualstack/render/gateway/endpoint_sync.hpp>

namespace dualstack::render::gateway {

std::string endpoint_sync_program()
{
  return R"PY(#!/usr/bin/python3
"""dualstack-endpoint-sync: the VRRP master tells the backups where its WireGuard peers are.

A roaming peer (a laptop behind NAT) has no configured endpoint: only the gateway it talks to
learns its address:port. After a failover the new master must send the first handshake to that
address (from the VIP, so through the floating IP and the peer's NAT), so every gateway runs this:
 - holding a VIP, every `poll_s` it reads `wg show IF endpoints` of its WireGuard interfaces
   (found by listen port) and sends them to the other gateways when they changed, and every
   `refresh_s` anyway (a backup that restarted learns them too);
 - holding no VIP, it applies what it receives: `wg set IF peer KEY endpoint ADDR:PORT` for the
   peers it has whose endpoint differs. It never adds or removes a peer and sends nothing to one.
The keepalived notify hook then gives every peer with an endpoint a handshake on MASTER.
A message is one UDP datagram: HMAC-SHA256 (32 bytes, key from `key_file`) then a JSON body. A
receiver drops one whose MAC is wrong, whose time is more than `max_skew_s` off its own clock,
or whose sequence is not above the last one it took from that sender (a replay).
Usage: dualstack-endpoint-sync CONFIG.json   (rendered by dualstack; the key file is 0600)
"""
import base64
import hashlib
import hmac
import json
import os
import select
import socket
import subprocess
import sys
import time

MAX_PEERS_PER_MESSAGE = 64  # keeps a datagram well under 8 KB


def log(message):
    print(f"dualstack-endpoint-sync: {message}", file=sys.stderr, flush=True)


def run(*args):
    try:
        done = subprocess.run(args, capture_output=True, text=True, timeout=5, check=False)
    except (OSError, subprocess.SubprocessError) as error:
        log(f"{args[0]}: {error}")
        return None
    return done.stdout if done.returncode == 0 else None


def holds_vip(interface, vips):
    out = run("ip", "-j", "addr", "show", "dev", interface)
    try:
        links = json.loads(out) if out else []
    except ValueError:
        return False
    return any(a.get("local") in vips for link in links for a in link.get("addr_info", []))


def interfaces_by_port(ports):
    """Listen port -> WireGuard interface of this network namespace (wireguard-go's control
    sockets are machine-wide, so an interface must also exist here)."""
    found = {}
    for name in (run("wg", "show", "interfaces") or "").split():
        if not os.path.exists(f"/sys/class/net/{name}"):
            continue
        port = (run("wg", "show", name, "listen-port") or "").strip()
        if port.isdigit() and int(port) in ports:
            found[int(port)] = name
    return found


def endpoints(interface):
    out = {}
    for line in (run("wg", "show", interface, "endpoints") or "").splitlines():
        fields = line.split("\t")
        if len(fields) == 2 and fields[1] != "(none)":
            out[fields[0]] = fields[1]
    return out


class Sync:
    def __init__(self, config):
        self.name = config["gateway"]
        self.interface = config["interface"]
        self.vips = set(config["vips"])
        self.ports = set(config["wireguard_ports"])
        self.peers = [(a, config["port"]) for a in config["peers"]]
        self.poll = float(config["poll_s"])
        self.refresh = float(config["refresh_s"])
        self.max_skew = float(config["max_skew_s"])
        with open(config["key_file"], "rb") as f:
            self.key = base64.b64decode(f.read().strip(), validate=True)
        if len(self.key) < 16:
            raise ValueError(f"{config['key_file']}: key shorter than 16 bytes")
        family = socket.AF_INET6 if ":" in config["listen"] else socket.AF_INET
        self.sock = socket.socket(family, socket.SOCK_DGRAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind((config["listen"], config["port"]))
        self.last_seen = {}
        self.sent = {}
        self.last_full = 0.0
        self.seq = time.time_ns()

    def send(self, by_port):
        items = [(port, key, ep) for port, peers in sorted(by_port.items())
                 for key, ep in sorted(peers.items())]
        for start in range(0, max(len(items), 1), MAX_PEERS_PER_MESSAGE):
            chunk = {}
            for port, key, ep in items[start:start + MAX_PEERS_PER_MESSAGE]:
                chunk.setdefault(str(port), {})[key] = ep
            self.seq = max(self.seq + 1, time.time_ns())
            body = json.dumps({"v": 1, "from": self.name, "seq": self.seq, "time": time.time(),
                               "endpoints": chunk}, separators=(",", ":")).encode()
            datagram = hmac.new(self.key, body, hashlib.sha256).digest() + body
            for peer in self.peers:
                try:
                    self.sock.sendto(datagram, peer)
                except OSError as error:
                    log(f"send to {peer[0]}: {error}")

    def tick(self):
        if not holds_vip(self.interface, self.vips):
            self.sent = {}
            return
        current = {port: endpoints(name) for port, name in interfaces_by_port(self.ports).items()}
        now = time.monotonic()
        if current != self.sent or now - self.last_full >= self.refresh:
            self.send(current)
            self.sent, self.last_full = current, now

    def receive(self):
        datagram, sender = self.sock.recvfrom(65535)
        mac, body = datagram[:32], datagram[32:]
        if not hmac.compare_digest(mac, hmac.new(self.key, body, hashlib.sha256).digest()):
            log(f"dropped a message from {sender[0]}: wrong MAC")
            return
        try:
            message = json.loads(body)
            origin, seq = str(message["from"]), int(message["seq"])
            skew = abs(float(message["time"]) - time.time())
            by_port = message["endpoints"]
        except (ValueError, KeyError, TypeError):
            log(f"dropped a message from {sender[0]}: not a dualstack-endpoint-sync message")
            return
        if skew > self.max_skew:
            log(f"dropped a message from {origin}: clock {skew:.1f} s off")
            return
        if seq <= self.last_seen.get(origin, 0):
            return  # a replay, or an old datagram overtaken by a newer one
        self.last_seen[origin] = seq
        if holds_vip(self.interface, self.vips):
            return  # a master trusts its own WireGuard
        applied = 0
        interfaces = interfaces_by_port(self.ports)
        for port, peers in by_port.items():
            name = interfaces.get(int(port)) if str(port).isdigit() else None
            if name is None or not isinstance(peers, dict):
                continue
            have = dict.fromkeys((run("wg", "show", name, "peers") or "").split())
            have.update(endpoints(name))
            for key, endpoint in peers.items():
                if key in have and have[key] != endpoint:
                    if run("wg", "set", name, "peer", key, "endpoint", str(endpoint)) is not None:
                        applied += 1
        if applied:
            log(f"took {applied} endpoint(s) from {origin}")

    def serve(self):
        log(f"{self.name}: sharing with {len(self.peers)} gateway(s)")
        next_tick = 0.0
        while True:
            wait = max(0.0, next_tick - time.monotonic())
            ready, _, _ = select.select([self.sock], [], [], wait)
            if ready:
                self.receive()
            if time.monotonic() >= next_tick:
                self.tick()
                next_tick = time.monotonic() + self.poll


def main():
    if len(sys.argv) != 2 or sys.argv[1] in ("-h", "--help"):
        print(__doc__.strip())
        return 0 if len(sys.argv) == 2 else 2
    try:
        with open(sys.argv[1], encoding="utf-8") as f:
            sync = Sync(json.load(f))
    except (OSError, ValueError, KeyError, TypeError) as error:
        log(f"cannot start: {error}")
        return 2
    try:
        sync.serve()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
)PY";
}

} // namespace dualstack::render::gateway
