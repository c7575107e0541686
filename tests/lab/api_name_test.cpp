// The API endpoint by name in the lab: where the client's hosts file goes, what it holds, the
// URL and the certificate names; glibc's resolver reads the installed file.
#include "support/config_builder.hpp"
#include "support/plan_of.hpp"

#include <dualstack/lab/api_name.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace dualstack::lab {
namespace {

using testing::ConfigBuilder;
using ::testing::HasSubstr;
using testing::plan_of;

plan::Plan named_plan()
{
  return plan_of(ConfigBuilder().set(
    "kubernetes.apiserver", "control_plane_endpoint", "\"api.lab.example.com\""));
}

TEST(LabApiName, TheClientsHostsFileGoesWhereIpNetnsExecMountsItOverEtcHosts)
{
  EXPECT_EQ(netns_etc_path("dsla1b2-client", "hosts"), "/etc/netns/dsla1b2-client/hosts");
}

TEST(LabApiName, TheClientsHostsAreTheMachinesWithTheRenderedFragmentAppendedUnchanged)
{
  const std::string fragment =
    "# rendered\n172.30.154.2\tapi.lab.example.com\nfd00::2\tapi.lab.example.com\n";
  EXPECT_EQ(client_hosts("127.0.0.1\tlocalhost\n", fragment), "127.0.0.1\tlocalhost\n" + fragment);
  // A machine file without a final newline must not glue its last line to the fragment's first.
  EXPECT_EQ(client_hosts("127.0.0.1\tlocalhost", fragment), "127.0.0.1\tlocalhost\n" + fragment);
  EXPECT_EQ(client_hosts("", fragment), fragment);
}

TEST(LabApiName, TheUrlNamesTheEndpointAndTheFrontendPort)
{
  const plan::Plan plan = named_plan();
  EXPECT_EQ(api_url_by_name(plan),
            "https://api.lab.example.com:" + std::to_string(plan.api.frontend_port) + "/");
  EXPECT_EQ(api_url_by_name(plan_of(ConfigBuilder())), "");
}

TEST(LabApiName, TheListenersCertificateCarriesTheNameAndBothVipsAsThePlanSays)
{
  const plan::Plan plan = named_plan();
  EXPECT_EQ(api_subject_alt_name(plan),
            "DNS:api.lab.example.com,IP:" + plan.networks.at(plan.families()[0]).vip.to_string() +
              ",IP:" + plan.networks.at(plan.families()[1]).vip.to_string());
  EXPECT_THAT(api_subject_alt_name(plan_of(ConfigBuilder())), ::testing::StartsWith("IP:"));
}

} // namespace
} // namespace dualstack::lab
