// Tests for the service checks: service-ip-families, service-cluster-ip-range,
// service-kubernetes-ip, service-dns-ip.
#include "verify_test_support.hpp"

namespace dualstack::verify::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

json external_name(const std::string& ns, const std::string& name)
{
  return {{"apiVersion", "v1"},
          {"kind", "Service"},
          {"metadata", {{"name", name}, {"namespace", ns}}},
          {"spec", {{"type", "ExternalName"}, {"externalName", "db.example.com"}}}};
}

std::vector<json> clean()
{
  auto services = clean_services();
  services.push_back(service("a", "single", "SingleStack", {"IPv4"}, {"10.96.1.1"}));
  services.push_back(service("a", "single6", "SingleStack", {"IPv6"}, {"fd00:10:96::101"}));
  services.push_back(service("a", "prefer", "PreferDualStack", {"IPv4", "IPv6"}, {"10.96.1.2", "fd00:10:96::102"}));
  services.push_back(service("a", "require", "RequireDualStack", {"IPv6", "IPv4"}, {"fd00:10:96::103", "10.96.1.3"}));
  services.push_back(service("a", "headless", "RequireDualStack", {"IPv4", "IPv6"}, {"None"}));
  services.push_back(external_name("a", "external"));
  return services;
}

TEST(ServiceChecks, PassCleanServices)
{
  const auto report = run(test_plan(), Resource::services, clean());
  EXPECT_THAT(report.findings, IsEmpty());
  EXPECT_EQ(result(report, "service-ip-families").objects, 8u);
  EXPECT_EQ(result(report, "service-cluster-ip-range").objects, 6u);
  EXPECT_EQ(result(report, "service-kubernetes-ip").status, CheckStatus::passed);
  EXPECT_EQ(result(report, "service-dns-ip").status, CheckStatus::passed);
}

TEST(ServiceChecks, FamiliesFlagsInconsistentPolicies)
{
  auto services = clean();
  services.push_back(service("b", "single-two", "SingleStack", {"IPv4", "IPv6"}, {"10.96.2.1", "fd00:10:96::201"}));
  services.push_back(service("b", "require-one", "RequireDualStack", {"IPv4"}, {"10.96.2.2"}));
  services.push_back(service("b", "mismatch", "RequireDualStack", {"IPv4", "IPv6"}, {"fd00:10:96::203", "10.96.2.3"}));
  services.push_back(service("b", "prefer-one", "PreferDualStack", {"IPv4"}, {"10.96.2.4"}));
  auto headless = service("b", "headless-ip", "SingleStack", {"IPv4"}, {"None", "10.96.2.5"});
  services.push_back(headless);
  auto ext = external_name("b", "external-ip");
  ext["spec"]["clusterIPs"] = {"10.96.2.6"};
  services.push_back(ext);
  const auto report = run(test_plan(), Resource::services, services);
  EXPECT_THAT(flagged(report, "service-ip-families"),
              ElementsAre("b/single-two", "b/require-one", "b/mismatch", "b/prefer-one",
                          "b/headless-ip", "b/external-ip"));
  EXPECT_EQ(report.findings[0].message, "service b/single-two: SingleStack with 2 families");
  EXPECT_EQ(report.findings[2].message, "service b/mismatch: clusterIPs[0] fd00:10:96::203 is not IPv4");
}

TEST(ServiceChecks, PreferDualStackIsSingleInASingleStackCluster)
{
  const auto report = run(test_plan(false), Resource::services,
                          {service("default", "kubernetes", "SingleStack", {"IPv4"}, {"10.96.0.1"}),
                           service("kube-system", "kube-dns", "SingleStack", {"IPv4"}, {"10.96.0.10"}),
                           service("a", "prefer", "PreferDualStack", {"IPv4"}, {"10.96.1.2"}),
                           service("a", "v6", "SingleStack", {"IPv6"}, {"fd00:10:96::1"})});
  EXPECT_THAT(flagged(report, "service-ip-families"), ElementsAre("a/v6"));
  EXPECT_EQ(report.findings[0].message, "service a/v6: ipFamily IPv6 is not enabled in the cluster");
}

TEST(ServiceChecks, RangeFlagsAClusterIpOutsideTheSubnet)
{
  auto services = clean();
  services.push_back(service("b", "outside", "PreferDualStack", {"IPv4", "IPv6"}, {"10.96.2.1", "fd00:10:97::1"}));
  const auto report = run(test_plan(), Resource::services, services);
  EXPECT_THAT(flagged(report, "service-cluster-ip-range"), ElementsAre("b/outside"));
  EXPECT_EQ(report.findings[0].message,
            "service b/outside: ClusterIP fd00:10:97::1 is outside the service subnet fd00:10:96::/108");
}

TEST(ServiceChecks, KubernetesAndDnsAtWrongIps)
{
  auto services = clean();
  services[0] = service("default", "kubernetes", "SingleStack", {"IPv4"}, {"10.96.0.2"});
  services[1] = service("kube-system", "kube-dns", "PreferDualStack", {"IPv4", "IPv6"}, {"10.96.0.10", "fd00:10:96::b"});
  const auto report = run(test_plan(), Resource::services, services);
  EXPECT_THAT(flagged(report, "service-kubernetes-ip"), ElementsAre("default/kubernetes"));
  EXPECT_THAT(flagged(report, "service-dns-ip"), ElementsAre("kube-system/kube-dns"));
  EXPECT_EQ(report.findings[1].expected, "10.96.0.10, fd00:10:96::a");
}

TEST(ServiceChecks, DualStackDnsAtThePlannedIpsPasses)
{
  auto services = clean();
  services[1] = service("kube-system", "kube-dns", "PreferDualStack", {"IPv4", "IPv6"}, {"10.96.0.10", "fd00:10:96::a"});
  EXPECT_THAT(run(test_plan(), Resource::services, services).findings, IsEmpty());
}

TEST(ServiceChecks, MissingKubernetesAndDnsAreFindings)
{
  auto services = clean();
  services.erase(services.begin(), services.begin() + 2);
  const auto report = run(test_plan(), Resource::services, services);
  EXPECT_THAT(flagged(report, "service-kubernetes-ip"), ElementsAre("default/kubernetes"));
  EXPECT_THAT(flagged(report, "service-dns-ip"), ElementsAre("kube-system/kube-dns"));
}

} // namespace
} // namespace dualstack::verify::testing
