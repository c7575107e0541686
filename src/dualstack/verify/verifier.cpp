// Verifier: owns the context and one checker per resource being read.
#include <dualstack/verify/verifier.hpp>

#include <dualstack/verify/checkers.hpp>

#include <array>

namespace dualstack::verify {

struct Verifier::Impl
{
  explicit Impl(const plan::Plan& plan)
    : context(plan, recorder)
  {
  }

  Recorder recorder;
  CheckContext context;
  std::array<std::unique_ptr<ResourceChecker>, all_resources.size()> checkers;
  std::array<Recorder::Mark, all_resources.size()> marks; // taken by begin(), for restart()
  Report report;
};

Verifier::Verifier(const plan::Plan& plan)
  : m_impl(std::make_unique<Impl>(plan))
{
  for (Resource resource : all_resources) {
    ResourceResult result;
    result.resource = resource;
    m_impl->report.resources.push_back(result);
  }
}

Verifier::~Verifier() = default;

ItemSink& Verifier::begin(Resource resource)
{
  const auto index = static_cast<std::size_t>(resource);
  m_impl->marks[index] = m_impl->recorder.mark();
  auto& checker = m_impl->checkers[index];
  checker = make_checker(resource, m_impl->context);
  return *checker;
}

ItemSink& Verifier::restart(Resource resource)
{
  const auto index = static_cast<std::size_t>(resource);
  m_impl->checkers[index].reset();
  m_impl->recorder.rollback(m_impl->marks[index]);
  if (resource == Resource::nodes) {
    m_impl->context.node_addresses.clear(); // only the node checker fills them
  }
  auto& checker = m_impl->checkers[index];
  checker = make_checker(resource, m_impl->context);
  return *checker;
}

void Verifier::end(Resource resource, std::size_t items)
{
  const auto index = static_cast<std::size_t>(resource);
  if (auto& checker = m_impl->checkers[index]) {
    checker->finish();
    checker.reset();
  }
  auto& result = m_impl->report.resources[index];
  result.read = true;
  result.items = items;
}

void Verifier::fail(Resource resource, InputError error)
{
  const auto index = static_cast<std::size_t>(resource);
  m_impl->checkers[index].reset();
  auto& result = m_impl->report.resources[index];
  result.read = false;
  result.note = std::string(info(resource).file) + " is unusable";
  m_impl->report.errors.push_back(std::move(error));
}

void Verifier::skip(Resource resource, std::string note)
{
  const auto index = static_cast<std::size_t>(resource);
  m_impl->checkers[index].reset();
  auto& result = m_impl->report.resources[index];
  result.read = false;
  result.note = std::move(note);
}

Report Verifier::finish()
{
  Report report = std::move(m_impl->report);
  std::move(m_impl->recorder).fill(report);
  return report;
}

} // namespace dualstack::verify
