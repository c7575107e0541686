// libcurl easy handle set up from a ClusterAccess: TLS verification, credentials, timeouts; gzip
// bodies decoded by GzipDecoder.
#include <dualstack/verify/kube/https_client.hpp>

#include <dualstack/verify/kube/body_pipe.hpp>
#include <dualstack/verify/kube/gzip_decoder.hpp>

#include <curl/curl.h>
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <optional>
#include <thread>
#include <vector>

namespace dualstack::verify::kube {

namespace {

constexpr std::size_t max_error_body = 64 * 1024;

void global_init()
{
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct CurlFree
{
  void operator()(char* text) const
  {
    curl_free(text);
  }
};
using CurlText = std::unique_ptr<char, CurlFree>;

std::string url_part(CURLU* url, CURLUPart part, unsigned flags = 0)
{
  char* raw = nullptr;
  if (curl_url_get(url, part, &raw, flags) != CURLUE_OK) {
    return {};
  }
  CurlText text(raw);
  return text.get();
}

// Splits the server URL so that a tls-server-name can stand in for the host; returns the base
// URL to use and the CURLOPT_CONNECT_TO entry (empty without a tls-server-name).
tl::expected<std::pair<std::string, std::string>, std::string> base_url(const ClusterAccess& access)
{
  if (access.tls_server_name.empty()) {
    return std::pair{ access.server, std::string() };
  }
  std::unique_ptr<CURLU, decltype(&curl_url_cleanup)> url(curl_url(), &curl_url_cleanup);
  if (!url || curl_url_set(url.get(), CURLUPART_URL, access.server.c_str(), 0) != CURLUE_OK) {
    return tl::unexpected(std::string("server is not a URL"));
  }
  const auto host = url_part(url.get(), CURLUPART_HOST);
  const auto port = url_part(url.get(), CURLUPART_PORT, CURLU_DEFAULT_PORT);
  if (curl_url_set(url.get(), CURLUPART_HOST, access.tls_server_name.c_str(), 0) != CURLUE_OK) {
    return tl::unexpected(std::string("tls-server-name is not a host name"));
  }
  auto base = url_part(url.get(), CURLUPART_URL);
  while (!base.empty() && base.back() == '/') {
    base.pop_back();
  }
  return std::pair{ base, fmt::format("{}:{}:{}:{}", access.tls_server_name, port, host, port) };
}

} // namespace

struct HttpsClient::Impl
{
  ClusterAccess access;
  ClientOptions options;
  std::string base;
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl{ nullptr, &curl_easy_cleanup };
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> headers{ nullptr,
                                                                       &curl_slist_free_all };
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> connect_to{ nullptr,
                                                                          &curl_slist_free_all };
  char error_buffer[CURL_ERROR_SIZE] = {};
  GzipDecoder gzip;          // kept between requests: its buffers are reused
  bool last_gzipped = false; // the previous 2xx body was gzip-encoded

  // State of the request in flight.
  struct Transfer
  {
    CURL* curl = nullptr;
    const BodyReceiver* receiver = nullptr;
    long status = 0;
    bool gzipped = false;         // Content-Encoding: gzip
    std::uint64_t wire_bytes = 0; // body bytes received (compressed when gzipped)
    std::uint64_t body_bytes = 0; // decoded body bytes handed on
    std::string error_body;
    std::optional<Error> receiver_error;
    std::optional<GzipError> gzip_error;
    GzipDecoder* gzip = nullptr;
    BodyPipe* pipe = nullptr; // set: the body goes to the consuming thread through it
    std::string piece;        // bytes not yet pushed into `pipe`
  };

  // Pushes what `transfer` holds into its pipe; false when the consumer stopped.
  static bool flush(Transfer& transfer)
  {
    if (transfer.piece.empty()) {
      return true;
    }
    const bool pushed = transfer.pipe->push(std::move(transfer.piece));
    transfer.piece = transfer.pipe->buffer();
    return pushed;
  }

  // Hands decoded body bytes on: into pieces for the consuming thread, or to the receiver;
  // false when the consumer stopped or the receiver failed.
  static bool deliver(Transfer& transfer, std::string_view bytes)
  {
    if (transfer.pipe) {
      while (!bytes.empty()) {
        // Pieces never grow past their reserved size (no reallocation, no fresh pages).
        const std::size_t n = std::min(bytes.size(), BodyPipe::piece_bytes - transfer.piece.size());
        transfer.piece.append(bytes.data(), n);
        transfer.body_bytes += n;
        bytes.remove_prefix(n);
        if (transfer.piece.size() >= BodyPipe::piece_bytes && !flush(transfer)) {
          return false;
        }
      }
      return true;
    }
    auto accepted = (*transfer.receiver)(bytes);
    if (!accepted) {
      transfer.receiver_error = std::move(accepted.error());
      return false;
    }
    transfer.body_bytes += bytes.size();
    return true;
  }

  // Decodes the end of a gzip body (after libcurl finished the transfer); false on failure.
  static bool finish_body(Transfer& transfer)
  {
    if (!transfer.gzipped || transfer.status < 200 || transfer.status >= 300) {
      return true;
    }
    auto done =
      transfer.gzip->finish([&](std::string_view bytes) { return deliver(transfer, bytes); });
    if (!done) {
      transfer.gzip_error = std::move(done.error());
      return false;
    }
    return *done;
  }

  // Notes the status line and Content-Encoding of each response.
  static std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user)
  {
    auto& transfer = *static_cast<Transfer*>(user);
    const std::size_t bytes = size * count;
    std::string_view line(data, bytes);
    if (line.starts_with("HTTP/")) {
      transfer.gzipped = false; // a new response (after a 100 Continue, say)
      return bytes;
    }
    constexpr std::string_view name = "content-encoding:";
    if (line.size() < name.size()) {
      return bytes;
    }
    for (std::size_t i = 0; i < name.size(); ++i) {
      if (std::tolower(static_cast<unsigned char>(line[i])) != name[i]) {
        return bytes;
      }
    }
    std::string value;
    for (char c : line.substr(name.size())) {
      if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
        value += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      }
    }
    transfer.gzipped = value == "gzip" || value == "x-gzip";
    if (!transfer.gzipped && value != "identity" && !value.empty()) {
      // Only gzip is asked for; anything else cannot be read.
      transfer.gzip_error =
        GzipError{ false,
                   fmt::format("the body's Content-Encoding `{}` was not asked for", value) };
    }
    return bytes;
  }

  static std::size_t on_write(char* data, std::size_t size, std::size_t count, void* user)
  {
    auto& transfer = *static_cast<Transfer*>(user);
    const std::size_t bytes = size * count;
    if (transfer.status == 0) {
      curl_easy_getinfo(transfer.curl, CURLINFO_RESPONSE_CODE, &transfer.status);
    }
    if (transfer.status >= 200 && transfer.status < 300) {
      transfer.wire_bytes += bytes;
      if (transfer.gzip_error) {
        return CURL_WRITEFUNC_ERROR;
      }
      if (!transfer.gzipped) {
        return deliver(transfer, { data, bytes }) ? bytes : CURL_WRITEFUNC_ERROR;
      }
      auto added = transfer.gzip->add(
        { data, bytes }, [&](std::string_view decoded) { return deliver(transfer, decoded); });
      if (!added) {
        transfer.gzip_error = std::move(added.error());
        return CURL_WRITEFUNC_ERROR;
      }
      return *added ? bytes : CURL_WRITEFUNC_ERROR;
    }
    if (transfer.error_body.size() < max_error_body) {
      transfer.error_body.append(data,
                                 std::min(bytes, max_error_body - transfer.error_body.size()));
    }
    return bytes;
  }

  std::string scrub(std::string text) const
  {
    return redact(redact(std::move(text), access.token), access.client_key_pem);
  }

  Error transport_error(CURLcode code, const Transfer& transfer, std::string where) const
  {
    Error error;
    error.where = std::move(where);
    const std::string detail =
      scrub(error_buffer[0] != '\0' ? std::string(error_buffer) : curl_easy_strerror(code));
    switch (code) {
      case CURLE_OPERATION_TIMEDOUT:
        error.kind = ErrorKind::timeout;
        error.message = fmt::format("request timed out: {}", detail);
        error.hint =
          fmt::format("the limits are {} ms to connect and {} ms per page; raise them if "
                      "the API server is slow, or use a smaller page size",
                      options.connect_timeout.count(),
                      options.request_timeout.count());
        return error;
      case CURLE_COULDNT_RESOLVE_HOST:
      case CURLE_COULDNT_RESOLVE_PROXY:
      case CURLE_COULDNT_CONNECT:
        error.kind = ErrorKind::connect;
        error.message = fmt::format("cannot connect to the API server: {}", detail);
        error.hint = "check `server` in the kubeconfig and that the API server is reachable";
        return error;
      case CURLE_PEER_FAILED_VERIFICATION:
        error.kind = ErrorKind::tls;
        error.message = fmt::format("the API server's certificate is not trusted: {}", detail);
        error.hint = access.ca_pem.empty()
                       ? "the kubeconfig names no certificate-authority, so the system trust store "
                         "was used; add the cluster CA as certificate-authority-data"
                       : "the server certificate is not signed by the kubeconfig's "
                         "certificate-authority, or does not name the server; check the cluster "
                         "entry (--insecure-skip-tls-verify skips the check, unsafely)";
        return error;
      case CURLE_SSL_CERTPROBLEM:
      case CURLE_SSL_CLIENTCERT:
        error.kind = ErrorKind::tls;
        error.message = fmt::format("the client certificate cannot be used: {}", detail);
        error.hint = "check that client-certificate-data and client-key-data are a matching pair";
        return error;
      case CURLE_SSL_CACERT_BADFILE:
        error.kind = ErrorKind::tls;
        error.message = fmt::format("the certificate authority cannot be loaded: {}", detail);
        error.hint = "check certificate-authority-data in the kubeconfig";
        return error;
      case CURLE_SSL_CONNECT_ERROR:
      case CURLE_SSL_CIPHER:
      case CURLE_SSL_ISSUER_ERROR:
      case CURLE_SSL_ENGINE_INITFAILED:
      case CURLE_SSL_SHUTDOWN_FAILED:
        error.kind = ErrorKind::tls;
        error.message = fmt::format("TLS handshake with the API server failed: {}", detail);
        error.hint = "the server may have refused the client certificate, or does not speak TLS "
                     "1.2+ on this port";
        return error;
      case CURLE_PARTIAL_FILE:
        error.kind = ErrorKind::truncated;
        error.transient = true;
        error.message =
          fmt::format("the response ended early after {} bytes: {}", transfer.wire_bytes, detail);
        error.hint = "the API server or a proxy closed the connection mid-list; run verify again";
        return error;
      case CURLE_RECV_ERROR:
      case CURLE_SEND_ERROR:
      case CURLE_GOT_NOTHING:
        error.kind = transfer.wire_bytes > 0 ? ErrorKind::truncated : ErrorKind::connect;
        error.transient = true;
        error.message =
          fmt::format("the connection to the API server failed{}: {}",
                      transfer.wire_bytes > 0 ? fmt::format(" after {} bytes", transfer.wire_bytes)
                                              : std::string(),
                      detail);
        error.hint = "the API server or a proxy closed the connection; run verify again";
        return error;
      default:
        error.kind = ErrorKind::connect;
        error.message = fmt::format("request to the API server failed: {}", detail);
        return error;
    }
  }
};

HttpsClient::HttpsClient(std::unique_ptr<Impl> impl)
  : m_impl(std::move(impl))
{
}
HttpsClient::HttpsClient(HttpsClient&& other) noexcept = default;
HttpsClient& HttpsClient::operator=(HttpsClient&& other) noexcept = default;
HttpsClient::~HttpsClient() = default;

const ClusterAccess& HttpsClient::access() const
{
  return m_impl->access;
}

std::string HttpsClient::url_for(std::string_view target) const
{
  return m_impl->base + std::string(target.substr(0, target.find('?')));
}

tl::expected<HttpsClient, Error> HttpsClient::create(ClusterAccess access,
                                                     ClientOptions options,
                                                     ClientObserver* observer)
{
  global_init();
  auto impl = std::make_unique<Impl>();
  impl->access = std::move(access);
  impl->options = options;
  const ClusterAccess& a = impl->access;

  auto fail = [&](std::string message) {
    Error error;
    error.kind = ErrorKind::tls;
    error.where = a.server;
    error.message = std::move(message);
    return tl::unexpected(std::move(error));
  };

  auto base = base_url(a);
  if (!base) {
    Error error;
    error.kind = ErrorKind::kubeconfig;
    error.where = a.kubeconfig;
    error.message = fmt::format("cluster `{}`: {}", a.cluster, base.error());
    return tl::unexpected(std::move(error));
  }
  impl->base = base->first;

  impl->curl.reset(curl_easy_init());
  CURL* curl = impl->curl.get();
  if (!curl) {
    return fail("libcurl could not be initialised");
  }

  bool ok = true;
  auto set = [&](CURLoption option, auto value) {
    ok = ok && curl_easy_setopt(curl, option, value) == CURLE_OK;
  };
  set(CURLOPT_NOSIGNAL, 1L);
  set(CURLOPT_ERRORBUFFER, impl->error_buffer);
  set(CURLOPT_PROTOCOLS_STR, "https");
  set(CURLOPT_FOLLOWLOCATION, 0L);
  set(CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options.connect_timeout.count()));
  set(CURLOPT_TIMEOUT_MS, static_cast<long>(options.request_timeout.count()));
  set(CURLOPT_SSLVERSION, static_cast<long>(CURL_SSLVERSION_TLSv1_2));
  // gzip is asked for in the headers and decoded here (GzipDecoder), not by libcurl.
  set(CURLOPT_HTTP_CONTENT_DECODING, 0L);
  set(CURLOPT_BUFFERSIZE, 256L * 1024L);
  set(CURLOPT_WRITEFUNCTION, &Impl::on_write);
  set(CURLOPT_HEADERFUNCTION, &Impl::on_header);
  if (!ok) {
    return fail("libcurl lacks a required feature (https, TLS 1.2)");
  }

  const bool insecure = options.insecure_skip_tls_verify || a.insecure_skip_tls_verify;
  if (insecure) {
    set(CURLOPT_SSL_VERIFYPEER, 0L);
    set(CURLOPT_SSL_VERIFYHOST, 0L);
    if (observer) {
      observer->on_warning(fmt::format(
        "TLS verification is off for {} ({}): the API server's identity is not checked",
        a.server,
        options.insecure_skip_tls_verify ? "--insecure-skip-tls-verify"
                                         : "insecure-skip-tls-verify in the kubeconfig"));
    }
  } else {
    set(CURLOPT_SSL_VERIFYPEER, 1L);
    set(CURLOPT_SSL_VERIFYHOST, 2L);
    if (!a.ca_pem.empty()) {
      // Trust the kubeconfig's CA only, not the system store as well.
      curl_blob blob{ const_cast<char*>(a.ca_pem.data()), a.ca_pem.size(), CURL_BLOB_COPY };
      set(CURLOPT_CAINFO, static_cast<const char*>(nullptr));
      set(CURLOPT_CAPATH, static_cast<const char*>(nullptr));
      set(CURLOPT_CAINFO_BLOB, &blob);
    }
  }
  if (!ok) {
    return fail("the certificate authority could not be handed to libcurl");
  }

  if (!a.client_cert_pem.empty()) {
    curl_blob cert{ const_cast<char*>(a.client_cert_pem.data()),
                    a.client_cert_pem.size(),
                    CURL_BLOB_COPY };
    // The key stays in our Secret (wiped on destruction) rather than in a copy inside libcurl.
    const std::string& key_pem = a.client_key_pem.reveal();
    curl_blob key{ const_cast<char*>(key_pem.data()), key_pem.size(), CURL_BLOB_NOCOPY };
    set(CURLOPT_SSLCERT_BLOB, &cert);
    set(CURLOPT_SSLCERTTYPE, "PEM");
    set(CURLOPT_SSLKEY_BLOB, &key);
    set(CURLOPT_SSLKEYTYPE, "PEM");
    if (!ok) {
      return fail("the client certificate could not be handed to libcurl");
    }
  }
  if (!a.token.empty()) {
    set(CURLOPT_HTTPAUTH, static_cast<long>(CURLAUTH_BEARER));
    set(CURLOPT_XOAUTH2_BEARER, a.token.reveal().c_str());
    if (!ok) {
      return fail("the bearer token could not be handed to libcurl");
    }
  }

  curl_slist* headers = curl_slist_append(nullptr, "Accept: application/json");
  if (headers) {
    impl->headers.reset(headers);
    headers = curl_slist_append(headers, "Accept-Encoding: gzip");
  }
  if (headers) {
    headers = curl_slist_append(headers, "User-Agent: dualstack/" DUALSTACK_VERSION);
  }
  if (!headers) {
    return fail("out of memory");
  }
  set(CURLOPT_HTTPHEADER, impl->headers.get());
  if (!base->second.empty()) {
    impl->connect_to.reset(curl_slist_append(nullptr, base->second.c_str()));
    if (!impl->connect_to) {
      return fail("out of memory");
    }
    set(CURLOPT_CONNECT_TO, impl->connect_to.get());
  }
  if (!ok) {
    return fail("libcurl rejected the request headers");
  }
  return HttpsClient(std::move(impl));
}

tl::expected<Response, Error> HttpsClient::get(std::string_view target,
                                               const BodyReceiver& receiver)
{
  Impl& impl = *m_impl;
  CURL* curl = impl.curl.get();
  const std::string url = impl.base + std::string(target);
  Impl::Transfer transfer;
  transfer.curl = curl;
  transfer.receiver = &receiver;
  transfer.gzip = &impl.gzip;
  impl.gzip.reset();
  impl.error_buffer[0] = '\0';
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &transfer);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &transfer);
  CURLcode code = CURLE_OK;
  // A gzip page is decoded whole once it is complete, so a receiving thread would have nothing
  // to overlap with the parsing: after a gzip answer the next request stays on this thread (a
  // server that gzips one page gzips the next; a short list under its threshold costs little).
  if (impl.options.pipeline_bytes == 0 || impl.last_gzipped) {
    code = curl_easy_perform(curl);
    if (code == CURLE_OK) {
      Impl::finish_body(transfer); // a failure is in transfer.gzip_error or receiver_error
    }
  } else {
    // libcurl (TLS, gzip) on a thread of its own; the receiver (parsing) on this one.
    BodyPipe pipe(impl.options.pipeline_bytes);
    transfer.pipe = &pipe;
    transfer.piece = pipe.buffer();
    std::thread receiving([&] {
      code = curl_easy_perform(curl);
      if (code == CURLE_OK) {
        Impl::finish_body(transfer); // a failure is in transfer.gzip_error or receiver_error
      }
      if (code == CURLE_OK || !transfer.piece.empty()) {
        Impl::flush(transfer); // the tail; also what arrived before a failure
      }
      pipe.close();
    });
    struct Join
    {
      BodyPipe& pipe;
      std::thread& thread;
      ~Join()
      {
        pipe.stop();
        thread.join();
      }
    } join{ pipe, receiving };
    while (auto piece = pipe.pop()) {
      if (!transfer.receiver_error) {
        auto accepted = receiver(*piece);
        if (!accepted) {
          transfer.receiver_error = std::move(accepted.error());
          pipe.stop();
        }
      }
      pipe.recycle(std::move(*piece));
    }
  }
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, nullptr);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, nullptr);
  if (transfer.status >= 200 && transfer.status < 300) {
    impl.last_gzipped = transfer.gzipped;
  }

  if (transfer.receiver_error) {
    return tl::unexpected(std::move(*transfer.receiver_error));
  }
  if (transfer.gzip_error) {
    Error error;
    error.where = url_for(target);
    error.message = std::move(transfer.gzip_error->message);
    if (transfer.gzip_error->ended_early) {
      error.kind = ErrorKind::truncated;
      error.transient = true;
      error.hint = "the API server or a proxy cut the response short; run verify again";
    } else {
      error.kind = ErrorKind::protocol;
      error.hint = "the API server or a proxy in between sends a broken body";
    }
    return tl::unexpected(std::move(error));
  }

  if (code != CURLE_OK) {
    return tl::unexpected(impl.transport_error(code, transfer, url_for(target)));
  }
  Response response;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response.status);
  curl_off_t retry_after = -1;
  if (curl_easy_getinfo(curl, CURLINFO_RETRY_AFTER, &retry_after) == CURLE_OK && retry_after > 0) {
    response.retry_after_s = static_cast<long>(retry_after);
  }
  response.body_bytes = transfer.body_bytes;
  response.error_body = impl.scrub(std::move(transfer.error_body));
  return response;
}

} // namespace dualstack::verify::kube
