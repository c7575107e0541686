// Verifier: runs every cluster check over Lists fed to it item by item, from dump files or from
// the Kubernetes API, and produces the Report. The one entry point for both intakes.
#pragma once

#include <dualstack/plan/plan.hpp>
#include <dualstack/verify/input_error.hpp>
#include <dualstack/verify/item_sink.hpp>
#include <dualstack/verify/report.hpp>
#include <dualstack/verify/resource.hpp>

#include <memory>
#include <string>

namespace dualstack::verify {

// Usage, per resource in `all_resources` order (nodes before pods):
//   ItemSink& sink = verifier.begin(Resource::pods);
//   for each page: ListReader reader(source, sink, items_so_far); feed bytes; reader.finish();
//   verifier.end(Resource::pods, total_items);        // or fail(...) / skip(...)
// then `Report report = verifier.finish();`. A resource neither ended, failed nor skipped is
// reported as not read, and its checks are skipped.
class Verifier
{
public:
  // Checks against `plan`, which must outlive the Verifier.
  explicit Verifier(const plan::Plan& plan);
  ~Verifier();
  Verifier(const Verifier&) = delete;
  Verifier& operator=(const Verifier&) = delete;

  // Starts `resource` and returns the sink for its items (valid until end/fail).
  ItemSink& begin(Resource resource);

  // Discards everything the items of `resource` delivered so far recorded (counts, findings,
  // the nodes' addresses) and returns a fresh sink for reading the List again from its start,
  // e.g. after the API server expired its continue token. Call between begin and end.
  ItemSink& restart(Resource resource);

  // Marks `resource` completely read (`items` items) and runs its cross-object checks.
  void end(Resource resource, std::size_t items);

  // Marks `resource` unusable: the run will exit 2, and its checks are skipped.
  void fail(Resource resource, InputError error);

  // Marks `resource` not available (`note`, e.g. "pods.json not found in dump/"): its checks
  // are skipped and the report says why.
  void skip(Resource resource, std::string note);

  // Returns the report. Call once, last.
  Report finish();

private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

} // namespace dualstack::verify
