// DefectPlan: which defects to plant on which objects, chosen deterministically from the seed.
// Each defect is designed to produce exactly one finding of exactly one check.
#pragma once

#include <dualstack/verify/check.hpp>
#include <dualstack/verify/gen/cluster_model.hpp>

#include <map>
#include <set>

namespace dualstack::verify::gen {

class DefectPlan
{
public:
  // Chooses `model.options().defects` defects over the objects of `model`.
  static tl::expected<DefectPlan, std::string> choose(const ClusterModel& model);

  // Returns the check whose defect is planted on node/pod/service/slice `index`, if any.
  std::optional<Check> node(std::size_t index) const
  {
    return find(m_nodes, index);
  }
  std::optional<Check> pod(std::size_t index) const
  {
    return find(m_pods, index);
  }
  std::optional<Check> service(std::size_t index) const
  {
    return find(m_services, index);
  }
  std::optional<Check> slice(std::size_t index) const
  {
    return find(m_slices, index);
  }
  // Returns whether the single-object defect for `check` is planted.
  bool singleton(Check check) const
  {
    return m_singletons.contains(check);
  }

  // Returns the pod whose IPs pod `index` (planted pod-ip-unique) copies.
  std::size_t duplicate_source(std::size_t index) const
  {
    return m_duplicate_sources.at(index);
  }

  // Returns the ordinal of the defect on (check, index), for picking distinct spare addresses.
  std::size_t ordinal(std::size_t index) const
  {
    return m_ordinals.at(index);
  }

private:
  static std::optional<Check> find(const std::map<std::size_t, Check>& map, std::size_t index)
  {
    const auto it = map.find(index);
    return it == map.end() ? std::nullopt : std::optional<Check>(it->second);
  }

  std::map<std::size_t, Check> m_nodes;
  std::map<std::size_t, Check> m_pods;
  std::map<std::size_t, Check> m_services;
  std::map<std::size_t, Check> m_slices;
  std::set<Check> m_singletons;
  std::map<std::size_t, std::size_t> m_duplicate_sources;
  std::map<std::size_t, std::size_t> m_ordinals; // pod/service index -> defect ordinal
};

} // namespace dualstack::verify::gen
