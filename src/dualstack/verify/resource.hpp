// The Kubernetes and Calico resources verify reads: dump file names, API list paths, kinds.
#pragma once

#include <array>
#include <optional>
#include <string_view>

namespace dualstack::verify {

// Every List verify reads, in the order it reads them (nodes before pods: the hostNetwork pod
// check uses the nodes' addresses).
enum class Resource
{
  nodes,
  pods,
  services,
  endpointslices,
  ippools,
  configmaps,
  daemonsets,
  installations,
  bgppeers,
};

inline constexpr std::array<Resource, 9> all_resources = {
  Resource::nodes,          Resource::pods,          Resource::services,
  Resource::endpointslices, Resource::ippools,       Resource::configmaps,
  Resource::daemonsets,     Resource::installations, Resource::bgppeers,
};

struct ResourceInfo
{
  Resource resource;
  std::string_view name;      // "pods": the resource name for RBAC and `kubectl get`
  std::string_view file;      // "pods.json": the dump file `verify --from DIR` reads
  std::string_view kind;      // "Pod": the kind of each item
  std::string_view api_group; // "" (core), "discovery.k8s.io", "crd.projectcalico.org", ...
  std::string_view list_path; // "/api/v1/pods": the cluster-wide list URL path
};

// Returns the static description of `resource`.
const ResourceInfo& info(Resource resource);

// Returns the resource whose dump file is `file` ("pods.json"), or nullopt.
std::optional<Resource> resource_for_file(std::string_view file);

} // namespace dualstack::verify
