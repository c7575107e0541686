// The lab's HTTPS listener and the certificate it presents.
#include <dualstack/lab/listener.hpp>

#include <dualstack/lab/api_name.hpp>
#include <dualstack/lab/files.hpp>
#include <dualstack/lab/process.hpp>

#include <fmt/format.h>

#include <filesystem>

#include <sys/stat.h>

namespace dualstack::lab {

namespace fs = std::filesystem;

namespace {

std::string listener_key_path(const LabContext& lab)
{
  return lab.state.run_dir + "/apiserver.key";
}

// The lab's HTTPS listener (the kube-apiserver and the LoadBalancer pod stand-in): answers every
// GET with 200 and a body naming itself and the peer address it saw, one thread per connection, so
// a client that stalls in its TLS handshake (a partitioned gateway's health check) holds only its
// own connection. openssl s_server served one connection at a time and such a client wedged it for
// minutes.
constexpr std::string_view listener_script =
  R"py(import http.server, socket, socketserver, ssl, sys, time
host, port, cert, key = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
class Handler(http.server.BaseHTTPRequestHandler):
    timeout = 10
    def setup(self):
        self.request.settimeout(self.timeout)
        self.request.do_handshake()
        super().setup()
    def do_GET(self):
        body = ("dualstack lab listener: ok\npeer %s\n" % self.client_address[0]).encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *args):
        pass
class Server(http.server.ThreadingHTTPServer):
    address_family = socket.AF_INET6 if ":" in host else socket.AF_INET
    daemon_threads = True
    def server_bind(self):  # without HTTPServer's getfqdn(): no DNS in a pod namespace
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = host, port
    def handle_error(self, request, client_address):
        pass
context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
context.load_cert_chain(cert, key)
for attempt in range(100):  # an address just added may still be tentative (IPv6 DAD)
    try:
        server = Server((host, port), Handler)
        break
    except OSError:
        if attempt == 99:
            raise
        time.sleep(0.05)
server.socket = context.wrap_socket(server.socket, server_side=True, do_handshake_on_connect=False)
server.serve_forever()
)py";

} // namespace

std::string listener_cert_path(const LabContext& lab)
{
  return lab.state.run_dir + "/apiserver.crt";
}

Status ensure_listener_cert(LabContext& lab)
{
  const std::string cert = listener_cert_path(lab);
  const std::string key = listener_key_path(lab);
  if (fs::exists(cert))
    return {};
  std::vector<std::string> argv{ "openssl",
                                 "req",
                                 "-x509",
                                 "-newkey",
                                 "ec",
                                 "-pkeyopt",
                                 "ec_paramgen_curve:prime256v1",
                                 "-nodes",
                                 "-days",
                                 "2",
                                 "-subj",
                                 "/CN=dualstack-lab-kube-apiserver",
                                 "-keyout",
                                 key,
                                 "-out",
                                 cert };
  if (const std::string sans = api_subject_alt_name(lab.plan); !sans.empty()) {
    argv.push_back("-addext");
    argv.push_back("subjectAltName=" + sans);
  }
  LAB_TRY(must_run(argv));
  chmod(key.c_str(), 0600);
  return {};
}

tl::expected<pid_t, std::string> start_listener(LabContext& lab,
                                                const std::string& ns,
                                                const Address& address,
                                                int port,
                                                const std::string& log)
{
  const std::string script = lab.state.run_dir + "/listener.py";
  if (!fs::exists(script))
    LAB_TRY(write_file(script, std::string(listener_script), 0644));
  const pid_t pid = spawn_process(in_netns(ns,
                                           { "python3",
                                             script,
                                             address.to_string(),
                                             std::to_string(port),
                                             listener_cert_path(lab),
                                             listener_key_path(lab) }),
                                  log);
  if (pid <= 0)
    return tl::unexpected("cannot start the lab's HTTPS listener in " + ns);
  // Listening before the lab goes on (a health check or a scenario may come at once).
  if (!wait_listening(ns, port, 10, pid)) {
    return tl::unexpected(
      fmt::format("the lab's HTTPS listener on {}:{} in {} does not listen; see {}",
                  address.to_string(),
                  port,
                  ns,
                  log));
  }
  return pid;
}

} // namespace dualstack::lab
