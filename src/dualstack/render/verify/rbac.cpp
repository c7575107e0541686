// RBAC for the in-cluster verify, derived from the resources verify reads.
#include <dualstack/render/verify/rbac.hpp>

#include <dualstack/render/verify/names.hpp>
#include <dualstack/verify/resource.hpp>

#include <map>
#include <set>
#include <string>

namespace dualstack::render::verify {

namespace {

namespace dv = dualstack::verify;

Json labels()
{
  return { { "app.kubernetes.io/name", "dualstack-verify" },
           { "app.kubernetes.io/managed-by", "dualstack" } };
}

// Whether `resource` is read from one namespace only (its list path names it).
bool namespaced_read(dv::Resource resource)
{
  return std::string_view(dv::info(resource).list_path).find("/namespaces/") !=
         std::string_view::npos;
}

// Returns one rule per API group (groups in name order, resources sorted) for the resources
// `pick` selects.
Json rules(bool (*pick)(dv::Resource))
{
  std::map<std::string, std::set<std::string>> by_group;
  for (dv::Resource resource : dv::all_resources) {
    if (pick(resource)) {
      by_group[std::string(dv::info(resource).api_group)].insert(
        std::string(dv::info(resource).name));
    }
  }
  Json out = Json::array();
  for (const auto& [group, resources] : by_group) {
    out.push_back({ { "apiGroups", { group } },
                    { "resources", Json(resources) },
                    { "verbs", { "get", "list" } } });
  }
  return out;
}

Json service_account(const char* name, bool token)
{
  return { { "apiVersion", "v1" },
           { "kind", "ServiceAccount" },
           { "metadata",
             { { "name", name }, { "namespace", namespace_name }, { "labels", labels() } } },
           { "automountServiceAccountToken", token } };
}

Json subject()
{
  return Json::array({ { { "kind", "ServiceAccount" },
                         { "name", cluster_account },
                         { "namespace", namespace_name } } });
}

} // namespace

Json verify_namespace()
{
  return { { "apiVersion", "v1" },
           { "kind", "Namespace" },
           { "metadata", { { "name", namespace_name }, { "labels", labels() } } } };
}

std::vector<Json> rbac_documents()
{
  return {
    service_account(cluster_account, true),
    service_account(host_account, false),
    { { "apiVersion", "rbac.authorization.k8s.io/v1" },
      { "kind", "ClusterRole" },
      { "metadata", { { "name", cluster_account }, { "labels", labels() } } },
      { "rules", rules([](dv::Resource r) { return !namespaced_read(r); }) } },
    { { "apiVersion", "rbac.authorization.k8s.io/v1" },
      { "kind", "ClusterRoleBinding" },
      { "metadata", { { "name", cluster_account }, { "labels", labels() } } },
      { "roleRef",
        { { "apiGroup", "rbac.authorization.k8s.io" },
          { "kind", "ClusterRole" },
          { "name", cluster_account } } },
      { "subjects", subject() } },
    { { "apiVersion", "rbac.authorization.k8s.io/v1" },
      { "kind", "ClusterRole" },
      { "metadata", { { "name", configmap_role }, { "labels", labels() } } },
      { "rules", rules(namespaced_read) } },
    { { "apiVersion", "rbac.authorization.k8s.io/v1" },
      { "kind", "RoleBinding" },
      { "metadata",
        { { "name", cluster_account }, { "namespace", "kube-system" }, { "labels", labels() } } },
      { "roleRef",
        { { "apiGroup", "rbac.authorization.k8s.io" },
          { "kind", "ClusterRole" },
          { "name", configmap_role } } },
      { "subjects", subject() } },
  };
}

} // namespace dualstack::render::verify
