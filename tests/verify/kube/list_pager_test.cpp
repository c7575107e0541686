// fetch_list against the in-process TLS API server: pagination, every failure mapped to an error.
#include "verify/kube/support/kube_test_support.hpp"

#include <dualstack/verify/kube/list_pager.hpp>

#include <gtest/gtest.h>

#include <set>

using namespace dualstack::verify;
using namespace dualstack::verify::kube;
using namespace dualstack::verify::kube::testing;

namespace {

HttpsClient make_client(ClusterAccess access, ClientOptions options = {})
{
  auto client = HttpsClient::create(std::move(access), options);
  EXPECT_TRUE(client);
  return std::move(*client);
}

// Pages of `size`; waits between retries are recorded in `sleeps` (when given), never slept.
PagerOptions pages_of(std::size_t size, std::vector<std::chrono::milliseconds>* sleeps = nullptr)
{
  PagerOptions options;
  options.page_size = size;
  options.sleep = [sleeps](std::chrono::milliseconds delay) {
    if (sleeps) {
      sleeps->push_back(delay);
    }
  };
  return options;
}

// Lists nodes (7 of them, 3 per page) from a server with `fault` on page `page`.
tl::expected<ListSummary, Error> list_nodes_with(Fault fault,
                                                 std::size_t page,
                                                 RecordingSink& sink,
                                                 ClientOptions options = {})
{
  TestApiServer server;
  server.set_list("/api/v1/nodes", "Node", node_items(7));
  server.set_fault("/api/v1/nodes", fault, page);
  auto client = make_client(token_access(server), options);
  return fetch_list(client, Resource::nodes, sink, pages_of(3));
}

using std::chrono::milliseconds;

// A server of 7 nodes in pages of 3 whose page `page` fails with `fault` `times` times.
struct FaultyNodes
{
  FaultyNodes(Fault fault, std::size_t page, std::size_t times)
  {
    server.set_list("/api/v1/nodes", "Node", node_items(7));
    server.set_fault("/api/v1/nodes", fault, page, times);
  }

  tl::expected<ListSummary, Error> list(RecordingSink& sink, const RestartSink& restart = {})
  {
    auto client = make_client(token_access(server));
    return fetch_list(client, Resource::nodes, sink, pages_of(3, &sleeps), &observer, restart);
  }

  TestApiServer server;
  RecordingObserver observer;
  std::vector<milliseconds> sleeps;
};

} // namespace

TEST(ListPager, FetchesAllPagesInOrder)
{
  TestApiServer server;
  const auto items = node_items(7);
  server.set_list("/api/v1/nodes", "Node", items);
  auto client = make_client(token_access(server));
  RecordingSink sink;
  RecordingObserver observer;
  auto summary = fetch_list(client, Resource::nodes, sink, pages_of(3), &observer);
  ASSERT_TRUE(summary) << format_error(summary.error());
  EXPECT_EQ(summary->status, ListStatus::complete);
  EXPECT_EQ(summary->pages, 3u);
  EXPECT_EQ(summary->items, 7u);
  EXPECT_GT(summary->bytes, 0u);
  EXPECT_EQ(sink.items, items);
  EXPECT_EQ(sink.indexes, (std::vector<std::size_t>{ 0, 1, 2, 3, 4, 5, 6 }));
  EXPECT_EQ(observer.pages, (std::vector<std::string>{ "nodes 0 3", "nodes 1 3", "nodes 2 1" }));

  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 3u);
  EXPECT_EQ(requests[0].target, "/api/v1/nodes?limit=3");
  EXPECT_EQ(requests[1].target, "/api/v1/nodes?limit=3&continue=c%2F3%2Bk%3D%26x");
  EXPECT_EQ(requests[2].target, "/api/v1/nodes?limit=3&continue=c%2F6%2Bk%3D%26x");
  EXPECT_EQ(server.connections(), 1u);
}

TEST(ListPager, ClientCertificateListsToo)
{
  TestApiServer server;
  server.set_list("/api/v1/pods", "Pod", node_items(4));
  auto client = make_client(cert_access(server));
  RecordingSink sink;
  auto summary = fetch_list(client, Resource::pods, sink, pages_of(2));
  ASSERT_TRUE(summary) << format_error(summary.error());
  EXPECT_EQ(summary->items, 4u);
  for (const auto& request : server.requests()) {
    EXPECT_EQ(request.identity, "cert:dualstack-test");
  }
}

TEST(ListPager, MetadataAfterItemsStillPages)
{
  TestApiServer server;
  server.set_list("/api/v1/services", "Service", node_items(5), /*metadata_last=*/true);
  auto client = make_client(token_access(server));
  RecordingSink sink;
  auto summary = fetch_list(client, Resource::services, sink, pages_of(2));
  ASSERT_TRUE(summary) << format_error(summary.error());
  EXPECT_EQ(summary->pages, 3u);
  EXPECT_EQ(sink.items.size(), 5u);
}

TEST(ListPager, EmptyListIsOnePage)
{
  TestApiServer server;
  server.set_list("/apis/discovery.k8s.io/v1/endpointslices", "EndpointSlice", {});
  auto client = make_client(token_access(server));
  RecordingSink sink;
  auto summary = fetch_list(client, Resource::endpointslices, sink);
  ASSERT_TRUE(summary) << format_error(summary.error());
  EXPECT_EQ(summary->pages, 1u);
  EXPECT_EQ(summary->items, 0u);
  EXPECT_EQ(server.requests()[0].target, "/apis/discovery.k8s.io/v1/endpointslices?limit=500");
}

TEST(ListPager, UsesTheNamespacedPathForConfigMaps)
{
  TestApiServer server;
  server.set_list("/api/v1/namespaces/kube-system/configmaps", "ConfigMap", node_items(1));
  auto client = make_client(token_access(server));
  RecordingSink sink;
  auto summary = fetch_list(client, Resource::configmaps, sink);
  ASSERT_TRUE(summary) << format_error(summary.error());
  EXPECT_EQ(summary->items, 1u);
}

TEST(ListPager, MissingCustomResourceIsNotInstalled)
{
  TestApiServer server; // serves nothing: every path is 404
  auto client = make_client(token_access(server));
  for (Resource resource : { Resource::ippools, Resource::installations, Resource::bgppeers }) {
    RecordingSink sink;
    auto summary = fetch_list(client, resource, sink);
    ASSERT_TRUE(summary) << format_error(summary.error());
    EXPECT_EQ(summary->status, ListStatus::not_installed);
    EXPECT_EQ(summary->pages, 0u);
  }
}

TEST(ListPager, MissingCoreResourceIsAnError)
{
  TestApiServer server;
  auto client = make_client(token_access(server));
  RecordingSink sink;
  auto summary = fetch_list(client, Resource::pods, sink);
  ASSERT_FALSE(summary);
  EXPECT_EQ(summary.error().kind, ErrorKind::not_found);
  EXPECT_EQ(summary.error().http_status, 404);
  EXPECT_EQ(summary.error().message,
            "pods not found on the API server (HTTP 404): the server "
            "could not find the requested resource");
}

TEST(ListPager, CustomResourceVanishingMidListIsAnError)
{
  TestApiServer server;
  server.set_list("/apis/crd.projectcalico.org/v1/ippools", "IPPool", node_items(4));
  server.set_fault("/apis/crd.projectcalico.org/v1/ippools", Fault::status_404, 1);
  auto client = make_client(token_access(server));
  RecordingSink sink;
  auto summary = fetch_list(client, Resource::ippools, sink, pages_of(2));
  ASSERT_FALSE(summary);
  EXPECT_EQ(summary.error().kind, ErrorKind::not_found);
}

TEST(ListPager, Unauthorized401IsAnError)
{
  RecordingSink sink;
  auto summary = list_nodes_with(Fault::status_401, 0, sink);
  ASSERT_FALSE(summary);
  EXPECT_EQ(summary.error().kind, ErrorKind::unauthorized);
  EXPECT_EQ(summary.error().message,
            "the API server did not accept the credentials (HTTP 401 Unauthorized): "
            "Unauthorized");
  EXPECT_EQ(rule_id(summary.error().kind), "kube-unauthorized");
}

TEST(ListPager, Forbidden403IsAnErrorWithAnRbacHint)
{
  RecordingSink sink;
  auto summary = list_nodes_with(Fault::status_403, 0, sink);
  ASSERT_FALSE(summary);
  EXPECT_EQ(summary.error().kind, ErrorKind::forbidden);
  EXPECT_TRUE(summary.error().message.starts_with("listing nodes is forbidden (HTTP 403): "))
    << summary.error().message;
  EXPECT_TRUE(summary.error().hint.starts_with("grant get and list on nodes"));
}

TEST(ListPager, ServerError500OnALaterPageIsAnError)
{
  RecordingSink sink;
  auto summary = list_nodes_with(Fault::status_500, 1, sink);
  ASSERT_FALSE(summary);
  EXPECT_EQ(summary.error().kind, ErrorKind::http);
  EXPECT_EQ(summary.error().http_status, 500);
  EXPECT_EQ(summary.error().message,
            "the API server failed listing nodes (HTTP 500): "
            "etcdserver: request timed out (page 2 of nodes; gave up after 5 attempts)");
  EXPECT_EQ(sink.items.size(), 3u); // the first page arrived; the caller must discard it
}

TEST(ListPager, ExpiredContinueTokenIsAnErrorWithAHint)
{
  RecordingSink sink;
  auto summary = list_nodes_with(Fault::status_410, 2, sink);
  ASSERT_FALSE(summary);
  const Error& error = summary.error();
  EXPECT_EQ(error.kind, ErrorKind::gone);
  EXPECT_EQ(error.message,
            "the continue token expired while listing nodes (HTTP 410 Gone): The "
            "provided continue parameter is too old to display a consistent list "
            "result.");
  EXPECT_EQ(error.hint,
            "the list changed too much or paging took too long; run verify again, "
            "or use a larger page size so fewer pages are needed");
  EXPECT_EQ(rule_id(error.kind), "kube-continue-expired");
}

TEST(ListPager, SlowPageTimesOut)
{
  RecordingSink sink;
  ClientOptions options;
  options.request_timeout = short_timeout;
  auto summary = list_nodes_with(Fault::slow, 1, sink, options);
  ASSERT_FALSE(summary);
  EXPECT_EQ(summary.error().kind, ErrorKind::timeout);
}

TEST(ListPager, TruncatedPageIsAnError)
{
  RecordingSink sink;
  auto summary = list_nodes_with(Fault::truncated, 1, sink);
  ASSERT_FALSE(summary);
  EXPECT_EQ(summary.error().kind, ErrorKind::truncated) << format_error(summary.error());
}

TEST(ListPager, CleanlyClosedHalfPageIsTruncated)
{
  // No Content-Length and a proper TLS close: only the List's structure shows it is cut short.
  RecordingSink sink;
  auto summary = list_nodes_with(Fault::truncated_close, 0, sink);
  ASSERT_FALSE(summary);
  EXPECT_EQ(summary.error().kind, ErrorKind::truncated) << format_error(summary.error());
  EXPECT_TRUE(summary.error().message.starts_with("page 1 of nodes cannot be used (byte "))
    << summary.error().message;
}

TEST(ListPager, RepeatedContinueTokenIsAnError)
{
  RecordingSink sink;
  auto summary = list_nodes_with(Fault::repeat_continue, 1, sink);
  ASSERT_FALSE(summary);
  EXPECT_EQ(summary.error().kind, ErrorKind::protocol);
  EXPECT_EQ(summary.error().message, "page 2 of nodes repeats the previous continue token");
}

TEST(ListPager, MaxPagesStopsAServerThatNeverEnds)
{
  TestApiServer server;
  server.set_list("/api/v1/nodes", "Node", node_items(10));
  auto client = make_client(token_access(server));
  RecordingSink sink;
  PagerOptions options = pages_of(1);
  options.max_pages = 4;
  auto summary = fetch_list(client, Resource::nodes, sink, options);
  ASSERT_FALSE(summary);
  EXPECT_EQ(summary.error().kind, ErrorKind::protocol);
  EXPECT_EQ(summary.error().message, "listing nodes did not end after 4 pages");
}

TEST(ListPager, StatusInsteadOfAListIsAnError)
{
  RecordingSink sink;
  auto summary = list_nodes_with(Fault::not_a_list, 0, sink);
  ASSERT_FALSE(summary);
  EXPECT_EQ(summary.error().kind, ErrorKind::protocol) << format_error(summary.error());
}

TEST(ListPager, SinkErrorStopsTheList)
{
  RecordingSink sink;
  sink.reject_at = 4;
  auto summary = list_nodes_with(Fault::none, 0, sink);
  ASSERT_FALSE(summary);
  EXPECT_EQ(summary.error().kind, ErrorKind::protocol);
  EXPECT_NE(summary.error().message.find("item rejected by the test"), std::string::npos)
    << summary.error().message;
  EXPECT_NE(summary.error().message.find("item 4"), std::string::npos) << summary.error().message;
}

TEST(ListPager, TokenNeverAppearsInAnyError)
{
  for (Fault fault : { Fault::echo_auth,
                       Fault::status_401,
                       Fault::status_403,
                       Fault::status_410,
                       Fault::status_500,
                       Fault::truncated,
                       Fault::truncated_close,
                       Fault::not_a_list,
                       Fault::repeat_continue }) {
    RecordingSink sink;
    auto summary = list_nodes_with(fault, 0, sink);
    ASSERT_FALSE(summary) << static_cast<int>(fault);
    const std::string printed = format_error(summary.error());
    EXPECT_EQ(printed.find(TestApiServer::token), std::string::npos) << printed;
  }
  RecordingSink sink;
  ClientOptions options;
  options.request_timeout = short_timeout;
  auto slow = list_nodes_with(Fault::slow, 0, sink, options);
  ASSERT_FALSE(slow);
  EXPECT_EQ(format_error(slow.error()).find(TestApiServer::token), std::string::npos);
}

TEST(ListPager, EchoedTokenIsRedacted)
{
  RecordingSink sink;
  auto summary = list_nodes_with(Fault::echo_auth, 0, sink);
  ASSERT_FALSE(summary);
  EXPECT_EQ(summary.error().message,
            "the API server did not accept the credentials (HTTP 401 "
            "Unauthorized): Unauthorized: bad header Bearer [redacted]");
}

TEST(ListPager, PageTargetEncodesTheContinueToken)
{
  EXPECT_EQ(page_target("/api/v1/pods", 500, ""), "/api/v1/pods?limit=500");
  EXPECT_EQ(page_target("/api/v1/pods", 2, "eyJ2Ijo+/=&"),
            "/api/v1/pods?limit=2&continue=eyJ2Ijo%2B%2F%3D%26");
}

TEST(ListPager, OnlyCalicoAndOperatorResourcesMayBeAbsent)
{
  std::vector<Resource> absent;
  for (Resource resource : all_resources) {
    if (may_be_absent(resource)) {
      absent.push_back(resource);
    }
  }
  EXPECT_EQ(
    absent,
    (std::vector<Resource>{ Resource::ippools, Resource::installations, Resource::bgppeers }));
}

TEST(ListPager, RetriesA429AfterTheServersRetryAfter)
{
  FaultyNodes nodes(Fault::status_429, 1, 1);
  nodes.server.set_retry_after(3);
  RecordingSink sink;
  auto summary = nodes.list(sink);
  ASSERT_TRUE(summary) << format_error(summary.error());
  EXPECT_EQ(summary->items, 7u);
  EXPECT_EQ(sink.items, node_items(7));
  EXPECT_EQ(nodes.sleeps, (std::vector<milliseconds>{ milliseconds(3000) }));
  EXPECT_EQ(nodes.observer.warnings,
            (std::vector<std::string>{
              "page 2 of nodes: the API server failed listing nodes (HTTP 429): Too many "
              "requests, please try again later.; retrying in 3.0 s (attempt 2 of 5)" }));
  EXPECT_EQ(nodes.server.requests().size(), 4u);
}

TEST(ListPager, RetryAfterIsCappedByMaxBackoff)
{
  FaultyNodes nodes(Fault::status_429, 0, 1);
  nodes.server.set_retry_after(3600);
  RecordingSink sink;
  auto summary = nodes.list(sink);
  ASSERT_TRUE(summary) << format_error(summary.error());
  EXPECT_EQ(nodes.sleeps, (std::vector<milliseconds>{ milliseconds(10'000) }));
}

TEST(ListPager, ServerErrorsBackOffExponentiallyThenSucceed)
{
  FaultyNodes nodes(Fault::status_500, 2, 2);
  RecordingSink sink;
  auto summary = nodes.list(sink);
  ASSERT_TRUE(summary) << format_error(summary.error());
  EXPECT_EQ(sink.items, node_items(7));
  EXPECT_EQ(nodes.sleeps, (std::vector<milliseconds>{ milliseconds(500), milliseconds(1000) }));
}

TEST(ListPager, A503IsRetriedToo)
{
  FaultyNodes nodes(Fault::status_503, 1, 1);
  RecordingSink sink;
  auto summary = nodes.list(sink);
  ASSERT_TRUE(summary) << format_error(summary.error());
  EXPECT_EQ(sink.items, node_items(7));
}

TEST(ListPager, AConnectionDroppedMidPageIsRetriedWithoutDuplicates)
{
  // Content-Length announced, half of page 2 sent, connection dropped: the items of page 2 that
  // arrived are not delivered twice when the page comes again with the same continue token.
  FaultyNodes nodes(Fault::truncated, 1, 2);
  RecordingSink sink;
  auto summary = nodes.list(sink);
  ASSERT_TRUE(summary) << format_error(summary.error());
  EXPECT_EQ(summary->items, 7u);
  EXPECT_EQ(summary->pages, 3u);
  EXPECT_EQ(sink.items, node_items(7));
  EXPECT_EQ(sink.indexes, (std::vector<std::size_t>{ 0, 1, 2, 3, 4, 5, 6 }));
  ASSERT_EQ(nodes.observer.warnings.size(), 2u);
  EXPECT_TRUE(nodes.observer.warnings[0].starts_with("page 2 of nodes: the response ended early "
                                                     "after "))
    << nodes.observer.warnings[0];
  EXPECT_TRUE(nodes.observer.warnings[1].ends_with("; retrying in 1.0 s (attempt 3 of 5)"))
    << nodes.observer.warnings[1];
  const auto requests = nodes.server.requests();
  ASSERT_EQ(requests.size(), 5u);
  EXPECT_EQ(requests[1].target, requests[2].target) << "the same page again";
  EXPECT_EQ(requests[2].target, requests[3].target);
}

TEST(ListPager, ACleanlyClosedHalfPageIsRetried)
{
  FaultyNodes nodes(Fault::truncated_close, 2, 1);
  RecordingSink sink;
  auto summary = nodes.list(sink);
  ASSERT_TRUE(summary) << format_error(summary.error());
  EXPECT_EQ(sink.items, node_items(7));
}

TEST(ListPager, GzipPagesCutShortAreRetriedToEveryItemOnce)
{
  // A gzip page is decoded only when it is complete: a body cut short delivers nothing, and
  // the page comes again.
  for (Fault fault : { Fault::truncated, Fault::truncated_close }) {
    TestApiServer server;
    server.set_gzip(true);
    server.set_list("/api/v1/nodes", "Node", node_items(7));
    server.set_fault("/api/v1/nodes", fault, 1, 2);
    auto client = make_client(token_access(server));
    RecordingSink sink;
    RecordingObserver observer;
    std::vector<milliseconds> sleeps;
    auto summary =
      fetch_list(client, Resource::nodes, sink, pages_of(3, &sleeps), &observer, RestartSink{});
    ASSERT_TRUE(summary) << format_error(summary.error());
    EXPECT_EQ(sink.items, node_items(7));
    EXPECT_EQ(sink.indexes, (std::vector<std::size_t>{ 0, 1, 2, 3, 4, 5, 6 }));
    ASSERT_EQ(observer.warnings.size(), 2u);
    EXPECT_TRUE(observer.warnings[0].starts_with(
      fault == Fault::truncated_close ? "page 2 of nodes: the gzip-encoded body ended early, after "
                                      : "page 2 of nodes: "))
      << observer.warnings[0];
    EXPECT_EQ(sleeps, (std::vector<milliseconds>{ milliseconds(500), milliseconds(1000) }));
    const auto requests = server.requests();
    ASSERT_EQ(requests.size(), 5u);
    for (const auto& request : requests) {
      EXPECT_TRUE(request.accepts_gzip) << request.target;
    }
  }
}

TEST(ListPager, GivesUpAfterMaxAttemptsAndSaysWhatHappened)
{
  FaultyNodes nodes(Fault::truncated, 1, SIZE_MAX);
  RecordingSink sink;
  auto summary = nodes.list(sink);
  ASSERT_FALSE(summary);
  EXPECT_EQ(summary.error().kind, ErrorKind::truncated);
  EXPECT_TRUE(summary.error().message.starts_with("the response ended early after "))
    << summary.error().message;
  EXPECT_TRUE(summary.error().message.ends_with(" (page 2 of nodes; gave up after 5 attempts)"))
    << summary.error().message;
  EXPECT_EQ(nodes.sleeps,
            (std::vector<milliseconds>{
              milliseconds(500), milliseconds(1000), milliseconds(2000), milliseconds(4000) }));
  EXPECT_EQ(nodes.server.requests().size(), 6u); // page 1, then page 2 five times
  // Whatever was delivered is the first page plus at most the first try of page 2, once each.
  EXPECT_EQ(std::set<std::size_t>(sink.indexes.begin(), sink.indexes.end()).size(),
            sink.indexes.size());
}

TEST(ListPager, AttemptsAreConfigurable)
{
  TestApiServer server;
  server.set_list("/api/v1/nodes", "Node", node_items(7));
  server.set_fault("/api/v1/nodes", Fault::status_500, 0);
  auto client = make_client(token_access(server));
  RecordingSink sink;
  std::vector<milliseconds> sleeps;
  PagerOptions options = pages_of(3, &sleeps);
  options.max_attempts = 1;
  auto summary = fetch_list(client, Resource::nodes, sink, options);
  ASSERT_FALSE(summary);
  EXPECT_TRUE(summary.error().message.ends_with("(page 1 of nodes; gave up after 1 attempt)"))
    << summary.error().message;
  EXPECT_TRUE(sleeps.empty());
  EXPECT_EQ(server.requests().size(), 1u);
}

TEST(ListPager, NonTransientErrorsAreNotRetried)
{
  for (Fault fault : { Fault::status_401, Fault::status_403, Fault::not_a_list }) {
    FaultyNodes nodes(fault, 1, SIZE_MAX);
    RecordingSink sink;
    auto summary = nodes.list(sink);
    ASSERT_FALSE(summary);
    EXPECT_TRUE(nodes.sleeps.empty()) << static_cast<int>(fault);
    EXPECT_EQ(nodes.server.requests().size(), 2u) << static_cast<int>(fault);
  }
}

TEST(ListPager, AnExpiredContinueTokenRestartsTheList)
{
  FaultyNodes nodes(Fault::status_410, 2, 1);
  RecordingSink first;
  RecordingSink second;
  int restarts = 0;
  auto summary = nodes.list(first, [&]() -> ItemSink& {
    ++restarts;
    return second;
  });
  ASSERT_TRUE(summary) << format_error(summary.error());
  EXPECT_EQ(restarts, 1);
  EXPECT_EQ(first.items.size(), 6u); // abandoned: two pages, then 410
  EXPECT_EQ(second.items, node_items(7));
  EXPECT_EQ(summary->items, 7u);
  EXPECT_EQ(summary->pages, 3u);
  ASSERT_EQ(nodes.observer.warnings.size(), 1u);
  EXPECT_EQ(nodes.observer.warnings[0],
            "nodes: the continue token expired while listing nodes (HTTP 410 Gone): The provided "
            "continue parameter is too old to display a consistent list result.; reading the "
            "list again from the start (1 of 3)");
  const auto requests = nodes.server.requests();
  ASSERT_EQ(requests.size(), 6u);
  EXPECT_EQ(requests[3].target, "/api/v1/nodes?limit=3") << "from the start, no token";
}

TEST(ListPager, RestartsAreBounded)
{
  FaultyNodes nodes(Fault::status_410, 1, SIZE_MAX);
  RecordingSink sink;
  int restarts = 0;
  auto summary = nodes.list(sink, [&]() -> ItemSink& {
    ++restarts;
    return sink;
  });
  ASSERT_FALSE(summary);
  EXPECT_EQ(restarts, 3);
  EXPECT_EQ(summary.error().kind, ErrorKind::gone);
  EXPECT_TRUE(
    summary.error().message.ends_with(" (the list was read from the start 3 times; giving up)"))
    << summary.error().message;
}

TEST(ListPager, AFirstPageCutShortAfterSomeItemsRestartsTheList)
{
  // The first page has no continue token that would bring back the same items, so items it
  // delivered before the break are only safe to forget: the list starts over. (Metadata last:
  // the first half of the page holds a whole item.)
  TestApiServer server;
  server.set_list("/api/v1/nodes", "Node", node_items(7), /*metadata_last=*/true);
  server.set_fault("/api/v1/nodes", Fault::truncated_close, 0, 1);
  auto client = make_client(token_access(server));
  RecordingSink first;
  RecordingSink second;
  int restarts = 0;
  RecordingObserver observer;
  auto summary =
    fetch_list(client, Resource::nodes, first, pages_of(3), &observer, [&]() -> ItemSink& {
      ++restarts;
      return second;
    });
  ASSERT_TRUE(summary) << format_error(summary.error());
  EXPECT_EQ(restarts, 1);
  EXPECT_FALSE(first.items.empty());
  EXPECT_EQ(second.items, node_items(7));
  ASSERT_EQ(observer.warnings.size(), 1u);
  EXPECT_TRUE(observer.warnings[0].starts_with("nodes: page 1 of nodes cannot be used (byte "))
    << observer.warnings[0];
  EXPECT_NE(observer.warnings[0].find("(page 1 of nodes broke off after 1 items); reading the "
                                      "list again from the start (1 of 3)"),
            std::string::npos)
    << observer.warnings[0];
}

TEST(ListPager, AFirstPageCutShortBeforeAnyItemIsRetried)
{
  TestApiServer server;
  server.set_list("/api/v1/nodes", "Node", node_items(7));
  server.set_fault("/api/v1/nodes", Fault::truncated_close, 0, 1);
  auto client = make_client(token_access(server));
  RecordingSink sink;
  std::vector<milliseconds> sleeps;
  // One item per page: the first half of the page is only the List's metadata.
  auto summary =
    fetch_list(client, Resource::nodes, sink, pages_of(1, &sleeps), nullptr, []() -> ItemSink& {
      throw std::logic_error("no restart expected");
    });
  ASSERT_TRUE(summary) << format_error(summary.error());
  EXPECT_EQ(sink.items, node_items(7));
  EXPECT_EQ(sleeps, (std::vector<milliseconds>{ milliseconds(500) }));
}
