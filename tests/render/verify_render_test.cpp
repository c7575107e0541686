// Tests of render_verify: every manifest passes its strict v1.31 schema, the ClusterRole grants
// get/list on exactly the resources verify reads, and the Job and DaemonSet run the right mode
// without privileges.
#include "render/support/example_plan.hpp"
#include "support/k8s_schema.hpp"

#include <dualstack/config/loader.hpp>
#include <dualstack/plan/derive.hpp>
#include <dualstack/render/render_all.hpp>
#include <dualstack/render/renderers.hpp>
#include <dualstack/verify/resource.hpp>

#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

namespace dualstack::render {
namespace {

using nlohmann::json;
using testing::artifact;
using testing::IsValidK8sYaml;
using testing::K8sSchemas;
using testing::parse_yaml_documents;

plan::Plan plan_of(const std::string& example)
{
  return testing::example_plan(example);
}

std::vector<json> documents(const Artifacts& artifacts, const std::string& path)
{
  return parse_yaml_documents(artifact(artifacts, path).content);
}

// Returns "group/resource" for every resource a ClusterRole's rules grant `verb` on.
std::set<std::string> granted(const json& role, const std::string& verb)
{
  std::set<std::string> out;
  for (const auto& rule : role["rules"]) {
    const auto& verbs = rule["verbs"];
    if (std::find(verbs.begin(), verbs.end(), verb) == verbs.end())
      continue;
    for (const auto& group : rule["apiGroups"]) {
      for (const auto& resource : rule["resources"]) {
        out.insert(group.get<std::string>() + "/" + resource.get<std::string>());
      }
    }
  }
  return out;
}

class VerifyRender : public ::testing::TestWithParam<const char*>
{};

TEST_P(VerifyRender, EveryManifestPassesItsSchema)
{
  const Artifacts artifacts = render_verify(plan_of(GetParam()));
  int yaml_files = 0;
  for (const auto& a : artifacts) {
    if (!a.path.ends_with(".yaml"))
      continue;
    ++yaml_files;
    for (std::size_t i = 0; auto doc : parse_yaml_documents(a.content)) {
      if (doc["kind"] == "RoleBinding") {
        // ../shared/schemas has no RoleBinding; its fields (metadata, roleRef, subjects) are
        // exactly ClusterRoleBinding's, so it is checked against that schema.
        doc["kind"] = "ClusterRoleBinding";
        EXPECT_EQ(doc["metadata"]["namespace"], "kube-system");
      }
      const auto errors = K8sSchemas::shared().validate(doc, i++);
      EXPECT_TRUE(errors.empty()) << a.path << ":\n" << testing::format_errors(errors);
    }
  }
  EXPECT_EQ(yaml_files, 4);
}

TEST_P(VerifyRender, TheRolesGrantGetAndListOnExactlyWhatVerifyReads)
{
  const auto rbac = documents(render_verify(plan_of(GetParam())), "verify/rbac.yaml");
  std::set<std::string> needed;
  for (verify::Resource resource : verify::all_resources) {
    needed.insert(std::string(verify::info(resource).api_group) + "/" +
                  std::string(verify::info(resource).name));
  }
  std::set<std::string> cluster_wide, kube_system;
  std::set<std::string> kinds;
  for (const auto& doc : rbac) {
    kinds.insert(doc["kind"].get<std::string>() + " " + doc["metadata"]["name"].get<std::string>());
    if (doc["kind"] != "ClusterRole")
      continue;
    EXPECT_EQ(granted(doc, "get"), granted(doc, "list"));
    for (const auto& rule : doc["rules"]) {
      EXPECT_EQ(rule["verbs"], json::array({ "get", "list" })) << "read-only";
      EXPECT_FALSE(rule.contains("nonResourceURLs"));
    }
    (doc["metadata"]["name"] == "dualstack-verify" ? cluster_wide : kube_system) =
      granted(doc, "list");
  }
  EXPECT_EQ(kube_system, std::set<std::string>{ "/configmaps" }); // bound in kube-system only
  std::set<std::string> all = cluster_wide;
  all.insert(kube_system.begin(), kube_system.end());
  EXPECT_EQ(all, needed);
  EXPECT_EQ(cluster_wide.count("/configmaps"), 0u);
  EXPECT_EQ(cluster_wide.count("/secrets"), 0u);
  EXPECT_EQ(kinds,
            (std::set<std::string>{ "ServiceAccount dualstack-verify",
                                    "ServiceAccount dualstack-verify-host",
                                    "ClusterRole dualstack-verify",
                                    "ClusterRoleBinding dualstack-verify",
                                    "ClusterRole dualstack-verify-kube-system-configmaps",
                                    "RoleBinding dualstack-verify" }));
  for (const auto& doc : rbac) {
    if (doc["kind"] == "ServiceAccount") {
      EXPECT_EQ(doc["automountServiceAccountToken"], doc["metadata"]["name"] == "dualstack-verify");
    }
    if (doc["kind"].get<std::string>().ends_with("RoleBinding")) {
      EXPECT_EQ(
        doc["subjects"],
        json::parse(
          R"([{"kind":"ServiceAccount","name":"dualstack-verify","namespace":"dualstack-verify"}])"));
    }
  }
}

TEST_P(VerifyRender, TheJobVerifiesInClusterWithTheBoundAccount)
{
  const plan::Plan plan = plan_of(GetParam());
  const json job = documents(render_verify(plan), "verify/job.yaml").at(0);
  const json& pod = job["spec"]["template"]["spec"];
  EXPECT_EQ(pod["serviceAccountName"], "dualstack-verify");
  EXPECT_EQ(pod["restartPolicy"], "Never");
  EXPECT_EQ(job["spec"]["backoffLimit"], 0);
  EXPECT_EQ(job["metadata"]["labels"]["app.kubernetes.io/part-of"], plan.cluster_name);
  const json& container = pod["containers"][0];
  EXPECT_EQ(container["command"], json::array({ "dualstack" }));
  EXPECT_EQ(
    container["args"],
    json::parse(
      R"(["verify","/etc/dualstack/config.toml","--in-cluster","--format","json","--quiet"])"));
  EXPECT_EQ(container["securityContext"]["allowPrivilegeEscalation"], false);
  EXPECT_EQ(container["securityContext"]["capabilities"]["drop"], json::array({ "ALL" }));
  EXPECT_EQ(pod["securityContext"]["runAsNonRoot"], true);
  EXPECT_EQ(pod["volumes"][0]["configMap"]["name"], "dualstack-config");
}

TEST_P(VerifyRender, TheDaemonSetChecksEveryNodeWithoutApiAccess)
{
  const json ds = documents(render_verify(plan_of(GetParam())), "verify/daemonset.yaml").at(0);
  const json& pod = ds["spec"]["template"]["spec"];
  EXPECT_EQ(pod["hostNetwork"], true);
  EXPECT_EQ(pod["automountServiceAccountToken"], false);
  EXPECT_EQ(pod["serviceAccountName"], "dualstack-verify-host");
  EXPECT_EQ(pod["tolerations"], json::parse(R"([{"operator":"Exists"}])"));
  const json& container = pod["containers"][0];
  const std::string script = container["command"][2];
  EXPECT_NE(script.find("dualstack verify /etc/dualstack/config.toml --host --node \"$NODE_NAME\" "
                        "--format json --quiet\n"),
            std::string::npos)
    << script;
  EXPECT_EQ(container["env"][0]["valueFrom"]["fieldRef"]["fieldPath"], "spec.nodeName");
  EXPECT_FALSE(container["securityContext"].contains("privileged"));
  EXPECT_EQ(ds["spec"]["selector"]["matchLabels"]["app.kubernetes.io/name"],
            ds["spec"]["template"]["metadata"]["labels"]["app.kubernetes.io/name"]);
}

TEST_P(VerifyRender, IsAPartOfRenderAll)
{
  const plan::Plan plan = plan_of(GetParam());
  const Artifacts only = render_parts(plan, Secrets{}, { Part::verify });
  std::set<std::string> paths;
  for (const auto& a : only) {
    paths.insert(a.path);
    EXPECT_EQ(part_of_path(a.path), Part::verify) << a.path;
    EXPECT_FALSE(a.purpose.empty()) << a.path;
    EXPECT_EQ(a.host, a.path.ends_with(".yaml") ? "cluster" : "operator");
  }
  EXPECT_EQ(paths,
            (std::set<std::string>{ "verify/README.md",
                                    "verify/namespace.yaml",
                                    "verify/rbac.yaml",
                                    "verify/job.yaml",
                                    "verify/daemonset.yaml" }));
}

INSTANTIATE_TEST_SUITE_P(Examples, VerifyRender, ::testing::Values("seed", "yaook-default"));

} // namespace
} // namespace dualstack::render
