#!/usr/bin/python3
"""Stand-in for kube-apiserver on master m0: TLS on [::]:6443 (dual-stack socket),
answers every HTTP request with one line naming the host and the peer's family.
Usage: apiserver-stub.py CERT KEY"""
import socket, ssl, sys, threading

ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
ctx.load_cert_chain(sys.argv[1], sys.argv[2])
srv = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
srv.bind(("::", 6443))
srv.listen(64)

def serve(conn, peer):
    try:
        conn.settimeout(3)
        with ctx.wrap_socket(conn, server_side=True) as tls:
            tls.recv(4096)
            fam = "ipv4" if peer[0].startswith("::ffff:") else "ipv6"
            body = f"dsp-m0 apiserver-stub ok via {fam} from {peer[0]}\n".encode()
            tls.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nConnection: close\r\n"
                        b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body)
    except Exception:
        pass  # HAProxy's TCP health checks connect and close without TLS
    finally:
        conn.close()

while True:
    c, p = srv.accept()
    threading.Thread(target=serve, args=(c, p), daemon=True).start()
