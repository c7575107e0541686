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
  SkipDelivered(ItemSink& sink, std::size_t& next)
    : m_sink(sink)
    , m_next(next)
  {
  }

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

  HttpsClient& m_client;
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
        return {};
      };
      auto response = m_client.get(target, receiver);
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
        error.message += fmt::format(
          " (page 1 of {} broke off after {} items)", m_about.name, next_item - summary.items);
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
      failure.error.message +=
        fmt::format(" (the list was read from the start {} time{}; giving up)",
                    restarts,
                    restarts == 1 ? "" : "s");
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
