// A TLS Kubernetes API server for tests: 127.0.0.1 on an ephemeral port, client-certificate
// and bearer-token auth, paginated lists, and injectable failures.
#pragma once

#include "verify/kube/support/test_pki.hpp"

#include <openssl/ssl.h>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace dualstack::verify::kube::testing {

// What the server does instead of answering normally.
enum class Fault
{
  none,
  status_401,      // 401 Unauthorized
  status_403,      // 403 Forbidden
  status_404,      // 404 Not Found
  status_410,      // 410 Gone (expired continue token)
  status_500,      // 500 Internal Server Error
  status_429,      // 429 Too Many Requests with `Retry-After: retry_after_s`
  status_503,      // 503 Service Unavailable, no Retry-After
  slow,            // waits (seconds) before answering
  truncated,       // announces Content-Length, sends half the body, drops the connection
  truncated_close, // no Content-Length, half the body, then a clean TLS close
  repeat_continue, // returns the continue token it was sent (never pages forward)
  not_a_list,      // 200 with a Status object
  echo_auth,       // 401 whose message quotes the request's Authorization header
};

// One request as the server saw it.
struct RequestRecord
{
  std::string target;        // path and query
  std::string identity;      // "token", "cert:<CN>" or "anonymous"
  bool accepts_gzip = false; // Accept-Encoding named gzip
};

// Serves until destroyed; every connection gets its own thread. A request is authenticated by
// a client certificate signed by the test CA or by the bearer `token`; others get 401.
class TestApiServer
{
public:
  static constexpr const char* token = "s3cr3t-t0ken-ABCDEFGHIJKLMNOP";

  // Starts listening on 127.0.0.1 with `pki`'s server certificate.
  explicit TestApiServer(const TestPki& pki = test_pki());
  ~TestApiServer();
  TestApiServer(const TestApiServer&) = delete;
  TestApiServer& operator=(const TestApiServer&) = delete;

  int port() const
  {
    return m_port;
  }
  std::string url() const
  {
    return "https://127.0.0.1:" + std::to_string(m_port);
  }

  // Serves `items` (JSON objects) at `path` as a `<kind>List`, honouring `limit`/`continue`;
  // `metadata_last` puts the List's metadata after its items.
  void set_list(const std::string& path,
                const std::string& kind,
                std::vector<std::string> items,
                bool metadata_last = false);

  // Makes requests for page `page` (0-based) of `path` fail with `fault`: the next `times`
  // of them, then the page is served normally again.
  void set_fault(const std::string& path,
                 Fault fault,
                 std::size_t page = 0,
                 std::size_t times = SIZE_MAX);

  // Gzips list pages (one member, zlib level 1 as kube-apiserver) for clients that accept it;
  // the truncation faults then cut the compressed body.
  void set_gzip(bool on)
  {
    m_gzip = on;
  }

  // Sets the Retry-After seconds of Fault::status_429 (default 1).
  void set_retry_after(long seconds)
  {
    m_retry_after_s = seconds;
  }

  // Returns every request so far, in order.
  std::vector<RequestRecord> requests() const;

  // Returns how many TCP connections were accepted.
  std::size_t connections() const
  {
    return m_connections;
  }

  // Returns the continue token issued for the page starting at `offset`. It holds characters
  // that must be percent-encoded in a query.
  static std::string continue_token_for(std::size_t offset);

private:
  struct List
  {
    std::string kind;
    std::vector<std::string> items;
    bool metadata_last = false;
  };

  struct Request
  {
    std::string method;
    std::string target;
    std::map<std::string, std::string> headers; // lower-case names
  };

  void accept_loop();
  // Waits until `fd` is readable or the server stops; false on stop or error.
  bool wait_readable(SSL* ssl, int fd);
  std::optional<Request> read_request(SSL* ssl, int fd, std::string& buffer);
  std::string identify(SSL* ssl, const Request& request);
  // Answers one request; false when the connection must close.
  bool answer(SSL* ssl, const Request& request);
  void serve_connection(int fd);

  SSL_CTX* m_ctx = nullptr;
  int m_listen = -1;
  int m_port = 0;
  std::atomic<bool> m_stop{ false };
  std::atomic<std::size_t> m_connections{ 0 };
  std::thread m_acceptor;
  mutable std::mutex m_mutex;
  std::vector<std::thread> m_workers;
  std::map<std::string, List> m_lists;
  struct FaultPlan
  {
    Fault fault = Fault::none;
    std::size_t times = 0; // requests it still applies to
  };
  std::map<std::pair<std::string, std::size_t>, FaultPlan> m_faults;
  std::atomic<long> m_retry_after_s{ 1 };
  std::atomic<bool> m_gzip{ false };
  std::vector<RequestRecord> m_requests;
};

} // namespace dualstack::verify::kube::testing
