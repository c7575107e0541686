// The live intake loop: one fetch_list per resource into the Verifier, errors into the report.
#include <dualstack/verify/kube/cluster_verifier.hpp>

#include <dualstack/verify/verifier.hpp>

#include <fmt/format.h>

namespace dualstack::verify::kube {

namespace {

// Forwards warnings and turns per-page reports into cumulative VerifyObserver progress.
class PageProgress final : public ClientObserver
{
public:
  PageProgress(ClientObserver* client_observer, VerifyObserver* observer, Resource resource)
    : m_client_observer(client_observer)
    , m_observer(observer)
    , m_resource(resource)
  {
  }

  void on_warning(std::string_view message) override
  {
    if (m_client_observer) {
      m_client_observer->on_warning(message);
    }
  }

  // Forgets the pages of an abandoned pass over the list.
  void restarted()
  {
    m_items = 0;
    m_bytes = 0;
  }

  void on_page(std::string_view resource,
               std::size_t index,
               std::size_t items,
               std::uint64_t bytes) override
  {
    m_items += items;
    m_bytes += bytes;
    if (m_client_observer) {
      m_client_observer->on_page(resource, index, items, bytes);
    }
    if (m_observer) {
      m_observer->advanced(m_resource, m_items, m_bytes);
    }
  }

private:
  ClientObserver* m_client_observer;
  VerifyObserver* m_observer;
  Resource m_resource;
  std::size_t m_items = 0;
  std::uint64_t m_bytes = 0;
};

// Whether `kind` would fail the same way for every other resource too.
bool ends_the_run(ErrorKind kind)
{
  return kind == ErrorKind::connect || kind == ErrorKind::tls || kind == ErrorKind::unauthorized ||
         kind == ErrorKind::kubeconfig;
}

} // namespace

InputError to_input_error(const Error& error)
{
  InputError input;
  input.source = error.where;
  input.message = fmt::format("error[{}]: {}", rule_id(error.kind), error.message);
  if (error.pos.known()) {
    input.message =
      fmt::format("line {}, column {}: {}", error.pos.line, error.pos.column, input.message);
  }
  if (!error.hint.empty()) {
    input.message += fmt::format(" (hint: {})", error.hint);
  }
  return input;
}

Report verify_cluster(const plan::Plan& plan,
                      HttpsClient& client,
                      const PagerOptions& options,
                      ClientObserver* client_observer,
                      VerifyObserver* observer)
{
  Verifier verifier(plan);
  for (Resource resource : all_resources) {
    if (observer) {
      observer->started(resource, 0);
    }
    ItemSink& sink = verifier.begin(resource);
    PageProgress progress(client_observer, observer, resource);
    const RestartSink restart = [&]() -> ItemSink& {
      progress.restarted();
      return verifier.restart(resource);
    };
    auto list = fetch_list(client, resource, sink, options, &progress, restart);
    if (observer) {
      observer->finished(resource, list ? list->items : 0, list.has_value());
    }
    if (!list) {
      verifier.fail(resource, to_input_error(list.error()));
      if (ends_the_run(list.error().kind)) {
        break;
      }
      continue;
    }
    if (list->status == ListStatus::not_installed) {
      verifier.skip(resource,
                    fmt::format("{} not installed on the cluster ({} answered 404)",
                                info(resource).name,
                                client.url_for(info(resource).list_path)));
      continue;
    }
    verifier.end(resource, list->items);
  }
  return verifier.finish();
}

} // namespace dualstack::verify::kube
