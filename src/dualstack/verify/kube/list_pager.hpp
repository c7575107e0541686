// Lists one resource page by page (`limit` / `continue`), streaming each page's items to an
// ItemSink through a ListReader.
#pragma once

#include <dualstack/verify/item_sink.hpp>
#include <dualstack/verify/kube/client_observer.hpp>
#include <dualstack/verify/kube/error.hpp>
#include <dualstack/verify/kube/https_client.hpp>
#include <dualstack/verify/resource.hpp>

#include <tl/expected.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace dualstack::verify::kube {

struct PagerOptions
{
  std::size_t page_size = 500;       // `limit` of each request
  std::size_t max_pages = 1'000'000; // a guard against a server that never stops paging
  // A page that fails transiently (dropped connection, body cut short, 429, 500/502/503/504) is
  // requested again, at most `max_attempts` times in all, waiting `first_backoff` and twice as
  // long each further time, or what the server's Retry-After says; never longer than
  // `max_backoff` at once.
  std::size_t max_attempts = 5;
  std::chrono::milliseconds first_backoff{ 500 };
  std::chrono::milliseconds max_backoff{ 10'000 };
  // A list whose continue token expired (410 Gone), or whose first page broke off after some of
  // its items were delivered, is read again from the start at most this often (needs a
  // RestartSink).
  std::size_t max_restarts = 3;
  // Waits between attempts; empty means std::this_thread::sleep_for (tests record instead).
  std::function<void(std::chrono::milliseconds)> sleep;
};

// Discards every item the current sink received and returns the sink for reading the list
// again from its first page (Verifier::restart).
using RestartSink = std::function<ItemSink&()>;

enum class ListStatus
{
  complete,      // every page was fetched and its items delivered
  not_installed, // a custom resource (Calico, Tigera operator) answered 404: checks skipped
};

// What one list fetched.
struct ListSummary
{
  ListStatus status = ListStatus::complete;
  std::size_t pages = 0;
  std::size_t items = 0;
  std::uint64_t bytes = 0;
};

// Lists `resource` through `client`, handing every item to `sink` as its page streams in
// (item indexes count across pages) and following `metadata.continue` until the last page.
// Every item reaches the sink exactly once even when pages are retried: a page requested again
// with the same continue token holds the same items, and those already delivered are skipped.
// A transient failure is retried within `options` (each retry is a warning to `observer`); a
// 410 Gone restarts the list through `restart` (without one it is an error). What remains a
// failure (an HTTP error, a truncated or malformed page after the last attempt, an error from
// the sink, a repeated continue token) is an Error saying what happened and how often it was
// tried, and whatever the sink received must then be discarded. Only a 404 on the first page
// of a custom resource is ListStatus::not_installed. Reports each page to `observer` (may be
// null).
tl::expected<ListSummary, Error> fetch_list(HttpsClient& client,
                                            Resource resource,
                                            ItemSink& sink,
                                            const PagerOptions& options = {},
                                            ClientObserver* observer = nullptr,
                                            const RestartSink& restart = {});

// Returns whether `resource` is a custom resource that a cluster may lack (a 404 on its list
// means "not installed"): Calico IP pools and BGP peers, the Tigera operator's Installation.
bool may_be_absent(Resource resource);

// Returns the request target for one page: `path?limit=N`, plus `&continue=TOKEN`
// (percent-encoded) when `continue_token` is not empty.
std::string page_target(std::string_view path, std::size_t limit, std::string_view continue_token);

} // namespace dualstack::verify::kube
