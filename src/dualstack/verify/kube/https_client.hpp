// HTTPS GETs against the Kubernetes API server over libcurl, bodies streamed to a receiver.
#pragma once

#include <dualstack/verify/kube/client_observer.hpp>
#include <dualstack/verify/kube/error.hpp>
#include <dualstack/verify/kube/kubeconfig.hpp>

#include <tl/expected.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace dualstack::verify::kube {

// Connection settings beyond the kubeconfig.
struct ClientOptions
{
  std::chrono::milliseconds connect_timeout{ 10'000 };  // TCP + TLS handshake
  std::chrono::milliseconds request_timeout{ 120'000 }; // one whole request (one list page)
  // --insecure-skip-tls-verify: do not verify the server (the kubeconfig's flag counts too).
  bool insecure_skip_tls_verify = false;
  // Receives an uncompressed body (TLS) on a thread of its own while the caller's receiver
  // consumes what arrived, in pieces of up to 256 KiB with at most this many bytes waiting, so
  // that fetching and parsing overlap on two cores; 0 receives on the caller's thread. Gzip
  // pages are decoded whole when complete (GzipDecoder, on the caller's thread): a second thread
  // would have nothing to overlap there, so after a gzip answer the client stays on one thread.
  std::size_t pipeline_bytes = 4u << 20;
};

// The outcome of one request that reached the server.
struct Response
{
  long status = 0;              // HTTP status
  std::uint64_t body_bytes = 0; // bytes handed to the receiver (2xx only)
  std::string error_body;       // the start of a non-2xx body (credentials redacted)
  long retry_after_s = -1;      // the Retry-After header in seconds; -1 when absent
};

// Receives the bytes of a 2xx body as they arrive; an error aborts the transfer.
using BodyReceiver = std::function<tl::expected<void, Error>(std::string_view bytes)>;

// A client for one API server and one user. Verifies TLS unless told not to, sends the bearer
// token and/or client certificate, and reuses its connection between requests. Not thread-safe.
class HttpsClient
{
public:
  // Returns a client for `access`; warns through `observer` (may be null) when TLS verification
  // is off. Fails when libcurl cannot be set up with the credentials.
  static tl::expected<HttpsClient, Error> create(ClusterAccess access,
                                                 ClientOptions options,
                                                 ClientObserver* observer = nullptr);

  HttpsClient(HttpsClient&& other) noexcept;
  HttpsClient& operator=(HttpsClient&& other) noexcept;
  ~HttpsClient();

  // GETs `target` (a path with optional query, starting with '/'), streaming a 2xx body to
  // `receiver`. Any HTTP status comes back as a Response; a connection, TLS or timeout failure,
  // a truncated body or an error from `receiver` comes back as an Error.
  tl::expected<Response, Error> get(std::string_view target, const BodyReceiver& receiver);

  // Returns the URL of `target` without its query, for messages.
  std::string url_for(std::string_view target) const;

  // Returns the cluster this client talks to.
  const ClusterAccess& access() const;

private:
  struct Impl;
  explicit HttpsClient(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> m_impl;
};

} // namespace dualstack::verify::kube
