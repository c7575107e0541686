#!/usr/bin/env python3
"""A test Kubernetes API server: serves a `dualstack gen-dump` directory over HTTPS the way
kube-apiserver serves lists, for verify's live tests and scripts/verify-live-bench.sh.

What it does like kube-apiserver:
  - TLS on loopback; client certificates signed by --client-ca, or a bearer --token; else 401;
  - discovery: /api, /api/v1, /apis, /apis/GROUP/VERSION (what kubectl reads before a get);
  - lists with `limit` and `continue` (opaque base64 tokens holding the resourceVersion and the
    next offset), `metadata.resourceVersion`, `remainingItemCount`; compact JSON;
  - 410 Gone (reason Expired) for a continue token older than --continue-ttl seconds;
  - gzip (level 1, as kube-apiserver) when the client asks and the body is over 128 KiB (each
    page's gzip is kept, so only the first listing pays for compressing it);
  - --delay-ms: the server's own pace, slept before every list page.
Faults (--fault RESOURCE:PAGE:KIND[:TIMES], PAGE 0-based, TIMES default 1, 0 = always):
  drop      Content-Length announced, half of the body sent, connection reset
  truncate  no Content-Length (Connection: close), half of the body, clean close
  429       429 Too Many Requests with Retry-After: --retry-after seconds
  500       500 Internal Server Error (a Status)
  410       410 Gone, as for an expired continue token
Every request is logged as one JSON line to --log: method, path, query, identity, status,
bytes sent, gzip, fault.

  kube-test-apiserver.py --pki DIR                      writes ca/server/client certs, exits
  kube-test-apiserver.py --dump DUMP --pki DIR [--kubeconfig FILE] [--port-file FILE] ...

Python 3 standard library only (plus the openssl command for --pki).
"""

import argparse
import base64
import json
import os
import re
import socket
import ssl
import subprocess
import sys
import threading
import time
import urllib.parse
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# name, dump file, kind, group, version, namespaced, list path, short names
RESOURCES = [
    ("nodes", "nodes.json", "Node", "", "v1", False, "/api/v1/nodes", ["no"]),
    ("pods", "pods.json", "Pod", "", "v1", True, "/api/v1/pods", ["po"]),
    ("services", "services.json", "Service", "", "v1", True, "/api/v1/services", ["svc"]),
    ("configmaps", "configmaps.json", "ConfigMap", "", "v1", True,
     "/api/v1/namespaces/kube-system/configmaps", ["cm"]),
    ("endpointslices", "endpointslices.json", "EndpointSlice", "discovery.k8s.io", "v1", True,
     "/apis/discovery.k8s.io/v1/endpointslices", []),
    ("daemonsets", "daemonsets.json", "DaemonSet", "apps", "v1", True,
     "/apis/apps/v1/daemonsets", ["ds"]),
    ("ippools", "ippools.json", "IPPool", "crd.projectcalico.org", "v1", False,
     "/apis/crd.projectcalico.org/v1/ippools", []),
    ("bgppeers", "bgppeers.json", "BGPPeer", "crd.projectcalico.org", "v1", False,
     "/apis/crd.projectcalico.org/v1/bgppeers", []),
    ("installations", "installations.json", "Installation", "operator.tigera.io", "v1", False,
     "/apis/operator.tigera.io/v1/installations", []),
]

GZIP_MIN = 128 * 1024
EXPIRED = ("The provided continue parameter is too old to display a consistent list result. "
           "You can start a new list without the continue parameter.")


def load_items(path):
    """Returns the items of a `kubectl get -o json` List file as compact JSON bytes, one per
    item. Large files (pretty-printed by gen-dump, items at 8 spaces) are split by that
    indentation and compacted by dropping the line breaks and indentation (JSON strings hold no
    raw line breaks); small ones go through the json module. A cache beside the dump keeps the
    compact items between runs."""
    cache = path + ".items"
    st = os.stat(path)
    stamp = f"compact-2:{st.st_size}:{st.st_mtime_ns}\n".encode()
    try:
        with open(cache, "rb") as f:
            if f.readline() == stamp:
                data = f.read()
                return data.split(b"\n")[:-1] if data else []
    except OSError:
        pass
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < (8 << 20):
        items = [json.dumps(i, separators=(",", ":")).encode() for i in json.loads(data)["items"]]
    else:
        items = []
        start_mark, end_mark = b"\n        {\n", b"\n        }"
        strip = re.compile(rb"\n *")
        colon = re.compile(rb'(?<!\\)": ')  # `"key": value`; a quote inside a string is \"
        pos = data.find(start_mark)
        while pos >= 0:
            end = data.find(end_mark, pos)
            if end < 0:
                raise ValueError(f"{path}: unterminated item at byte {pos}")
            items.append(colon.sub(b'":', strip.sub(b"", data[pos + 9:end + len(end_mark)])))
            pos = data.find(start_mark, end)
    try:
        with open(cache + ".tmp", "wb") as f:
            f.write(stamp)
            for item in items:
                f.write(item + b"\n")
        os.replace(cache + ".tmp", cache)
    except OSError:
        pass
    return items


def status(code, reason, message):
    return json.dumps({"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
                       "message": message, "reason": reason, "code": code}).encode()


class Api:
    def __init__(self, args):
        self.args = args
        self.lists = {}  # list path -> (resource tuple, [items])
        for res in RESOURCES:
            path = os.path.join(args.dump, res[1]) if args.dump else None
            items = load_items(path) if path and os.path.exists(path) else None
            if items is not None:
                self.lists[res[6]] = (res, items)
        self.rv = 1_000_000 + int(time.time()) % 1_000_000
        self.faults = {}  # (resource, page) -> [kind, times left (None = always)]
        for spec in args.fault or []:
            parts = spec.split(":")
            if len(parts) not in (3, 4) or parts[2] not in ("drop", "truncate", "429", "500", "410"):
                sys.exit(f"kube-test-apiserver: bad --fault {spec!r} (RESOURCE:PAGE:KIND[:TIMES])")
            times = int(parts[3]) if len(parts) == 4 else 1
            self.faults[(parts[0], int(parts[1]))] = [parts[2], None if times == 0 else times]
        self.lock = threading.Lock()
        self.gzipped = {}  # (path, limit, offset) -> gzip body; bodies are the same each time
        self.log = open(args.log, "a", buffering=1) if args.log else None

    def take_fault(self, resource, page):
        with self.lock:
            fault = self.faults.get((resource, page))
            if not fault or fault[1] == 0:
                return None
            if fault[1] is not None:
                fault[1] -= 1
            return fault[0]

    def record(self, entry):
        if self.log:
            with self.lock:
                self.log.write(json.dumps(entry) + "\n")

    def discovery(self, path):
        if path == "/api":
            return {"kind": "APIVersions", "versions": ["v1"],
                    "serverAddressByClientCIDRs": [{"clientCIDR": "0.0.0.0/0",
                                                    "serverAddress": "127.0.0.1:443"}]}
        groups = {}
        for r in RESOURCES:
            if r[3]:
                groups.setdefault(r[3], r[4])
        if path == "/apis":
            return {"kind": "APIGroupList", "apiVersion": "v1", "groups": [
                {"name": g, "versions": [{"groupVersion": f"{g}/{v}", "version": v}],
                 "preferredVersion": {"groupVersion": f"{g}/{v}", "version": v}}
                for g, v in sorted(groups.items())]}
        if path == "/version":
            return {"major": "1", "minor": "31", "gitVersion": "v1.31.0-dualstack-test",
                    "platform": "linux/amd64"}
        for g, v in groups.items():
            if path == f"/apis/{g}":
                return {"kind": "APIGroup", "apiVersion": "v1", "name": g,
                        "versions": [{"groupVersion": f"{g}/{v}", "version": v}],
                        "preferredVersion": {"groupVersion": f"{g}/{v}", "version": v}}
        gv = "v1" if path == "/api/v1" else path[len("/apis/"):] if path.startswith("/apis/") else None
        if gv is None:
            return None
        resources = [r for r in RESOURCES if (f"{r[3]}/{r[4]}" if r[3] else r[4]) == gv]
        if not resources:
            return None
        return {"kind": "APIResourceList", "apiVersion": "v1", "groupVersion": gv, "resources": [
            {"name": r[0], "singularName": r[2].lower(), "namespaced": r[5], "kind": r[2],
             "verbs": ["get", "list", "watch"], "shortNames": r[7]} for r in resources]}

    def list_target(self, path):
        """Returns (resource tuple, items, namespace filter) for a list path, or None."""
        if path in self.lists:
            return self.lists[path] + (None,)
        m = re.fullmatch(r"/api/v1/namespaces/([^/]+)/(pods|services|configmaps)", path) or \
            re.fullmatch(r"/apis/(?:discovery\.k8s\.io|apps)/v1/namespaces/([^/]+)/(endpointslices|daemonsets)", path)
        if m:
            for key, (res, items) in self.lists.items():
                if res[0] == m.group(2):
                    return res, items, m.group(1)
        return None


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "kube-test-apiserver"
    api = None  # set in main

    def log_message(self, fmt, *a):  # quiet; requests go to --log
        pass

    def identity(self):
        cert = self.connection.getpeercert()
        if cert:
            for rdn in cert.get("subject", ()):
                for k, v in rdn:
                    if k == "commonName":
                        return "cert:" + v
        auth = self.headers.get("Authorization", "")
        if self.api.args.token and auth == "Bearer " + self.api.args.token:
            return "token"
        return "anonymous"

    def wants_gzip(self):
        return self.api.args.gzip == "auto" and "gzip" in self.headers.get("Accept-Encoding", "")

    def send(self, code, body, entry, extra=None, gzip_ok=True, cache_key=None):
        headers = {"Content-Type": "application/json", "Audit-Id": str(time.monotonic_ns())}
        headers.update(extra or {})
        zipped = False
        cached = self.api.gzipped.get(cache_key) if cache_key else None
        if gzip_ok and self.wants_gzip() and (cached is not None or len(body) > GZIP_MIN):
            if cached is None:
                c = zlib.compressobj(1, zlib.DEFLATED, 31)
                cached = c.compress(body) + c.flush()
                if cache_key:
                    self.api.gzipped[cache_key] = cached
            body = cached
            headers["Content-Encoding"] = "gzip"
            zipped = True
        fault = entry.get("fault")
        self.send_response(code)
        for k, v in headers.items():
            self.send_header(k, v)
        if fault == "truncate":
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(body[:len(body) // 2])
            self.wfile.flush()
            self.close_connection = True
        elif fault == "drop":
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body[:len(body) // 2])
            self.wfile.flush()
            # A reset without a TLS close_notify: the client sees the connection die mid-body.
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\0\0\0\0\0\0\0")
            self.close_connection = True
            self.connection.close()
        else:
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        entry.update(status=code, bytes=len(body), gzip=zipped)
        self.api.record(entry)

    def do_GET(self):
        api = self.api
        url = urllib.parse.urlsplit(self.path)
        query = dict(urllib.parse.parse_qsl(url.query, keep_blank_values=True))
        path = url.path.rstrip("/") or "/"
        entry = {"method": "GET", "path": path, "query": query, "identity": self.identity()}
        if entry["identity"] == "anonymous":
            return self.send(401, status(401, "Unauthorized", "Unauthorized"), entry)
        doc = api.discovery(path)
        if doc is not None:
            return self.send(200, json.dumps(doc).encode(), entry)
        target = api.list_target(path)
        if target is None:
            return self.send(404, status(404, "NotFound",
                                         "the server could not find the requested resource"), entry)
        res, items, namespace = target
        if namespace is not None:
            needle = f'"namespace":"{namespace}"'.encode()
            items = [i for i in items if needle in i[:4096]]
        limit = int(query.get("limit") or 0)
        offset, rv = 0, api.rv
        if api.args.delay_ms:  # the server's pace; a continue token ages meanwhile
            time.sleep(api.args.delay_ms / 1000.0)
        token = query.get("continue", "")
        if token:
            try:
                state = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
                offset, rv = int(state["start"]), int(state["rv"])
                issued = float(state.get("t", time.time()))
            except (ValueError, KeyError, TypeError):
                return self.send(400, status(400, "BadRequest", "invalid continue token"), entry)
            if api.args.continue_ttl and time.time() - issued > api.args.continue_ttl:
                entry["fault"] = "expired"
                return self.send(410, status(410, "Expired", EXPIRED), entry)
        page = offset // limit if limit else 0
        fault = api.take_fault(res[0], page)
        entry["fault"] = fault
        if fault == "429":
            return self.send(429, status(429, "TooManyRequests",
                                         "Too many requests, please try again later."), entry,
                             {"Retry-After": str(api.args.retry_after)})
        if fault == "500":
            return self.send(500, status(500, "InternalError",
                                         "Internal error occurred: etcdserver: request timed out"),
                             entry)
        if fault == "410":
            return self.send(410, status(410, "Expired", EXPIRED), entry)
        end = min(len(items), offset + limit) if limit else len(items)
        meta = {"resourceVersion": str(rv)}
        if end < len(items):
            state = {"v": "meta.k8s.io/v1", "rv": rv, "start": end}
            if api.args.continue_ttl:
                state["t"] = time.time()
            state = json.dumps(state, separators=(",", ":"))
            meta["continue"] = base64.urlsafe_b64encode(state.encode()).decode().rstrip("=")
            meta["remainingItemCount"] = len(items) - end
        # Without expiring tokens a page's body is the same every time: its gzip is kept.
        cache = None if api.args.continue_ttl else (path, limit, offset)
        entry["items"] = end - offset
        if cache in api.gzipped and self.wants_gzip():
            return self.send(200, b"", entry, cache_key=cache)
        group_version = f"{res[3]}/{res[4]}" if res[3] else res[4]
        body = b"".join([
            b'{"kind":"', res[2].encode(), b'List","apiVersion":"', group_version.encode(),
            b'","metadata":', json.dumps(meta, separators=(",", ":")).encode(), b',"items":[',
            b",".join(items[offset:end]), b"]}"])
        self.send(200, body, entry, cache_key=cache)


def make_pki(directory):
    """Writes ca.crt/ca.key, server.crt/key (127.0.0.1, ::1, localhost) and client.crt/key
    (CN dualstack-verifier, O system:masters) into `directory` with the openssl command."""
    os.makedirs(directory, exist_ok=True)
    d = lambda name: os.path.join(directory, name)

    def run(*cmd):
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    run("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
        "-nodes", "-keyout", d("ca.key"), "-out", d("ca.crt"), "-days", "30",
        "-subj", "/CN=dualstack-test-ca", "-addext", "basicConstraints=critical,CA:TRUE",
        "-addext", "keyUsage=critical,keyCertSign,cRLSign")
    for name, subj, ext in (
            ("server", "/CN=kube-apiserver",
             "subjectAltName=IP:127.0.0.1,IP:::1,DNS:localhost\nextendedKeyUsage=serverAuth\n"),
            ("client", "/O=system:masters/CN=dualstack-verifier", "extendedKeyUsage=clientAuth\n")):
        run("openssl", "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
            "-nodes", "-keyout", d(name + ".key"), "-out", d(name + ".csr"), "-subj", subj)
        with open(d(name + ".ext"), "w") as f:
            f.write(ext)
        run("openssl", "x509", "-req", "-in", d(name + ".csr"), "-CA", d("ca.crt"), "-CAkey",
            d("ca.key"), "-CAcreateserial", "-out", d(name + ".crt"), "-days", "30",
            "-extfile", d(name + ".ext"))


def write_kubeconfig(path, server, pki, token=None):
    """A kubeconfig with the CA and the client certificate inline (base64 data), or with the
    bearer `token` instead of the certificate."""
    b64 = lambda name: base64.b64encode(open(os.path.join(pki, name), "rb").read()).decode()
    user = (f"    token: {token}\n" if token else
            f"    client-certificate-data: {b64('client.crt')}\n"
            f"    client-key-data: {b64('client.key')}\n")
    with open(path, "w") as f:
        f.write("apiVersion: v1\nkind: Config\ncurrent-context: test\nclusters:\n- name: test\n"
                f"  cluster:\n    server: {server}\n    certificate-authority-data: {b64('ca.crt')}\n"
                "contexts:\n- name: test\n  context:\n    cluster: test\n    user: verifier\n"
                f"users:\n- name: verifier\n  user:\n{user}")
    os.chmod(path, 0o600)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--dump", help="gen-dump directory to serve")
    p.add_argument("--pki", required=True, help="directory with ca/server/client certs "
                   "(created when it has no ca.crt)")
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--port-file", help="write the port here once listening")
    p.add_argument("--kubeconfig", help="write a kubeconfig for this server here")
    p.add_argument("--token", help="also accept this bearer token (--kubeconfig keeps the "
                   "client certificate)")
    p.add_argument("--gzip", choices=["auto", "off"], default="auto")
    p.add_argument("--delay-ms", type=float, default=0, help="sleep before every list page")
    p.add_argument("--continue-ttl", type=float, default=0, help="continue tokens older than "
                   "this many seconds get 410 Gone (0: never)")
    p.add_argument("--retry-after", type=int, default=1)
    p.add_argument("--fault", action="append", help="RESOURCE:PAGE:KIND[:TIMES]")
    p.add_argument("--log", help="append one JSON line per request here")
    args = p.parse_args()

    if not os.path.exists(os.path.join(args.pki, "ca.crt")):
        make_pki(args.pki)
    if not args.dump:
        return
    Handler.api = Api(args)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.load_cert_chain(os.path.join(args.pki, "server.crt"), os.path.join(args.pki, "server.key"))
    context.load_verify_locations(os.path.join(args.pki, "ca.crt"))
    context.verify_mode = ssl.CERT_OPTIONAL

    class Server(ThreadingHTTPServer):
        daemon_threads = True
        request_queue_size = 64

        def server_bind(self):  # no reverse DNS lookup (HTTPServer's getfqdn)
            self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            self.socket.bind(self.server_address)
            self.server_name, self.server_port = "127.0.0.1", self.socket.getsockname()[1]

        def get_request(self):
            sock, addr = self.socket.accept()
            sock.settimeout(60)
            # As Go's net/http: no Nagle delay between the headers and the body (with delayed
            # ACKs it cost 40 ms per page).
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            return context.wrap_socket(sock, server_side=True), addr

        def handle_error(self, request, client_address):
            pass  # a client that hangs up mid-page is part of the tests

    server = Server(("127.0.0.1", args.port), Handler)
    port = server.server_port
    url = f"https://127.0.0.1:{port}"
    if args.kubeconfig:
        write_kubeconfig(args.kubeconfig, url, args.pki)
    if args.port_file:
        with open(args.port_file + ".tmp", "w") as f:
            f.write(f"{port}\n")
        os.replace(args.port_file + ".tmp", args.port_file)
    print(f"kube-test-apiserver: serving {args.dump} on {url}", file=sys.stderr, flush=True)
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
