// render_verify: the in-cluster verify (namespace, RBAC, Job, DaemonSet) and its guide.
#include <dualstack/render/renderers.hpp>

#include <dualstack/render/file_header.hpp>
#include <dualstack/render/verify/rbac.hpp>
#include <dualstack/render/verify/readme.hpp>
#include <dualstack/render/verify/workloads.hpp>
#include <dualstack/render/yaml.hpp>

#include <fmt/format.h>

namespace dualstack::render {

namespace {

Artifact cluster_file(const plan::Plan& plan,
                      std::string path,
                      std::string_view what,
                      std::string purpose,
                      const std::vector<Json>& documents)
{
  Artifact a;
  a.host = "cluster";
  a.mode = 0644;
  a.purpose = std::move(purpose);
  a.content = yaml_stream(
    file_header(plan, what, fmt::format("kubectl apply -f {} (see verify/README.md)", path)),
    documents);
  a.path = std::move(path);
  return a;
}

} // namespace

Artifacts render_verify(const plan::Plan& plan)
{
  using namespace verify;
  Artifacts out;
  Artifact guide;
  guide.path = "verify/README.md";
  guide.host = "operator";
  guide.mode = 0644;
  guide.purpose = "In-cluster verify: how to run the Job and DaemonSet and gather their reports";
  guide.content = readme(plan);
  out.push_back(std::move(guide));
  out.push_back(cluster_file(plan,
                             "verify/namespace.yaml",
                             "Namespace of the in-cluster verify",
                             "In-cluster verify: its namespace",
                             { verify_namespace() }));
  out.push_back(cluster_file(
    plan,
    "verify/rbac.yaml",
    "Least-privilege access of the in-cluster verify",
    "In-cluster verify: ServiceAccounts, get/list on exactly the resources verify reads",
    rbac_documents()));
  out.push_back(cluster_file(plan,
                             "verify/job.yaml",
                             "Job running `dualstack verify --in-cluster`",
                             "In-cluster verify: the cluster checks through the API, once",
                             { verify_job(plan) }));
  out.push_back(
    cluster_file(plan,
                 "verify/daemonset.yaml",
                 "DaemonSet running `dualstack verify --host` on every node",
                 "In-cluster verify: the node checks (addresses, routes, forwarding) on every node",
                 { verify_daemonset(plan) }));
  return out;
}

} // namespace dualstack::render
