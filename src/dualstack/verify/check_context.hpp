// What every resource checker shares: the Plan with lookups, the recorder, and what earlier
// Lists showed that later checks need (the nodes' addresses).
#pragma once

#include <dualstack/plan/plan.hpp>
#include <dualstack/verify/item_sink.hpp>
#include <dualstack/verify/recorder.hpp>

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace dualstack::verify {

struct CheckContext
{
  // Indexes `plan` (which must outlive the context) and records into `recorder`.
  CheckContext(const plan::Plan& plan, Recorder& recorder);

  const plan::Plan& plan;
  Recorder& recorder;

  // Returns the master or worker called `name`, or nullptr.
  const plan::Host* node(std::string_view name) const;

  // InternalIPs each node reported in nodes.json (read before pods).
  std::unordered_map<std::string, std::vector<net::Address>> node_addresses;

private:
  std::unordered_map<std::string_view, const plan::Host*> m_nodes;
};

// Reads the items of one resource and runs its checks on each.
class ResourceChecker : public ItemSink
{
public:
  // Runs the checks that need every item (missing objects, counts) after the last item.
  virtual void finish() {}
};

} // namespace dualstack::verify
