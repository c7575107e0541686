// Lists one resource page by page (`limit` / `continue`), streaming each page's items to an
// ItemSink through a ListReader.
#pragma once

#include <dualstack/verify/item_sink.hpp>
#include <dualstack/verify/kube/client_observer.hpp>
#include <dualstack/verify/kube/error.hpp>
#include <dualstack/verify/kube/https_client.hpp>
#include <dualstack/verify/resource.hpp>

#include <tl/expected.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace dualstack::verify::kube {

struct PagerOptions
{
  std::size_t page_size = 500;       // `limit` of each request
  std::size_t max_pages = 1'000'000; // a guard against a server that never stops paging
};

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
// A failed request, an HTTP error (410 Gone included), a truncated or malformed page, an error
// from `sink` or a repeated continue token is an Error, and whatever `sink` received must then
// be discarded. Only a 404 on the first page of a custom resource is ListStatus::not_installed.
// Reports each page to `observer` (may be null).
tl::expected<ListSummary, Error> fetch_list(HttpsClient& client,
                                            Resource resource,
                                            ItemSink& sink,
                                            const PagerOptions& options = {},
                                            ClientObserver* observer = nullptr);

// Returns whether `resource` is a custom resource that a cluster may lack (a 404 on its list
// means "not installed"): Calico IP pools and BGP peers, the Tigera operator's Installation.
bool may_be_absent(Resource resource);

// Returns the request target for one page: `path?limit=N`, plus `&continue=TOKEN`
// (percent-encoded) when `continue_token` is not empty.
std::string page_target(std::string_view path, std::size_t limit, std::string_view continue_token);

} // namespace dualstack::verify::kube
