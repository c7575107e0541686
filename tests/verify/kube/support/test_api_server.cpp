// The test API server: TLS accept loop, a small HTTP/1.1 request reader, list pages and faults.
#include "verify/kube/support/test_api_server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>
#include <zlib.h>

#include <cctype>
#include <chrono>
#include <csignal>
#include <cstring>
#include <stdexcept>

namespace dualstack::verify::kube::testing {

namespace {

void require(bool ok, const char* what)
{
  if (!ok) {
    throw std::runtime_error(std::string("test API server: ") + what);
  }
}

bool write_all(SSL* ssl, std::string_view data)
{
  while (!data.empty()) {
    const int wrote = SSL_write(ssl, data.data(), static_cast<int>(data.size()));
    if (wrote <= 0) {
      return false;
    }
    data.remove_prefix(static_cast<std::size_t>(wrote));
  }
  return true;
}

std::string status_json(int code, const std::string& reason, const std::string& message)
{
  return R"({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":")" +
         message + R"(","reason":")" + reason + R"(","code":)" + std::to_string(code) + "}";
}

std::string reason_phrase(int code)
{
  switch (code) {
    case 200:
      return "OK";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 410:
      return "Gone";
    case 429:
      return "Too Many Requests";
    case 503:
      return "Service Unavailable";
    default:
      return "Internal Server Error";
  }
}

std::string response(int code,
                     const std::string& body,
                     bool content_length = true,
                     const std::string& extra_headers = {})
{
  std::string out = "HTTP/1.1 " + std::to_string(code) + " " + reason_phrase(code) +
                    "\r\nContent-Type: application/json\r\n" + extra_headers;
  out += content_length ? "Content-Length: " + std::to_string(body.size()) + "\r\n"
                        : "Connection: close\r\n";
  return out + "\r\n" + body;
}

// Returns `text` as one gzip member at zlib's level 1.
std::string gzip(const std::string& text)
{
  z_stream z{};
  require(deflateInit2(&z, 1, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) == Z_OK, "deflateInit2");
  std::string out(deflateBound(&z, text.size()) + 64, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  z.avail_in = static_cast<uInt>(text.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  require(deflate(&z, Z_FINISH) == Z_STREAM_END, "deflate");
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

std::string percent_decode(const std::string& text)
{
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() &&
        std::isxdigit(static_cast<unsigned char>(text[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(text[i + 2]))) {
      out += static_cast<char>(std::stoi(text.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

std::map<std::string, std::string> query_params(const std::string& query)
{
  std::map<std::string, std::string> params;
  std::size_t start = 0;
  while (start <= query.size()) {
    auto end = query.find('&', start);
    if (end == std::string::npos) {
      end = query.size();
    }
    const std::string pair = query.substr(start, end - start);
    const auto eq = pair.find('=');
    if (eq != std::string::npos) {
      params[pair.substr(0, eq)] = percent_decode(pair.substr(eq + 1));
    }
    start = end + 1;
  }
  return params;
}

} // namespace

TestApiServer::TestApiServer(const TestPki& pki)
{
  std::signal(SIGPIPE, SIG_IGN); // a client that hangs up must not kill the test process
  m_ctx = SSL_CTX_new(TLS_server_method());
  require(m_ctx != nullptr, "SSL_CTX_new");
  require(SSL_CTX_use_certificate(m_ctx, pki.server.cert.get()) == 1, "server cert");
  require(SSL_CTX_use_PrivateKey(m_ctx, pki.server.key.get()) == 1, "server key");
  require(X509_STORE_add_cert(SSL_CTX_get_cert_store(m_ctx), pki.ca.cert.get()) == 1, "client CA");
  // Ask for a client certificate but do not require one; unverified ones fall back to token
  // or anonymous auth, as the real API server does.
  SSL_CTX_set_verify(m_ctx, SSL_VERIFY_PEER, [](int, X509_STORE_CTX*) { return 1; });
  // A client that connects again (after a dropped connection) resumes its TLS session; with
  // SSL_VERIFY_PEER OpenSSL refuses that ("internal error") unless a session id context is set.
  static const unsigned char session_context[] = "dualstack-test-api-server";
  require(SSL_CTX_set_session_id_context(m_ctx, session_context, sizeof session_context - 1) == 1,
          "session id context");

  m_listen = ::socket(AF_INET, SOCK_STREAM, 0);
  require(m_listen >= 0, "socket");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  require(::bind(m_listen, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0, "bind");
  require(::listen(m_listen, 16) == 0, "listen");
  socklen_t len = sizeof addr;
  ::getsockname(m_listen, reinterpret_cast<sockaddr*>(&addr), &len);
  m_port = ntohs(addr.sin_port);
  m_acceptor = std::thread([this] { accept_loop(); });
}

TestApiServer::~TestApiServer()
{
  m_stop = true;
  m_acceptor.join();
  std::vector<std::thread> workers;
  {
    std::lock_guard lock(m_mutex);
    workers.swap(m_workers);
  }
  for (auto& worker : workers) {
    worker.join();
  }
  ::close(m_listen);
  SSL_CTX_free(m_ctx);
}

void TestApiServer::set_list(const std::string& path,
                             const std::string& kind,
                             std::vector<std::string> items,
                             bool metadata_last)
{
  std::lock_guard lock(m_mutex);
  m_lists[path] = List{ kind, std::move(items), metadata_last };
}

void TestApiServer::set_fault(const std::string& path,
                              Fault fault,
                              std::size_t page,
                              std::size_t times)
{
  std::lock_guard lock(m_mutex);
  m_faults[{ path, page }] = FaultPlan{ fault, times };
}

std::vector<RequestRecord> TestApiServer::requests() const
{
  std::lock_guard lock(m_mutex);
  return m_requests;
}

void TestApiServer::accept_loop()
{
  while (!m_stop) {
    pollfd pfd{ m_listen, POLLIN, 0 };
    if (::poll(&pfd, 1, 20) <= 0) {
      continue;
    }
    const int fd = ::accept(m_listen, nullptr, nullptr);
    if (fd < 0) {
      continue;
    }
    ++m_connections;
    std::lock_guard lock(m_mutex);
    m_workers.emplace_back([this, fd] { serve_connection(fd); });
  }
}

bool TestApiServer::wait_readable(SSL* ssl, int fd)
{
  if (SSL_pending(ssl) > 0) {
    return true;
  }
  while (!m_stop) {
    pollfd pfd{ fd, POLLIN, 0 };
    const int ready = ::poll(&pfd, 1, 20);
    if (ready > 0) {
      return true;
    }
    if (ready < 0) {
      return false;
    }
  }
  return false;
}

std::optional<TestApiServer::Request> TestApiServer::read_request(SSL* ssl,
                                                                  int fd,
                                                                  std::string& buffer)
{
  std::size_t end;
  while ((end = buffer.find("\r\n\r\n")) == std::string::npos) {
    if (buffer.size() > 64 * 1024 || !wait_readable(ssl, fd)) {
      return std::nullopt;
    }
    char chunk[4096];
    const int got = SSL_read(ssl, chunk, sizeof chunk);
    if (got <= 0) {
      return std::nullopt;
    }
    buffer.append(chunk, static_cast<std::size_t>(got));
  }
  const std::string head = buffer.substr(0, end);
  buffer.erase(0, end + 4);
  Request request;
  std::size_t line_end = head.find("\r\n");
  const std::string first = head.substr(0, line_end);
  const auto sp1 = first.find(' ');
  const auto sp2 = first.find(' ', sp1 + 1);
  if (sp1 == std::string::npos || sp2 == std::string::npos) {
    return std::nullopt;
  }
  request.method = first.substr(0, sp1);
  request.target = first.substr(sp1 + 1, sp2 - sp1 - 1);
  while (line_end != std::string::npos) {
    const auto start = line_end + 2;
    line_end = head.find("\r\n", start);
    const std::string line =
      head.substr(start, line_end == std::string::npos ? std::string::npos : line_end - start);
    const auto colon = line.find(':');
    if (colon == std::string::npos) {
      continue;
    }
    std::string name = line.substr(0, colon);
    for (auto& c : name) {
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    std::string value = line.substr(colon + 1);
    value.erase(0, value.find_first_not_of(' '));
    request.headers[name] = value;
  }
  return request;
}

std::string TestApiServer::identify(SSL* ssl, const Request& request)
{
  X509* peer = SSL_get1_peer_certificate(ssl);
  if (peer) {
    std::string identity = "anonymous";
    if (SSL_get_verify_result(ssl) == X509_V_OK) {
      char cn[256] = {};
      X509_NAME_get_text_by_NID(X509_get_subject_name(peer), NID_commonName, cn, sizeof cn);
      identity = std::string("cert:") + cn;
    }
    X509_free(peer);
    if (identity != "anonymous") {
      return identity;
    }
  }
  const auto auth = request.headers.find("authorization");
  if (auth != request.headers.end() && auth->second == std::string("Bearer ") + token) {
    return "token";
  }
  return "anonymous";
}

bool TestApiServer::answer(SSL* ssl, const Request& request)
{
  const std::string identity = identify(ssl, request);
  const auto question = request.target.find('?');
  const std::string path = request.target.substr(0, question);
  const auto params = query_params(
    question == std::string::npos ? std::string() : request.target.substr(question + 1));

  std::optional<List> list;
  Fault fault = Fault::none;
  std::size_t offset = 0;
  std::size_t limit = 0;
  {
    std::lock_guard lock(m_mutex);
    const auto encoding = request.headers.find("accept-encoding");
    m_requests.push_back(
      { request.target,
        identity,
        encoding != request.headers.end() && encoding->second.find("gzip") != std::string::npos });
    if (auto it = params.find("limit"); it != params.end()) {
      limit = std::stoul(it->second);
    }
    if (auto it = params.find("continue"); it != params.end()) {
      const std::string& token_text = it->second;
      const auto slash = token_text.find('/');
      offset = std::stoul(token_text.substr(slash + 1));
    }
    const std::size_t page = limit > 0 ? offset / limit : 0;
    if (auto it = m_faults.find({ path, page }); it != m_faults.end() && it->second.times > 0) {
      fault = it->second.fault;
      if (it->second.times != SIZE_MAX) {
        --it->second.times;
      }
    }
    if (auto it = m_lists.find(path); it != m_lists.end()) {
      list = it->second;
    }
  }

  if (fault == Fault::echo_auth) {
    const auto auth = request.headers.find("authorization");
    const std::string quoted = auth == request.headers.end() ? "" : auth->second;
    return write_all(
      ssl, response(401, status_json(401, "Unauthorized", "Unauthorized: bad header " + quoted)));
  }
  if (identity == "anonymous" || fault == Fault::status_401) {
    return write_all(ssl, response(401, status_json(401, "Unauthorized", "Unauthorized")));
  }
  switch (fault) {
    case Fault::status_403:
      return write_all(ssl,
                       response(403,
                                status_json(403,
                                            "Forbidden",
                                            "pods is forbidden: User \\\"dualstack-test\\\" cannot "
                                            "list resource \\\"pods\\\" in API group \\\"\\\"")));
    case Fault::status_404:
      return write_all(ssl,
                       response(404,
                                status_json(404,
                                            "NotFound",
                                            "the server could not find the "
                                            "requested resource")));
    case Fault::status_410:
      return write_all(ssl,
                       response(410,
                                status_json(410,
                                            "Expired",
                                            "The provided continue parameter is too "
                                            "old to display a consistent list result.")));
    case Fault::status_500:
      return write_all(
        ssl, response(500, status_json(500, "InternalError", "etcdserver: request timed out")));
    case Fault::status_429:
      return write_all(
        ssl,
        response(429,
                 status_json(429, "TooManyRequests", "Too many requests, please try again later."),
                 true,
                 "Retry-After: " + std::to_string(m_retry_after_s.load()) + "\r\n"));
    case Fault::status_503:
      return write_all(
        ssl, response(503, status_json(503, "ServiceUnavailable", "the server is shutting down")));
    case Fault::slow:
      for (int i = 0; i < 250 && !m_stop; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
      }
      break;
    case Fault::not_a_list:
      return write_all(ssl, response(200, status_json(200, "", "not a list")));
    default:
      break;
  }
  if (!list) {
    return write_all(ssl,
                     response(404,
                              status_json(404,
                                          "NotFound",
                                          "the server could not find the "
                                          "requested resource")));
  }

  const std::size_t count = list->items.size();
  const std::size_t end = limit > 0 ? std::min(count, offset + limit) : count;
  std::string next;
  if (fault == Fault::repeat_continue) {
    next = continue_token_for(offset);
  } else if (end < count) {
    next = continue_token_for(end);
  }
  std::string metadata = R"("metadata":{"resourceVersion":"4711")";
  if (!next.empty()) {
    metadata +=
      R"(,"continue":")" + next + R"(","remainingItemCount":)" + std::to_string(count - end);
  }
  metadata += "}";
  std::string items = R"("items":[)";
  for (std::size_t i = offset; i < end; ++i) {
    items += (i > offset ? "," : "") + list->items[i];
  }
  items += "]";
  const std::string head = R"({"kind":")" + list->kind + R"(List","apiVersion":"v1",)";
  std::string body =
    list->metadata_last ? head + items + "," + metadata + "}" : head + metadata + "," + items + "}";
  std::string headers;
  const auto encoding = request.headers.find("accept-encoding");
  if (m_gzip && encoding != request.headers.end() &&
      encoding->second.find("gzip") != std::string::npos) {
    body = gzip(body);
    headers = "Content-Encoding: gzip\r\n";
  }
  if (fault == Fault::truncated) {
    const std::string full = response(200, body, true, headers);
    write_all(ssl, full.substr(0, full.size() - body.size() / 2));
    return false; // drop the connection without a TLS close
  }
  if (fault == Fault::truncated_close) {
    const std::string full = response(200, body, false, headers);
    write_all(ssl, full.substr(0, full.size() - body.size() / 2));
    SSL_shutdown(ssl);
    return false;
  }
  return write_all(ssl, response(200, body, true, headers));
}

void TestApiServer::serve_connection(int fd)
{
  timeval timeout{ 5, 0 };
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
  SSL* ssl = SSL_new(m_ctx);
  SSL_set_fd(ssl, fd);
  if (SSL_accept(ssl) == 1) {
    std::string buffer;
    while (!m_stop) {
      auto request = read_request(ssl, fd, buffer);
      bool keep_open = false;
      try {
        keep_open = request && answer(ssl, *request);
      } catch (const std::exception&) {
        write_all(ssl, response(400, status_json(400, "BadRequest", "bad request")));
      }
      if (!keep_open) {
        break;
      }
    }
  }
  ERR_clear_error();
  SSL_free(ssl);
  ::close(fd);
}

std::string TestApiServer::continue_token_for(std::size_t offset)
{
  return "c/" + std::to_string(offset) + "+k=&x";
}

} // namespace dualstack::verify::kube::testing
