// Tests for the kubeadm-fields.json walker used by the render tests: unknown fields, wrong types,
// the v1beta3/v1beta4 extraArgs shapes, required fields, enums, and kinds without a schema.
#include "kubeadm_schema.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace dualstack::testing {
namespace {

std::vector<SchemaError> check(const std::string& yaml)
{
  return KubeadmSchema::shared().validate_yaml(yaml);
}

TEST(KubeadmSchemaWalker, RejectsAnUnknownFieldWithItsPointer)
{
  const auto errors =
    check("apiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\n"
          "clusterCIDRs: 10.0.0.0/8\n");
  ASSERT_EQ(errors.size(), 1u) << format_errors(errors);
  EXPECT_EQ(errors[0].pointer, "/clusterCIDRs");
  EXPECT_EQ(errors[0].kind, "kubeproxy.config.k8s.io/v1alpha1/KubeProxyConfiguration");
}

TEST(KubeadmSchemaWalker, RejectsAWrongJsonType)
{
  const auto errors =
    check("apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n"
          "maxPods: \"110\"\nclusterDNS: 10.96.0.10\n");
  EXPECT_EQ(errors.size(), 2u) << format_errors(errors);
}

TEST(KubeadmSchemaWalker, RejectsMapExtraArgsInV1beta4AndListExtraArgsInV1beta3)
{
  EXPECT_EQ(check("apiVersion: kubeadm.k8s.io/v1beta4\nkind: InitConfiguration\n"
                  "nodeRegistration:\n  kubeletExtraArgs:\n    node-ip: 10.0.0.1\n")
              .size(),
            1u);
  EXPECT_EQ(
    check("apiVersion: kubeadm.k8s.io/v1beta3\nkind: InitConfiguration\n"
          "nodeRegistration:\n  kubeletExtraArgs:\n  - name: node-ip\n    value: 10.0.0.1\n")
      .size(),
    1u);
  EXPECT_TRUE(
    check("apiVersion: kubeadm.k8s.io/v1beta4\nkind: InitConfiguration\n"
          "nodeRegistration:\n  kubeletExtraArgs:\n  - name: node-ip\n    value: 10.0.0.1\n")
      .empty());
}

TEST(KubeadmSchemaWalker, RejectsAJoinConfigurationWithoutDiscoveryOrToken)
{
  EXPECT_EQ(check("apiVersion: kubeadm.k8s.io/v1beta4\nkind: JoinConfiguration\n").size(), 1u);
  const auto errors =
    check("apiVersion: kubeadm.k8s.io/v1beta4\nkind: JoinConfiguration\n"
          "discovery:\n  bootstrapToken:\n    apiServerEndpoint: 10.0.0.2:6443\n");
  ASSERT_EQ(errors.size(), 1u) << format_errors(errors);
  EXPECT_EQ(errors[0].pointer, "/discovery/bootstrapToken/token");
}

TEST(KubeadmSchemaWalker, RejectsAValueOutsideAnEnum)
{
  EXPECT_EQ(check("apiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: "
                  "KubeProxyConfiguration\nmode: userspace\n")
              .size(),
            1u);
}

TEST(KubeadmSchemaWalker, FailsADocumentKindWithoutSchema)
{
  const auto errors = check("apiVersion: kubeadm.k8s.io/v1beta2\nkind: ClusterConfiguration\n");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].message,
            "kubeadm-fields.json has no schema for `kubeadm.k8s.io/v1beta2/ClusterConfiguration`");
}

TEST(KubeadmSchemaWalker, RejectsUnknownKeysOfListElementsDescribedOnlyByTheirType)
{
  EXPECT_EQ(check("apiVersion: kubeadm.k8s.io/v1beta4\nkind: InitConfiguration\n"
                  "bootstrapTokens:\n- token: abcdef.0123456789abcdef\n  secret: x\n")
              .size(),
            1u);
}

} // namespace
} // namespace dualstack::testing
