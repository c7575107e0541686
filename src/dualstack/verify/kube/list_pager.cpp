// The pagination loop: one request per page, continue tokens followed, every failure an error.
#include <dualstack/verify/kube/list_pager.hpp>

#include <dualstack/verify/kube/status_error.hpp>
#include <dualstack/verify/list_reader.hpp>

#include <curl/curl.h>
#include <fmt/format.h>

#include <algorithm>
#include <climits>
#include <memory>
#include <optional>
#include <thread>

namespace dualstack::verify::kube {

namespace {

constexpr std::string_view check_server_hint =
  "check that `server` in the kubeconfig is the Kubernetes API server";

Error page_error(ErrorKind kind, std::string where, std::string message, std::string hint = {})
{
  Error error;
  error.kind = kind;
  error.where = std::move(where);
  error.message = std::move(message);
  error.hint = std::move(hint);
  return error;
}

// Returns `input` (from the ListReader or the sink) as a kube Error of `kind` about `where`.
Error from_input_error(const InputError& input,
                       ErrorKind kind,
                       std::string where,
                       std::string_view resource,
                       std::size_t page)
{
  std::string at = fmt::format("byte {}", input.offset);
  if (input.item != InputError::npos) {
    at += fmt::format(", item {}{}{}", input.item, input.object.empty() ? "" : " ", input.object);
  }
  return page_error(
    kind,
    std::move(where),
    fmt::format("page {} of {} cannot be used ({}): {}", page + 1, resource, at, input.message),
    kind == ErrorKind::truncated
      ? "the API server or a proxy cut the response short; run verify again"
    : input.item == InputError::npos ? std::string(check_server_hint)
                                     : std::string());
}

} // namespace

bool may_be_absent(Resource resource)
{
  switch (resource) {
    case Resource::ippools:
    case Resource::installations:
    case Resource::bgppeers:
      return true;
    default:
      return false;
  }
}

std::string page_target(std::string_view path, std::size_t limit, std::string_view continue_token)
{
  std::string target = fmt::format("{}?limit={}", path, limit);
  if (!continue_token.empty() && continue_token.size() < INT_MAX) {
    // The handle argument of curl_easy_escape is unused since curl 7.82.
    std::unique_ptr<char, decltype(&curl_free)> escaped(
      curl_easy_escape(nullptr, continue_token.data(), static_cast<int>(continue_token.size())),
      &curl_free);
    if (escaped) {
      target += "&continue=";
      target += escaped.get();
    }
  }
  return target;
}

namespace {

// Forwards the items whose index is at least `next` (the first not yet delivered) and advances
// it, so that a page read again after a failure hands the sink only what it has not seen.
class SkipDelivered final : public ItemSink
{
public:
  SkipDelivered(ItemSink& sink, std::size_t& next) : m_sink(sink), m_next(next) {}

  tl::expected<void, InputError> on_item(std::string_view json, std::size_t index) override
  {
    if (index < m_next) {
      return {};
    }
    auto taken = m_sink.on_item(json, index);
    if (taken) {
      m_next = index + 1;
    }
    return taken;
  }

private:
  ItemSink& m_sink;
  std::size_t& m_next;
};

// The next page, requested on a connection of its own while the current one is parsed.
class Prefetch
{
public:
  // What came back: the 2xx body (possibly partial) and the response or error.
  struct Result
  {
    std::string target;
    std::string body;
    tl::expected<Response, Error> response = tl::unexpected(Error{});
    bool overflowed = false; // larger than the buffer: not used
  };

  ~Prefetch()
  {
    if (m_thread.joinable()) {
      m_thread.join();
    }
  }

  bool active() const { return m_thread.joinable(); }
  const std::string& target() const { return m_result.target; }

  // Starts GET `target` on `client` (used by nobody else meanwhile) in a thread of its own.
  void start(HttpsClient& client, std::string target, std::size_t max_bytes)
  {
    m_result = Result{};
    m_result.target = std::move(target);
    m_result.body = std::move(m_spare); // its capacity: no fresh pages to fault in
    m_result.body.clear();
    m_thread = std::thread([this, &client, max_bytes] {
      m_result.response =
        client.get(m_result.target, [&](std::string_view bytes) -> tl::expected<void, Error> {
          if (m_result.body.size() + bytes.size() > max_bytes) {
            m_result.overflowed = true;
            return tl::unexpected(Error{});
          }
          m_result.body.append(bytes);
          return {};
        });
    });
  }

  // Waits for the request and returns its result.
  Result take()
  {
    m_thread.join();
    return std::move(m_result);
  }

  // Keeps a used body's buffer for the next request.
  void recycle(std::string&& body)
  {
    if (body.capacity() > m_spare.capacity()) {
      m_spare = std::move(body);
    }
  }

private:
  std::thread m_thread;
  Result m_result;
  std::string m_spare;
};

// Hands a prefetched body to `receiver` in pieces, as if it were streaming in, and returns
// what the request returned (or the receiver's error).
tl::expected<Response, Error> replay(Prefetch::Result& result, const BodyReceiver& receiver)
{
  constexpr std::size_t piece = 256 * 1024;
  std::string_view body = result.body;
  while (!body.empty()) {
    auto accepted = receiver(body.substr(0, piece));
    if (!accepted) {
      return tl::unexpected(std::move(accepted.error()));
    }
    body.remove_prefix(std::min(piece, body.size()));
  }
  return std::move(result.response);
}

// How one pass over the list ended when it did not end well.
struct PassFailure
{
  Error error;
  bool restart = false; // reading the list again from its start may succeed
};

class Pager
{
public:
  Pager(HttpsClient& client,
        Resource resource,
        const PagerOptions& options,
        ClientObserver* observer)
    : m_client(client)
    , m_about(info(resource))
    , m_resource(resource)
    , m_options(options)
    , m_observer(observer)
  {
  }

  // Reads every page once into `sink`.
  tl::expected<ListSummary, PassFailure> pass(ItemSink& sink);

private:
  void warn(const std::string& message)
  {
    if (m_observer) {
      m_observer->on_warning(message);
    }
  }

  void wait(std::chrono::milliseconds delay)
  {
    if (m_options.sleep) {
      m_options.sleep(delay);
    } else {
      std::this_thread::sleep_for(delay);
    }
  }

  std::chrono::milliseconds backoff(std::size_t attempt, long retry_after_s) const
  {
    std::chrono::milliseconds delay = m_options.first_backoff;
    if (retry_after_s > 0) {
      delay = std::chrono::seconds(retry_after_s);
    } else {
      for (std::size_t i = 1; i < attempt && delay < m_options.max_backoff; ++i) {
        delay *= 2;
      }
    }
    return std::min(delay, m_options.max_backoff);
  }

  // Starts requesting the page after `token` on the second connection, unless already doing so.
  void prefetch(Prefetch& ahead, const std::string& token, std::size_t limit)
  {
    if (!m_options.prefetch || ahead.active() || m_prefetch_failed) {
      return;
    }
    if (!m_second) {
      auto second = m_client.another();
      if (!second) {
        m_prefetch_failed = true;
        return;
      }
      m_second.emplace(std::move(*second));
    }
    ahead.start(*m_second, page_target(m_about.list_path, limit, token), m_options.prefetch_bytes);
  }

  HttpsClient& m_client;
  std::optional<HttpsClient> m_second; // the prefetching connection
  bool m_prefetch_failed = false;
  const ResourceInfo& m_about;
  Resource m_resource;
  const PagerOptions& m_options;
  ClientObserver* m_observer;
};

tl::expected<ListSummary, PassFailure> Pager::pass(ItemSink& sink)
{
  const auto fail = [](Error error, bool restart = false) {
    return tl::unexpected(PassFailure{ std::move(error), restart });
  };
  ListSummary summary;
  std::string token;
  const std::size_t limit = m_options.page_size > 0 ? m_options.page_size : 500;
  Prefetch ahead;                         // the next page, on the second connection
  std::optional<Prefetch::Result> fetched; // the first attempt at this page, fetched ahead
  const std::size_t max_attempts = std::max<std::size_t>(m_options.max_attempts, 1);
  for (std::size_t index = 0;; ++index) {
    const std::string target = page_target(m_about.list_path, limit, token);
    const std::string where = m_client.url_for(target);
    if (index >= m_options.max_pages) {
      return fail(page_error(
        ErrorKind::protocol,
        where,
        fmt::format("listing {} did not end after {} pages", m_about.name, m_options.max_pages),
        "the API server keeps returning continue tokens; use a larger page size"));
    }
    std::size_t next_item = summary.items; // the first item of this page not yet delivered
    std::optional<ListInfo> page;
    std::uint64_t page_bytes = 0;
    for (std::size_t attempt = 1; !page; ++attempt) {
      SkipDelivered skip(sink, next_item);
      ListReader reader(where, skip, summary.items);
      const BodyReceiver receiver = [&](std::string_view bytes) -> tl::expected<void, Error> {
        auto fed = reader.feed(bytes);
        if (!fed) {
          return tl::unexpected(
            from_input_error(fed.error(), ErrorKind::protocol, where, m_about.name, index));
        }
        if (const std::string& next = reader.early_continue_token();
            !next.empty() && next != token && !ahead.active()) {
          prefetch(ahead, next, limit);
        }
        return {};
      };
      const bool use_fetched = attempt == 1 && fetched && fetched->target == target;
      auto response = use_fetched ? replay(*fetched, receiver) : m_client.get(target, receiver);
      if (fetched) {
        ahead.recycle(std::move(fetched->body));
        fetched.reset();
      }
      Error error;
      long retry_after_s = -1;
      if (!response) {
        error = std::move(response.error());
      } else if (response->status < 200 || response->status >= 300) {
        if (response->status == 404 && index == 0 && may_be_absent(m_resource)) {
          summary.status = ListStatus::not_installed;
          return summary;
        }
        error = status_error(response->status, response->error_body, where, m_about.name);
        retry_after_s = response->retry_after_s;
      } else if (auto finished = reader.finish(); !finished) {
        // The transfer ended cleanly and feed() accepted every byte, so the reader can only be
        // short of the end of the document (or the document is no List at all).
        const bool truncated = finished.error().message.starts_with("truncated") ||
                               finished.error().message.starts_with("empty input");
        error = from_input_error(finished.error(),
                                 truncated ? ErrorKind::truncated : ErrorKind::protocol,
                                 where,
                                 m_about.name,
                                 index);
        error.transient = truncated;
      } else {
        page = std::move(*finished);
        page_bytes = response->body_bytes;
        break;
      }

      if (error.kind == ErrorKind::gone) {
        return fail(std::move(error), /*restart=*/index > 0);
      }
      if (!error.transient) {
        return fail(std::move(error));
      }
      const std::string what =
        fmt::format("page {} of {}: {}", index + 1, m_about.name, error.message);
      if (index == 0 && next_item > summary.items) {
        // Items of the first page were delivered, and the first page has no continue token
        // that would bring back the same items: only a fresh start is safe.
        error.message += fmt::format(" (page 1 of {} broke off after {} items)",
                                     m_about.name,
                                     next_item - summary.items);
        return fail(std::move(error), /*restart=*/true);
      }
      if (attempt >= max_attempts) {
        error.message += fmt::format(" (page {} of {}; gave up after {} attempt{})",
                                     index + 1,
                                     m_about.name,
                                     attempt,
                                     attempt == 1 ? "" : "s");
        return fail(std::move(error));
      }
      const auto delay = backoff(attempt, retry_after_s);
      warn(fmt::format("{}; retrying in {:.1f} s (attempt {} of {})",
                       what,
                       static_cast<double>(delay.count()) / 1000.0,
                       attempt + 1,
                       max_attempts));
      wait(delay);
    }

    if (!page->kind.empty() && !page->kind.ends_with("List")) {
      return fail(page_error(
        ErrorKind::protocol,
        where,
        fmt::format("page {} of {} is a `{}`, not a list", index + 1, m_about.name, page->kind),
        std::string(check_server_hint)));
    }
    ++summary.pages;
    summary.items += page->items;
    summary.bytes += page_bytes;
    if (m_observer) {
      m_observer->on_page(m_about.name, index, page->items, page_bytes);
    }
    if (page->continue_token.empty()) {
      return summary;
    }
    if (ahead.active()) {
      const bool next = ahead.target() == page_target(m_about.list_path, limit, page->continue_token);
      auto result = ahead.take();
      if (next && !result.overflowed) {
        fetched = std::move(result);
      }
    }
    if (page->continue_token == token) {
      return fail(page_error(
        ErrorKind::protocol,
        where,
        fmt::format("page {} of {} repeats the previous continue token", index + 1, m_about.name),
        "the API server is not paging forward; check it"));
    }
    token = std::move(page->continue_token);
  }
}

} // namespace

tl::expected<ListSummary, Error> fetch_list(HttpsClient& client,
                                            Resource resource,
                                            ItemSink& sink,
                                            const PagerOptions& options,
                                            ClientObserver* observer,
                                            const RestartSink& restart)
{
  Pager pager(client, resource, options, observer);
  ItemSink* current = &sink;
  for (std::size_t restarts = 0;; ++restarts) {
    auto listed = pager.pass(*current);
    if (listed) {
      return *listed;
    }
    PassFailure& failure = listed.error();
    if (!failure.restart || !restart) {
      return tl::unexpected(std::move(failure.error));
    }
    if (restarts >= options.max_restarts) {
      failure.error.message += fmt::format(
        " (the list was read from the start {} time{}; giving up)", restarts, restarts == 1 ? "" : "s");
      return tl::unexpected(std::move(failure.error));
    }
    if (observer) {
      observer->on_warning(fmt::format("{}: {}; reading the list again from the start ({} of {})",
                                       info(resource).name,
                                       failure.error.message,
                                       restarts + 1,
                                       options.max_restarts));
    }
    current = &restart();
  }
}

} // namespace dualstack::verify::kube
