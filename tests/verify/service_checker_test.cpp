// Tests for the service checks: service-ip-families, service-cluster-ip-range,
// service-kubernetes-ip, service-dns-ip, service-loadbalancer-ips.
#include "verify_test_support.hpp"

namespace dualstack::verify::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

json external_name(const std::string& ns, const std::string& name)
{
  return { { "apiVersion", "v1" },
           { "kind", "Service" },
           { "metadata", { { "name", name }, { "namespace", ns } } },
           { "spec", { { "type", "ExternalName" }, { "externalName", "db.example.com" } } } };
}

std::vector<json> clean()
{
  auto services = clean_services();
  services.push_back(service("a", "single", "SingleStack", { "IPv4" }, { "10.96.1.1" }));
  services.push_back(service("a", "single6", "SingleStack", { "IPv6" }, { "fd00:10:96::101" }));
  services.push_back(service(
    "a", "prefer", "PreferDualStack", { "IPv4", "IPv6" }, { "10.96.1.2", "fd00:10:96::102" }));
  services.push_back(service(
    "a", "require", "RequireDualStack", { "IPv6", "IPv4" }, { "fd00:10:96::103", "10.96.1.3" }));
  services.push_back(service("a", "headless", "RequireDualStack", { "IPv4", "IPv6" }, { "None" }));
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
  services.push_back(service(
    "b", "single-two", "SingleStack", { "IPv4", "IPv6" }, { "10.96.2.1", "fd00:10:96::201" }));
  services.push_back(service("b", "require-one", "RequireDualStack", { "IPv4" }, { "10.96.2.2" }));
  services.push_back(service(
    "b", "mismatch", "RequireDualStack", { "IPv4", "IPv6" }, { "fd00:10:96::203", "10.96.2.3" }));
  services.push_back(service("b", "prefer-one", "PreferDualStack", { "IPv4" }, { "10.96.2.4" }));
  auto headless = service("b", "headless-ip", "SingleStack", { "IPv4" }, { "None", "10.96.2.5" });
  services.push_back(headless);
  auto ext = external_name("b", "external-ip");
  ext["spec"]["clusterIPs"] = { "10.96.2.6" };
  services.push_back(ext);
  const auto report = run(test_plan(), Resource::services, services);
  EXPECT_THAT(flagged(report, "service-ip-families"),
              ElementsAre("b/single-two",
                          "b/require-one",
                          "b/mismatch",
                          "b/prefer-one",
                          "b/headless-ip",
                          "b/external-ip"));
  EXPECT_EQ(report.findings[0].message, "service b/single-two: SingleStack with 2 families");
  EXPECT_EQ(report.findings[2].message,
            "service b/mismatch: clusterIPs[0] fd00:10:96::203 is not IPv4");
}

TEST(ServiceChecks, PreferDualStackIsSingleInASingleStackCluster)
{
  const auto report =
    run(test_plan(false),
        Resource::services,
        { service("default", "kubernetes", "SingleStack", { "IPv4" }, { "10.96.0.1" }),
          service("kube-system", "kube-dns", "SingleStack", { "IPv4" }, { "10.96.0.10" }),
          service("a", "prefer", "PreferDualStack", { "IPv4" }, { "10.96.1.2" }),
          service("a", "v6", "SingleStack", { "IPv6" }, { "fd00:10:96::1" }) });
  EXPECT_THAT(flagged(report, "service-ip-families"), ElementsAre("a/v6"));
  EXPECT_EQ(report.findings[0].message,
            "service a/v6: ipFamily IPv6 is not enabled in the cluster");
}

TEST(ServiceChecks, RangeFlagsAClusterIpOutsideTheSubnet)
{
  auto services = clean();
  services.push_back(service(
    "b", "outside", "PreferDualStack", { "IPv4", "IPv6" }, { "10.96.2.1", "fd00:10:97::1" }));
  const auto report = run(test_plan(), Resource::services, services);
  EXPECT_THAT(flagged(report, "service-cluster-ip-range"), ElementsAre("b/outside"));
  EXPECT_EQ(
    report.findings[0].message,
    "service b/outside: ClusterIP fd00:10:97::1 is outside the service subnet fd00:10:96::/108");
}

TEST(ServiceChecks, KubernetesAndDnsAtWrongIps)
{
  auto services = clean();
  services[0] = service("default", "kubernetes", "SingleStack", { "IPv4" }, { "10.96.0.2" });
  services[1] = service("kube-system",
                        "kube-dns",
                        "PreferDualStack",
                        { "IPv4", "IPv6" },
                        { "10.96.0.10", "fd00:10:96::b" });
  const auto report = run(test_plan(), Resource::services, services);
  EXPECT_THAT(flagged(report, "service-kubernetes-ip"), ElementsAre("default/kubernetes"));
  EXPECT_THAT(flagged(report, "service-dns-ip"), ElementsAre("kube-system/kube-dns"));
  EXPECT_EQ(report.findings[1].expected, "10.96.0.10, fd00:10:96::a");
}

TEST(ServiceChecks, DualStackDnsAtThePlannedIpsPasses)
{
  auto services = clean();
  services[1] = service("kube-system",
                        "kube-dns",
                        "PreferDualStack",
                        { "IPv4", "IPv6" },
                        { "10.96.0.10", "fd00:10:96::a" });
  EXPECT_THAT(run(test_plan(), Resource::services, services).findings, IsEmpty());
}

TEST(ServiceChecks, ASingleStackKubeDnsOnADualStackPlanIsAFinding)
{
  // What every fresh `kubeadm init` leaves: kube-dns with the primary family's ClusterIP only,
  // while the kubelets' clusterDNS names both.
  auto services = clean();
  services[1] = service("kube-system", "kube-dns", "SingleStack", { "IPv4" }, { "10.96.0.10" });
  const auto report = run(test_plan(), Resource::services, services);
  EXPECT_THAT(flagged(report, "service-dns-ip"), ElementsAre("kube-system/kube-dns"));
  EXPECT_EQ(report.findings[0].expected, "10.96.0.10, fd00:10:96::a");
  EXPECT_EQ(report.findings[0].found, "10.96.0.10");
}

TEST(ServiceChecks, MissingKubernetesAndDnsAreFindings)
{
  auto services = clean();
  services.erase(services.begin(), services.begin() + 2);
  const auto report = run(test_plan(), Resource::services, services);
  EXPECT_THAT(flagged(report, "service-kubernetes-ip"), ElementsAre("default/kubernetes"));
  EXPECT_THAT(flagged(report, "service-dns-ip"), ElementsAre("kube-system/kube-dns"));
}

// A LoadBalancer service with status.loadBalancer.ingress IPs (`hostname` entries with "host:").
json load_balancer(const std::string& name,
                   const std::string& policy,
                   const std::vector<std::string>& families,
                   const std::vector<std::string>& cluster_ips,
                   const std::vector<std::string>& ingress)
{
  json svc = service("lb", name, policy, families, cluster_ips);
  svc["spec"]["type"] = "LoadBalancer";
  json entries = json::array();
  for (const auto& entry : ingress) {
    if (entry.starts_with("host:")) {
      entries.push_back({ { "hostname", entry.substr(5) } });
    } else {
      entries.push_back({ { "ip", entry }, { "ipMode", "VIP" } });
    }
  }
  svc["status"] = { { "loadBalancer",
                      ingress.empty() ? json::object() : json{ { "ingress", entries } } } };
  return svc;
}

plan::Plan plan_with_loadbalancer_pools()
{
  plan::Plan plan = test_plan();
  plan.networks.at(plan.families()[0]).loadbalancer_pool = *net::Prefix::parse("10.99.0.0/24");
  plan.networks.at(plan.families()[1]).loadbalancer_pool = *net::Prefix::parse("fd00:10:99::/120");
  return plan;
}

TEST(ServiceChecks, LoadBalancerServicesWithAnAddressOfEachFamilyInThePoolsPass)
{
  auto services = clean();
  services.push_back(load_balancer("dual",
                                   "RequireDualStack",
                                   { "IPv4", "IPv6" },
                                   { "10.96.3.1", "fd00:10:96::301" },
                                   { "10.99.0.5", "fd00:10:99::5" }));
  services.push_back(
    load_balancer("v6", "SingleStack", { "IPv6" }, { "fd00:10:96::302" }, { "fd00:10:99::6" }));
  const auto report = run(plan_with_loadbalancer_pools(), Resource::services, services);
  EXPECT_THAT(report.findings, IsEmpty());
  EXPECT_EQ(result(report, "service-loadbalancer-ips").objects, 2u);
  EXPECT_EQ(result(report, "service-loadbalancer-ips").status, CheckStatus::passed);
}

TEST(ServiceChecks, LoadBalancerFlagsAMissingFamilyAPendingAddressAndAnAddressOutsideThePool)
{
  auto services = clean();
  services.push_back(load_balancer("one-family",
                                   "PreferDualStack",
                                   { "IPv4", "IPv6" },
                                   { "10.96.3.1", "fd00:10:96::301" },
                                   { "10.99.0.5" }));
  services.push_back(load_balancer("pending", "SingleStack", { "IPv4" }, { "10.96.3.2" }, {}));
  services.push_back(
    load_balancer("outside", "SingleStack", { "IPv6" }, { "fd00:10:96::303" }, { "2001:db8::7" }));
  services.push_back(load_balancer(
    "hostname", "SingleStack", { "IPv4" }, { "10.96.3.4" }, { "host:lb.example.com" }));
  const auto report = run(plan_with_loadbalancer_pools(), Resource::services, services);
  EXPECT_THAT(flagged(report, "service-loadbalancer-ips"),
              ElementsAre("lb/one-family", "lb/pending", "lb/outside", "lb/hostname"));
  ASSERT_EQ(report.findings.size(), 4u);
  EXPECT_EQ(report.findings[0].message, "service lb/one-family: no IPv6 ingress IP");
  EXPECT_EQ(report.findings[0].expected,
            "an ingress IP of each family: IPv4 in 10.99.0.0/24, IPv6 in fd00:10:99::/120");
  EXPECT_EQ(report.findings[0].found, "10.99.0.5");
  EXPECT_EQ(report.findings[1].message,
            "service lb/pending: no IPv4 ingress IP (the address is still pending)");
  EXPECT_EQ(
    report.findings[2].message,
    "service lb/outside: ingress IP 2001:db8::7 is outside the LoadBalancer pool fd00:10:99::/120");
}

TEST(ServiceChecks, WithoutPlannedPoolsAnyAddressOfEachFamilyPasses)
{
  auto services = clean();
  services.push_back(load_balancer("octavia",
                                   "RequireDualStack",
                                   { "IPv4", "IPv6" },
                                   { "10.96.3.1", "fd00:10:96::301" },
                                   { "203.0.113.9", "2001:db8::9" }));
  const auto report = run(test_plan(), Resource::services, services);
  EXPECT_THAT(report.findings, IsEmpty());
  EXPECT_EQ(result(report, "service-loadbalancer-ips").objects, 1u);
}

TEST(ServiceChecks, ClusterIpServicesAreNotExaminedForLoadBalancerAddresses)
{
  const auto report = run(test_plan(), Resource::services, clean());
  EXPECT_EQ(result(report, "service-loadbalancer-ips").objects, 0u);
}

} // namespace
} // namespace dualstack::verify::testing
