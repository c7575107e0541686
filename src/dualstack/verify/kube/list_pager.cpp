// The pagination loop: one request per page, continue tokens followed, every failure an error.
#include <dualstack/verify/kube/list_pager.hpp>

#include <dualstack/verify/kube/status_error.hpp>
#include <dualstack/verify/list_reader.hpp>

#include <curl/curl.h>
#include <fmt/format.h>

#include <climits>
#include <memory>

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

tl::expected<ListSummary, Error> fetch_list(HttpsClient& client,
                                            Resource resource,
                                            ItemSink& sink,
                                            const PagerOptions& options,
                                            ClientObserver* observer)
{
  const ResourceInfo& about = info(resource);
  ListSummary summary;
  std::string token;
  const std::size_t limit = options.page_size > 0 ? options.page_size : 500;
  for (std::size_t index = 0;; ++index) {
    const std::string target = page_target(about.list_path, limit, token);
    const std::string where = client.url_for(target);
    if (index >= options.max_pages) {
      return tl::unexpected(page_error(
        ErrorKind::protocol,
        where,
        fmt::format("listing {} did not end after {} pages", about.name, options.max_pages),
        "the API server keeps returning continue tokens; use a larger page size"));
    }
    ListReader reader(where, sink, summary.items);
    const BodyReceiver receiver = [&](std::string_view bytes) -> tl::expected<void, Error> {
      auto fed = reader.feed(bytes);
      if (!fed) {
        return tl::unexpected(
          from_input_error(fed.error(), ErrorKind::protocol, where, about.name, index));
      }
      return {};
    };
    auto response = client.get(target, receiver);
    if (!response) {
      return tl::unexpected(std::move(response.error()));
    }
    if (response->status < 200 || response->status >= 300) {
      if (response->status == 404 && index == 0 && may_be_absent(resource)) {
        summary.status = ListStatus::not_installed;
        return summary;
      }
      return tl::unexpected(
        status_error(response->status, response->error_body, where, about.name));
    }
    auto page = reader.finish();
    if (!page) {
      // The transfer ended cleanly and feed() accepted every byte, so the reader can only be
      // short of the end of the document (or the document is no List at all).
      const bool truncated = page.error().message.starts_with("truncated") ||
                             page.error().message.starts_with("empty input");
      return tl::unexpected(from_input_error(page.error(),
                                             truncated ? ErrorKind::truncated : ErrorKind::protocol,
                                             where,
                                             about.name,
                                             index));
    }
    if (!page->kind.empty() && !page->kind.ends_with("List")) {
      return tl::unexpected(page_error(
        ErrorKind::protocol,
        where,
        fmt::format("page {} of {} is a `{}`, not a list", index + 1, about.name, page->kind),
        std::string(check_server_hint)));
    }
    ++summary.pages;
    summary.items += page->items;
    summary.bytes += response->body_bytes;
    if (observer) {
      observer->on_page(about.name, index, page->items, response->body_bytes);
    }
    if (page->continue_token.empty()) {
      return summary;
    }
    if (page->continue_token == token) {
      return tl::unexpected(page_error(
        ErrorKind::protocol,
        where,
        fmt::format("page {} of {} repeats the previous continue token", index + 1, about.name),
        "the API server is not paging forward; check it"));
    }
    token = std::move(page->continue_token);
  }
}

} // namespace dualstack::verify::kube
