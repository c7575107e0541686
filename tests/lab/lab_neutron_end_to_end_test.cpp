// Neutron's enforcement in the lab, end to end: `dualstack render`, one defect edited into
// terraform/main.tf.json as a user could make it (an allowed address pair or a security-group
// rule for BGP or WireGuard gone), `dualstack lab test --terraform EDITED`: the named scenario
// fails for the family the defect hits, and its evidence names the Terraform resource and what
// Neutron dropped. A missing VRRP rule fails nothing, as on OpenStack: the gateways send their
// adverts to each other (unicast), so each one's own egress opens the conntrack flow the other's
// adverts come in on (docs/lab.md). Needs root and network namespaces; skipped (with the reason)
// without.
#include "lab/support/lab_guard.hpp"
#include "lab/support/lab_run.hpp"
#include "support/run_binary.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <fstream>

namespace dualstack::lab {
namespace {

using ::testing::HasSubstr;
using testing::LabGuard;
using testing::missing_rights;
using testing::random_lab_id;
using testing::run_lab;

struct Defect
{
  const char* name;
  // Edits the rendered Terraform of tests/lab/config.toml (gateways lab-gw-0, the VRRP master,
  // and lab-gw-1; VIPs 172.30.154.2 and fd00::2).
  void (*edit)(nlohmann::json& resources);
  int scenario;
  const char* scenario_key;
  const char* family;                // the family whose result fails
  std::vector<std::string> evidence; // what the failed family's evidence says
};

// ctest names a parameterised test by what gtest prints for the parameter.
void PrintTo(const Defect& defect, std::ostream* out)
{
  *out << defect.name;
}

void erase_vip_pair_of_backup(nlohmann::json& r)
{
  auto& pairs = r["openstack_networking_port_v2"]["lab-gw-1"]["allowed_address_pairs"];
  for (auto it = pairs.begin(); it != pairs.end(); ++it) {
    if ((*it)["ip_address"] == "172.30.154.2") {
      pairs.erase(it);
      return;
    }
  }
  ADD_FAILURE() << "lab-gw-1 has no pair 172.30.154.2";
}

void erase_rule(nlohmann::json& r, const char* key)
{
  ASSERT_EQ(r["openstack_networking_secgroup_rule_v2"].erase(key), 1u) << key;
}

const Defect defects[] = {
  { "MissingVipPairFailsTheFailover",
    erase_vip_pair_of_backup,
    3,
    "lb_master_failure",
    "ipv4",
    { "openstack_networking_port_v2.lab-gw-1: source outside fixed_ip and allowed_address_pairs",
      "172.30.154.2" } },
  { "MissingBgpRuleFailsConvergence",
    // gateway_to_wireguard_0 (any protocol from the cluster subnet, for the nftables forward
    // chain's cluster -> WireGuard flows) lets BGP and VRRP in as well: both must go.
    [](nlohmann::json& r) {
      erase_rule(r, "gateway_bgp_ipv6");
      erase_rule(r, "gateway_to_wireguard_0_ipv6");
    },
    1,
    "converged",
    "ipv6",
    { "openstack_networking_port_v2.lab-gw-0: new ingress allowed by no rule of its groups "
      "(common, gateway)",
      "tcp 179" } },
  { "MissingWireguardRuleFailsReachability",
    [](nlohmann::json& r) { erase_rule(r, "gateway_wireguard_wg0_ipv4"); },
    2,
    "reachability",
    "ipv4",
    { "openstack_networking_port_v2.lab-gw-0: new ingress allowed by no rule of its groups "
      "(common, gateway)",
      "udp 7777" } },
};

class LabNeutronEndToEnd : public ::testing::TestWithParam<Defect>
{};

TEST_P(LabNeutronEndToEnd, TheDefectFailsItsScenarioWithEvidenceNamingTheResource)
{
  if (const std::string why = missing_rights(); !why.empty())
    GTEST_SKIP() << why;
  const Defect& defect = GetParam();
  const std::string config = std::string(DUALSTACK_SOURCE_DIR) + "/tests/lab/config.toml";
  dualstack::testing::TempDir dir("neutron-defect");
  const auto rendered = dualstack::testing::run_dualstack(
    { "render", config, "-o", dir.path() + "/out", "--only", "terraform" });
  ASSERT_EQ(rendered.status, 0) << rendered.err;
  const std::string tf_path = dir.path() + "/out/terraform/main.tf.json";
  nlohmann::json tf = nlohmann::json::parse(std::ifstream(tf_path));
  defect.edit(tf["resource"]);
  const std::string edited = dir.path() + "/main.tf.json";
  std::ofstream(edited) << tf.dump(2);

  const std::string id = random_lab_id();
  const std::string results = dir.path() + "/results";
  LabGuard guard{ id };
  const auto run = run_lab({ "test",
                             config,
                             "--nodes",
                             "2",
                             "--terraform",
                             edited,
                             "--scenario",
                             std::to_string(defect.scenario),
                             "--results",
                             results },
                           id);
  const auto& j = run.report;
  ASSERT_FALSE(j.is_discarded()) << run.out << run.err;
  EXPECT_EQ(run.status, 1) << run.err;
  const auto& failed = j["scenarios"][defect.scenario_key][defect.family];
  ASSERT_TRUE(failed.is_object()) << j.dump(2);
  EXPECT_FALSE(failed["passed"].get<bool>()) << failed.dump(2);
  const std::string evidence = failed.value("evidence", "");
  for (const auto& text : defect.evidence)
    EXPECT_THAT(evidence, HasSubstr(text)) << defect.name;
  testing::expect_lab_gone(id);
  if (HasFailure())
    std::cerr << run.err << "\n" << j.dump(2) << "\n";
}

INSTANTIATE_TEST_SUITE_P(Defects,
                         LabNeutronEndToEnd,
                         ::testing::ValuesIn(defects),
                         [](const ::testing::TestParamInfo<Defect>& param_info) {
                           return param_info.param.name;
                         });

} // namespace
} // namespace dualstack::lab
