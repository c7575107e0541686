// CheckContext: Plan lookups shared by the resource checkers.
#include <dualstack/verify/check_context.hpp>

namespace dualstack::verify {

CheckContext::CheckContext(const plan::Plan& plan_, Recorder& recorder_)
  : plan(plan_)
  , recorder(recorder_)
{
  for (const plan::Host* host : plan.k8s_nodes()) {
    m_nodes.emplace(host->name, host);
  }
}

const plan::Host* CheckContext::node(std::string_view name) const
{
  const auto it = m_nodes.find(name);
  return it == m_nodes.end() ? nullptr : it->second;
}

} // namespace dualstack::verify
