// Tests for kubeadm-config-networking and kube-proxy-cluster-cidr.
#include "verify_test_support.hpp"

namespace dualstack::verify::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(ConfigMapChecks, PassThePlannedOrder)
{
  const auto report =
    run(test_plan(),
        Resource::configmaps,
        { configmap("team-a", "kube-root-ca.crt", { { "ca.crt", "x" } }),
          kubeadm_config("10.244.0.0/16,fd00:10:244::/56", "10.96.0.0/12, fd00:10:96::/108"),
          kube_proxy_config("10.244.0.0/16,fd00:10:244::/56") });
  EXPECT_THAT(report.findings, IsEmpty());
  EXPECT_EQ(result(report, "kubeadm-config-networking").objects, 1u);
  EXPECT_EQ(result(report, "kube-proxy-cluster-cidr").objects, 1u);
}

TEST(ConfigMapChecks, KubeadmFlagsReversedOrSingleSubnets)
{
  const auto report = run(test_plan(),
                          Resource::configmaps,
                          { kubeadm_config("fd00:10:244::/56,10.244.0.0/16", "10.96.0.0/12"),
                            kube_proxy_config("10.244.0.0/16,fd00:10:244::/56") });
  EXPECT_THAT(flagged(report, "kubeadm-config-networking"),
              ElementsAre("kube-system/kubeadm-config", "kube-system/kubeadm-config"));
  EXPECT_EQ(report.findings[0].expected, "networking.podSubnet: 10.244.0.0/16,fd00:10:244::/56");
  EXPECT_EQ(report.findings[0].found, "networking.podSubnet: fd00:10:244::/56,10.244.0.0/16");
  EXPECT_EQ(report.findings[1].message,
            "ConfigMap kube-system/kubeadm-config: networking.serviceSubnet is not the planned "
            "10.96.0.0/12,fd00:10:96::/108");
}

TEST(ConfigMapChecks, KubeadmFlagsYamlThatIsNotAMapping)
{
  const auto report =
    run(test_plan(),
        Resource::configmaps,
        { configmap("kube-system", "kubeadm-config", { { "ClusterConfiguration", "[unclosed" } }),
          kube_proxy_config("10.244.0.0/16,fd00:10:244::/56") });
  EXPECT_THAT(flagged(report, "kubeadm-config-networking"),
              ElementsAre("kube-system/kubeadm-config"));
  EXPECT_EQ(report.findings[0].found, "not a YAML mapping");
}

TEST(ConfigMapChecks, KubeProxyFlagsAMissingFamily)
{
  const auto report =
    run(test_plan(),
        Resource::configmaps,
        { kubeadm_config("10.244.0.0/16,fd00:10:244::/56", "10.96.0.0/12,fd00:10:96::/108"),
          kube_proxy_config("10.244.0.0/16") });
  EXPECT_THAT(flagged(report, "kube-proxy-cluster-cidr"), ElementsAre("kube-system/kube-proxy"));
  EXPECT_EQ(report.findings[0].found, "clusterCIDR: 10.244.0.0/16");
}

TEST(ConfigMapChecks, MissingConfigMapsAreFindings)
{
  const auto report =
    run(test_plan(),
        Resource::configmaps,
        { configmap("team-a", "kube-proxy", { { "config.conf", "clusterCIDR: 10.0.0.0/8" } }) });
  EXPECT_THAT(flagged(report, "kubeadm-config-networking"),
              ElementsAre("kube-system/kubeadm-config"));
  EXPECT_THAT(flagged(report, "kube-proxy-cluster-cidr"), ElementsAre("kube-system/kube-proxy"));
}

} // namespace
} // namespace dualstack::verify::testing
