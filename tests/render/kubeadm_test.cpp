// Tests for render_kubeadm: every document passes kubeadm-fields.json, and the files carry the
// Plan's subnets, endpoint, SANs, node IPs and DNS addresses in primary-family order, in the
// kubeadm API the Kubernetes version reads.
#include "support/kubeadm_schema.hpp"

#include <dualstack/config/loader.hpp>
#include <dualstack/plan/derive.hpp>
#include <dualstack/render/kubeadm/plan_values.hpp>
#include <dualstack/render/renderers.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <map>
#include <string>
#include <vector>

namespace dualstack::render {
namespace {

using json = nlohmann::json;
using net::Family;
using plan::HostRole;
using plan::Plan;

// IPv4-only, Kubernetes 1.30 (v1beta3), one master.
constexpr const char* ipv4_only_config = R"(
[terraform]
cluster_name = "c4"
subnet_cidr = "10.1.0.0/24"
ipv6_enabled = false
gateway_count = 2
masters = 1
workers = 2
[load-balancing]
vrrp_priorities = [150, 100]
[kubernetes]
version = "1.30.2"
[kubernetes.apiserver]
frontend_port = 8888
[kubernetes.kubelet]
pod_limit = 64
)";

// IPv6-only, Kubernetes 1.31.0 (v1beta4), three masters.
constexpr const char* ipv6_only_config = R"(
[terraform]
cluster_name = "c6"
ipv4_enabled = false
ipv6_enabled = true
subnet_v6_cidr = "fd00:10::/120"
gateway_count = 2
masters = 3
workers = 1
[load-balancing]
vrrp_priorities = [150, 100]
[kubernetes]
version = "1.31.0"
[kubernetes.apiserver]
frontend_port = 8888
[kubernetes.network]
pod_subnet_v6 = "fdff:2::/56"
service_subnet_v6 = "fdff:3::/108"
)";

// Dual-stack with IPv6 primary, Kubernetes 1.32 (v1beta4), two masters.
constexpr const char* ipv6_primary_config = R"(
[terraform]
cluster_name = "c46"
subnet_cidr = "10.2.0.0/24"
ipv6_enabled = true
subnet_v6_cidr = "fd00:20::/120"
gateway_count = 3
masters = 2
workers = 2
[load-balancing]
vrrp_priorities = [150, 100, 50]
[kubernetes]
version = "1.32.1"
[kubernetes.apiserver]
frontend_port = 8443
[kubernetes.network]
primary_family = "ipv6"
)";

std::string describe(const Findings& findings)
{
  std::string text;
  for (const auto& f : findings.all())
    text += f.rule + ": " + f.message + "\n";
  return text;
}

Plan derive(tl::expected<config::LoadResult, Finding> loaded)
{
  if (!loaded)
    throw std::runtime_error("config does not load: " + loaded.error().message);
  auto result = plan::derive_plan(loaded->config, loaded->findings);
  if (!result.plan)
    throw std::runtime_error("config has errors:\n" + describe(result.findings));
  return *result.plan;
}

Plan plan_from_text(const std::string& text)
{
  return derive(config::load_config_text(text, "test.toml"));
}

Plan plan_from_example(const std::string& name)
{
  return derive(config::load_config_file(std::string(DUALSTACK_SOURCE_DIR) + "/examples/" + name +
                                         "/config.toml"));
}

// Returns `text` with the first `from` replaced by `to`.
std::string replaced(std::string text, const std::string& from, const std::string& to)
{
  text.replace(text.find(from), from.size(), to);
  return text;
}

struct Shape
{
  std::string name;
  Plan plan;
};

std::vector<Shape> all_shapes()
{
  return { { "examples/seed (1.24)", plan_from_example("seed") },
           { "examples/yaook-default (1.31)", plan_from_example("yaook-default") },
           { "IPv4-only (1.30)", plan_from_text(ipv4_only_config) },
           { "IPv6-only (1.31)", plan_from_text(ipv6_only_config) },
           { "dual-stack, IPv6 primary (1.32)", plan_from_text(ipv6_primary_config) } };
}

// The rendered documents of every node, by node name.
std::map<std::string, std::vector<json>> render_documents(const Plan& plan)
{
  std::map<std::string, std::vector<json>> out;
  for (const auto& artifact : render_kubeadm(plan)) {
    out[artifact.host] = dualstack::testing::parse_yaml_documents(artifact.content);
  }
  return out;
}

// Returns the document of `kind` among `documents`; fails the test when there is none.
json document(const std::vector<json>& documents, const std::string& kind)
{
  for (const auto& doc : documents) {
    if (doc.value("kind", "") == kind)
      return doc;
  }
  ADD_FAILURE() << "no " << kind << " document";
  return json::object();
}

std::vector<std::string> kinds(const std::vector<json>& documents)
{
  std::vector<std::string> out;
  for (const auto& doc : documents)
    out.push_back(doc.value("kind", ""));
  return out;
}

// Returns an extraArgs value by name in either API shape (map or [{name, value}]).
std::optional<std::string> arg(const json& args, const std::string& name)
{
  if (args.is_object()) {
    if (args.contains(name))
      return args[name].get<std::string>();
    return std::nullopt;
  }
  for (const auto& item : args) {
    if (item["name"] == name)
      return item["value"].get<std::string>();
  }
  return std::nullopt;
}

std::string joined(const std::vector<std::string>& items)
{
  std::string out;
  for (const auto& item : items)
    out += (out.empty() ? "" : ",") + item;
  return out;
}

const plan::Host& first_master(const Plan& plan)
{
  return *plan.hosts_with(HostRole::master).front();
}

// --- files and schema ------------------------------------------------------------------------

TEST(KubeadmRender, WritesOneFileForEveryKubernetesNodeAndNoneForGateways)
{
  for (const auto& shape : all_shapes()) {
    const Artifacts artifacts = render_kubeadm(shape.plan);
    const auto nodes = shape.plan.k8s_nodes();
    ASSERT_EQ(artifacts.size(), nodes.size()) << shape.name;
    for (std::size_t i = 0; i < nodes.size(); ++i) {
      EXPECT_EQ(artifacts[i].path, "kubeadm/" + nodes[i]->name + "/kubeadm.yaml");
      EXPECT_EQ(artifacts[i].host, nodes[i]->name);
      EXPECT_EQ(artifacts[i].target_path, "/etc/kubernetes/kubeadm.yaml");
      EXPECT_FALSE(artifacts[i].purpose.empty());
      EXPECT_FALSE(artifacts[i].secret) << "placeholders only, no secret is rendered";
    }
  }
}

TEST(KubeadmRender, EveryDocumentPassesKubeadmFieldsForEveryFamilyShape)
{
  for (const auto& shape : all_shapes()) {
    for (const auto& artifact : render_kubeadm(shape.plan)) {
      EXPECT_TRUE(dualstack::testing::IsValidKubeadmYaml(artifact.content))
        << shape.name << " " << artifact.path;
    }
  }
}

TEST(KubeadmRender, IsByteIdenticalAcrossRuns)
{
  for (const auto& shape : all_shapes()) {
    const Artifacts first = render_kubeadm(shape.plan);
    const Artifacts second = render_kubeadm(shape.plan);
    ASSERT_EQ(first.size(), second.size());
    for (std::size_t i = 0; i < first.size(); ++i)
      EXPECT_EQ(first[i].content, second[i].content) << shape.name;
  }
}

TEST(KubeadmRender, FirstMasterInitsWithClusterKubeletAndKubeProxyConfigAndOthersOnlyJoin)
{
  for (const auto& shape : all_shapes()) {
    const auto docs = render_documents(shape.plan);
    const std::string first = first_master(shape.plan).name;
    for (const plan::Host* node : shape.plan.k8s_nodes()) {
      if (node->name == first) {
        EXPECT_EQ(kinds(docs.at(node->name)),
                  (std::vector<std::string>{ "InitConfiguration",
                                             "ClusterConfiguration",
                                             "KubeletConfiguration",
                                             "KubeProxyConfiguration" }))
          << shape.name;
      } else {
        EXPECT_EQ(kinds(docs.at(node->name)), (std::vector<std::string>{ "JoinConfiguration" }))
          << shape.name << " " << node->name;
      }
    }
  }
}

// --- API version ------------------------------------------------------------------------------

TEST(KubeadmApiVersion, SwitchesFromV1beta3ToV1beta4At1_31)
{
  EXPECT_EQ(kubeadm::select_api("1.24.10").api_version, "kubeadm.k8s.io/v1beta3");
  EXPECT_EQ(kubeadm::select_api("1.30.14").api_version, "kubeadm.k8s.io/v1beta3");
  EXPECT_EQ(kubeadm::select_api("v1.30.0").api_version, "kubeadm.k8s.io/v1beta3");
  EXPECT_EQ(kubeadm::select_api("1.31.0").api_version, "kubeadm.k8s.io/v1beta4");
  EXPECT_EQ(kubeadm::select_api("v1.31.4").api_version, "kubeadm.k8s.io/v1beta4");
  EXPECT_EQ(kubeadm::select_api("1.33").api_version, "kubeadm.k8s.io/v1beta4");
  EXPECT_EQ(kubeadm::select_api("2.0.0").api_version, "kubeadm.k8s.io/v1beta4");
  EXPECT_FALSE(kubeadm::select_api("1.30.2").extra_args_as_list);
  EXPECT_TRUE(kubeadm::select_api("1.31.0").extra_args_as_list);
}

TEST(KubeadmRender, UsesV1beta3WithMapExtraArgsBefore1_31)
{
  const Plan plan = plan_from_text(ipv4_only_config); // 1.30.2
  const auto docs = render_documents(plan);
  const auto& init_docs = docs.at(first_master(plan).name);
  const json init = document(init_docs, "InitConfiguration");
  const json cluster = document(init_docs, "ClusterConfiguration");
  EXPECT_EQ(init["apiVersion"], "kubeadm.k8s.io/v1beta3");
  EXPECT_EQ(cluster["apiVersion"], "kubeadm.k8s.io/v1beta3");
  EXPECT_TRUE(init["nodeRegistration"]["kubeletExtraArgs"].is_object());
  EXPECT_TRUE(cluster["controllerManager"]["extraArgs"].is_object());
  EXPECT_EQ(cluster["kubernetesVersion"], "v1.30.2");
  const json join = document(docs.at("c4-worker-0"), "JoinConfiguration");
  EXPECT_EQ(join["apiVersion"], "kubeadm.k8s.io/v1beta3");
  EXPECT_TRUE(join["nodeRegistration"]["kubeletExtraArgs"].is_object());
}

TEST(KubeadmRender, UsesV1beta4WithListExtraArgsFrom1_31)
{
  const Plan plan = plan_from_text(replaced(ipv4_only_config, "1.30.2", "1.31.0"));
  const auto docs = render_documents(plan);
  const auto& init_docs = docs.at(first_master(plan).name);
  const json init = document(init_docs, "InitConfiguration");
  const json cluster = document(init_docs, "ClusterConfiguration");
  EXPECT_EQ(init["apiVersion"], "kubeadm.k8s.io/v1beta4");
  EXPECT_EQ(cluster["apiVersion"], "kubeadm.k8s.io/v1beta4");
  EXPECT_EQ(init["nodeRegistration"]["kubeletExtraArgs"],
            json::parse(R"([{"name": "node-ip", "value": "10.1.0.10"}])"));
  EXPECT_TRUE(cluster["controllerManager"]["extraArgs"].is_array());
  EXPECT_EQ(document(docs.at("c4-worker-0"), "JoinConfiguration")["apiVersion"],
            "kubeadm.k8s.io/v1beta4");
}

TEST(KubeadmRender, ComponentConfigsKeepTheirOwnApiVersions)
{
  const auto docs = render_documents(plan_from_example("yaook-default"));
  const auto& init_docs = docs.at("managed-k8s-master-0");
  EXPECT_EQ(document(init_docs, "KubeletConfiguration")["apiVersion"],
            "kubelet.config.k8s.io/v1beta1");
  EXPECT_EQ(document(init_docs, "KubeProxyConfiguration")["apiVersion"],
            "kubeproxy.config.k8s.io/v1alpha1");
}

// --- ClusterConfiguration ---------------------------------------------------------------------

TEST(KubeadmRender, PodAndServiceSubnetsFollowThePrimaryFamily)
{
  {
    const Plan plan = plan_from_example("yaook-default");
    const json cluster =
      document(render_documents(plan).at("managed-k8s-master-0"), "ClusterConfiguration");
    EXPECT_EQ(cluster["networking"]["podSubnet"], "10.244.0.0/16,fdff:2::/56");
    EXPECT_EQ(cluster["networking"]["serviceSubnet"], "10.96.0.0/12,fdff:3::/108");
  }
  {
    const Plan plan = plan_from_text(ipv6_primary_config);
    const json cluster =
      document(render_documents(plan).at("c46-master-0"), "ClusterConfiguration");
    EXPECT_EQ(cluster["networking"]["podSubnet"], "fdff:2::/56,10.244.0.0/16");
    EXPECT_EQ(cluster["networking"]["serviceSubnet"], "fdff:3::/108,10.96.0.0/12");
  }
  for (const auto& shape : all_shapes()) {
    std::vector<std::string> pods;
    std::vector<std::string> services;
    for (const auto& [family, network] : shape.plan.networks) {
      pods.push_back(network.pod_subnet.to_string());
      services.push_back(network.service_subnet.to_string());
    }
    const json cluster = document(render_documents(shape.plan).at(first_master(shape.plan).name),
                                  "ClusterConfiguration");
    EXPECT_EQ(cluster["networking"]["podSubnet"], joined(pods)) << shape.name;
    EXPECT_EQ(cluster["networking"]["serviceSubnet"], joined(services)) << shape.name;
  }
}

TEST(KubeadmRender, ClusterConfigurationTakesEndpointSansAndVersionFromThePlan)
{
  for (const auto& shape : all_shapes()) {
    const json cluster = document(render_documents(shape.plan).at(first_master(shape.plan).name),
                                  "ClusterConfiguration");
    EXPECT_EQ(cluster["controlPlaneEndpoint"], shape.plan.api.control_plane_endpoint) << shape.name;
    EXPECT_EQ(cluster["apiServer"]["certSANs"].get<std::vector<std::string>>(),
              shape.plan.api.cert_sans)
      << shape.name;
    EXPECT_EQ(cluster["kubernetesVersion"], "v" + shape.plan.kubernetes_version) << shape.name;
    EXPECT_EQ(cluster["clusterName"], shape.plan.cluster_name) << shape.name;
  }
  const json cluster = document(
    render_documents(plan_from_text(ipv6_only_config)).at("c6-master-0"), "ClusterConfiguration");
  EXPECT_EQ(cluster["controlPlaneEndpoint"], "[fd00:10::2]:8888");
}

TEST(KubeadmRender, CertSansHoldBothVipsInADualStackCluster)
{
  const json cluster =
    document(render_documents(plan_from_example("yaook-default")).at("managed-k8s-master-0"),
             "ClusterConfiguration");
  EXPECT_EQ(cluster["apiServer"]["certSANs"], json::parse(R"(["172.30.154.2", "fd00::2"])"));
}

TEST(KubeadmRender, ControllerManagerGetsANodeMaskPerEnabledFamily)
{
  {
    const Plan plan = plan_from_example("yaook-default");
    const json args = document(render_documents(plan).at("managed-k8s-master-0"),
                               "ClusterConfiguration")["controllerManager"]["extraArgs"];
    EXPECT_EQ(arg(args, "node-cidr-mask-size-ipv4"),
              std::to_string(plan.network(Family::ipv4).node_cidr_mask_size));
    EXPECT_EQ(arg(args, "node-cidr-mask-size-ipv6"),
              std::to_string(plan.network(Family::ipv6).node_cidr_mask_size));
    EXPECT_EQ(arg(args, "node-cidr-mask-size-ipv4"), "24");
    EXPECT_EQ(arg(args, "node-cidr-mask-size-ipv6"), "64");
    EXPECT_EQ(arg(args, "node-cidr-mask-size"), std::nullopt);
    EXPECT_EQ(arg(args, "service-cluster-ip-range"), "10.96.0.0/12,fdff:3::/108");
  }
  for (const char* config : { ipv4_only_config, ipv6_only_config }) {
    const Plan plan = plan_from_text(config);
    const json args = document(render_documents(plan).at(first_master(plan).name),
                               "ClusterConfiguration")["controllerManager"]["extraArgs"];
    EXPECT_EQ(arg(args, "node-cidr-mask-size"),
              std::to_string(plan.networks.primary().node_cidr_mask_size));
    EXPECT_EQ(arg(args, "node-cidr-mask-size-ipv4"), std::nullopt);
    EXPECT_EQ(arg(args, "node-cidr-mask-size-ipv6"), std::nullopt);
    EXPECT_EQ(arg(args, "service-cluster-ip-range"),
              plan.networks.primary().service_subnet.to_string());
  }
}

// --- Init / Join -------------------------------------------------------------------------------

TEST(KubeadmRender, InitAdvertisesTheFirstMastersPrimaryAddressOnThePlansBindPort)
{
  for (const auto& shape : all_shapes()) {
    const plan::Host& master = first_master(shape.plan);
    const json init = document(render_documents(shape.plan).at(master.name), "InitConfiguration");
    EXPECT_EQ(init["localAPIEndpoint"]["advertiseAddress"], master.addresses.primary().to_string())
      << shape.name;
    EXPECT_EQ(init["localAPIEndpoint"]["bindPort"], shape.plan.api.bind_port) << shape.name;
    EXPECT_EQ(init["nodeRegistration"]["name"], master.name) << shape.name;
  }
  const json init = document(
    render_documents(plan_from_text(ipv6_primary_config)).at("c46-master-0"), "InitConfiguration");
  EXPECT_EQ(init["localAPIEndpoint"]["advertiseAddress"], "fd00:20::a");
}

TEST(KubeadmRender, NodeIpListsEveryFamilyPrimaryFirst)
{
  for (const auto& shape : all_shapes()) {
    for (const auto& [name, docs] : render_documents(shape.plan)) {
      const plan::Host* host = shape.plan.host(name);
      ASSERT_NE(host, nullptr);
      std::vector<std::string> addresses;
      for (const auto& [family, address] : host->addresses)
        addresses.push_back(address.to_string());
      const json& registration = docs.front()["nodeRegistration"];
      EXPECT_EQ(registration["name"], name);
      EXPECT_EQ(arg(registration["kubeletExtraArgs"], "node-ip"), joined(addresses))
        << shape.name << " " << name;
    }
  }
  const auto v4_primary = render_documents(plan_from_example("yaook-default"));
  EXPECT_EQ(
    arg(v4_primary.at("managed-k8s-worker-1").front()["nodeRegistration"]["kubeletExtraArgs"],
        "node-ip"),
    "172.30.154.14,fd00::e");
  const auto v6_primary = render_documents(plan_from_text(ipv6_primary_config));
  EXPECT_EQ(
    arg(v6_primary.at("c46-worker-0").front()["nodeRegistration"]["kubeletExtraArgs"], "node-ip"),
    "fd00:20::c,10.2.0.12");
}

TEST(KubeadmRender, JoinDiscoversThroughTheControlPlaneEndpointWithPlaceholderToken)
{
  for (const auto& shape : all_shapes()) {
    const std::string first = first_master(shape.plan).name;
    for (const auto& [name, docs] : render_documents(shape.plan)) {
      if (name == first)
        continue;
      const json join = document(docs, "JoinConfiguration");
      const json& token = join["discovery"]["bootstrapToken"];
      EXPECT_EQ(token["apiServerEndpoint"], shape.plan.api.control_plane_endpoint) << shape.name;
      EXPECT_EQ(token["token"], "${KUBEADM_BOOTSTRAP_TOKEN}") << shape.name;
      EXPECT_EQ(token["caCertHashes"], json::array({ "${KUBEADM_CA_CERT_HASH}" })) << shape.name;
    }
  }
}

TEST(KubeadmRender, MastersJoinAsControlPlaneOnTheirOwnPrimaryAddressWorkersDoNot)
{
  for (const auto& shape : all_shapes()) {
    const auto docs = render_documents(shape.plan);
    const std::string first = first_master(shape.plan).name;
    for (const plan::Host* node : shape.plan.k8s_nodes()) {
      if (node->name == first)
        continue;
      const json join = document(docs.at(node->name), "JoinConfiguration");
      if (node->role == HostRole::master) {
        ASSERT_TRUE(join.contains("controlPlane")) << shape.name << " " << node->name;
        EXPECT_EQ(join["controlPlane"]["localAPIEndpoint"]["advertiseAddress"],
                  node->addresses.primary().to_string());
        EXPECT_EQ(join["controlPlane"]["localAPIEndpoint"]["bindPort"], shape.plan.api.bind_port);
        EXPECT_EQ(join["controlPlane"]["certificateKey"], "${KUBEADM_CERTIFICATE_KEY}");
      } else {
        EXPECT_FALSE(join.contains("controlPlane")) << shape.name << " " << node->name;
      }
    }
  }
}

TEST(KubeadmRender, InitSharesTheBootstrapTokenPlaceholderAndUploadsCertsOnlyWithSeveralMasters)
{
  const json single = document(render_documents(plan_from_text(ipv4_only_config)).at("c4-master-0"),
                               "InitConfiguration");
  EXPECT_EQ(single["bootstrapTokens"][0]["token"], "${KUBEADM_BOOTSTRAP_TOKEN}");
  EXPECT_FALSE(single.contains("certificateKey"));
  const json several = document(
    render_documents(plan_from_text(ipv6_only_config)).at("c6-master-0"), "InitConfiguration");
  EXPECT_EQ(several["certificateKey"], "${KUBEADM_CERTIFICATE_KEY}");
}

// --- component configs -------------------------------------------------------------------------

TEST(KubeadmRender, KubeletGetsTheDnsServiceIpOfEachFamilyPrimaryFirstAndThePodLimit)
{
  for (const auto& shape : all_shapes()) {
    std::vector<std::string> dns;
    for (const auto& [family, network] : shape.plan.networks)
      dns.push_back(network.dns_service_ip.to_string());
    const json kubelet = document(render_documents(shape.plan).at(first_master(shape.plan).name),
                                  "KubeletConfiguration");
    EXPECT_EQ(kubelet["clusterDNS"].get<std::vector<std::string>>(), dns) << shape.name;
    EXPECT_EQ(kubelet["maxPods"], shape.plan.pod_limit) << shape.name;
  }
  const json kubelet =
    document(render_documents(plan_from_text(ipv6_primary_config)).at("c46-master-0"),
             "KubeletConfiguration");
  EXPECT_EQ(kubelet["clusterDNS"], json::parse(R"(["fdff:3::a", "10.96.0.10"])"));
  const json small = document(render_documents(plan_from_text(ipv4_only_config)).at("c4-master-0"),
                              "KubeletConfiguration");
  EXPECT_EQ(small["maxPods"], 64);
}

TEST(KubeadmRender, KubeProxyClusterCidrHasEveryPodSubnetAndBindsThePrimaryFamily)
{
  for (const auto& shape : all_shapes()) {
    std::vector<std::string> pods;
    for (const auto& [family, network] : shape.plan.networks)
      pods.push_back(network.pod_subnet.to_string());
    const json proxy = document(render_documents(shape.plan).at(first_master(shape.plan).name),
                                "KubeProxyConfiguration");
    EXPECT_EQ(proxy["clusterCIDR"], joined(pods)) << shape.name;
    EXPECT_EQ(proxy["bindAddress"], shape.plan.primary() == Family::ipv6 ? "::" : "0.0.0.0")
      << shape.name;
  }
  EXPECT_EQ(document(render_documents(plan_from_text(ipv6_only_config)).at("c6-master-0"),
                     "KubeProxyConfiguration")["bindAddress"],
            "::");
  EXPECT_EQ(
    document(render_documents(plan_from_example("yaook-default")).at("managed-k8s-master-0"),
             "KubeProxyConfiguration")["bindAddress"],
    "0.0.0.0");
}

TEST(KubeadmRender, QuotesStringsSoAddressesAndPlaceholdersStayStrings)
{
  const Artifacts artifacts = render_kubeadm(plan_from_text(ipv6_only_config));
  const std::string& join = artifacts.back().content;
  EXPECT_NE(join.find("token: \"${KUBEADM_BOOTSTRAP_TOKEN}\""), std::string::npos) << join;
  const std::string& init = artifacts.front().content;
  EXPECT_NE(init.find("bindAddress: \"::\""), std::string::npos) << init;
  EXPECT_NE(init.find("maxPods: 110\n"), std::string::npos) << init;
}

} // namespace
} // namespace dualstack::render
