// ansible/migrate.yml of the IPv4 -> dual-stack example: one play per step in migrate's order, on
// the step's host, each skipped when done, stopped with what to do, gated by its checks.
#include "migrate/migrate_test_support.hpp"

#include <dualstack/migrate/playbook.hpp>

#include <gtest/gtest.h>

namespace dualstack {
namespace {

using testing::migration_of;
using testing::planned_file;

// Returns `yaml` with the double-quoted scalars' escaped line breaks undone (the playbook folds
// long lines for yamllint), so a test can look for a command or expression as one piece.
std::string unfolded(const std::string& yaml)
{
  std::string out;
  for (std::size_t i = 0; i < yaml.size(); ++i) {
    if (yaml[i] == '\\' && i + 1 < yaml.size() && yaml[i + 1] == '\n') {
      i += 2;
      while (i < yaml.size() && yaml[i] == ' ')
        ++i;
      if (i + 1 < yaml.size() && yaml[i] == '\\' && yaml[i + 1] == ' ') {
        out += ' ';
        ++i;
      } else {
        --i;
      }
      continue;
    }
    out += yaml[i];
  }
  return out;
}

class MigratePlaybook : public ::testing::Test
{
protected:
  static void SetUpTestSuite()
  {
    s_old = planned_file(testing::example_path("ipv4-only")).release();
    s_new = planned_file(testing::example_path("yaook-default")).release();
    s_migration = new migrate::Migration(migration_of(*s_old, *s_new));
    render::Secrets secrets;
    secrets.wireguard_endpoint_keys[0] = { "oA1oaxUMxTnjLHAnDU1LEvHRmaVC+uCGmmoh4rj1WX8=", "k" };
    s_text = new std::string(unfolded(migrate::migrate_playbook(
      s_new->plan, *s_migration, migrate::migration_artifacts(s_new->plan, secrets))));
  }
  static void TearDownTestSuite()
  {
    delete s_text;
    delete s_migration;
    delete s_new;
    delete s_old;
  }

  // The text of the play of step `id`: from its name line to the next play.
  static std::string play(const std::string& id)
  {
    const auto start = s_text->find("- name: \"Step ");
    auto at = s_text->find("[" + id + "]: ", start);
    EXPECT_NE(at, std::string::npos) << id;
    if (at == std::string::npos)
      return "";
    at = s_text->rfind("\n- name: ", at);
    const auto end = s_text->find("\n- name: ", at + 1);
    return s_text->substr(at, end == std::string::npos ? end : end - at);
  }

  static testing::Planned* s_old;
  static testing::Planned* s_new;
  static migrate::Migration* s_migration;
  static std::string* s_text;
};

testing::Planned* MigratePlaybook::s_old = nullptr;
testing::Planned* MigratePlaybook::s_new = nullptr;
migrate::Migration* MigratePlaybook::s_migration = nullptr;
std::string* MigratePlaybook::s_text = nullptr;

TEST_F(MigratePlaybook, EveryStepIsAPlayInMigratesOrder)
{
  std::size_t last = 0;
  const std::size_t total = s_migration->steps.size();
  for (std::size_t i = 0; i < total; ++i) {
    const auto& s = s_migration->steps[i];
    const auto at = s_text->find(fmt::format("- name: \"Step {} of {} [{}]: ", i + 1, total, s.id));
    ASSERT_NE(at, std::string::npos) << s.id;
    EXPECT_GT(at, last) << s.id;
    last = at;
    const std::string p = play(s.id);
    EXPECT_NE(p.find(fmt::format("tags: [{}, \"{}\"]", migrate::playbook_tag(s.id), s.id)),
              std::string::npos)
      << p;
  }
}

TEST_F(MigratePlaybook, PerHostStepsRunOnTheirHostBackupsBeforeTheMaster)
{
  const std::string low = play("gateway-managed-k8s-gw-2");
  const std::string master = play("gateway-managed-k8s-gw-0");
  EXPECT_NE(low.find("hosts: \"managed-k8s-gw-2\""), std::string::npos) << low;
  EXPECT_NE(master.find("hosts: \"managed-k8s-gw-0\""), std::string::npos) << master;
  EXPECT_LT(s_text->find(low), s_text->find(master));
  // The master hands its VIPs to the next gateway: the wait runs there.
  const auto stop = master.find("systemctl stop keepalived");
  const auto wait = master.find("delegate_to: \"managed-k8s-gw-1\"");
  // ... reached at its own address (the inventory's, templated for that host, not the play's).
  EXPECT_NE(master.find("ansible_host: \"{{ hostvars['managed-k8s-gw-1'].ansible_host }}\"", wait),
            std::string::npos)
    << master;
  const auto start = master.find("systemctl start keepalived");
  EXPECT_LT(stop, wait);
  EXPECT_LT(wait, start);
  EXPECT_NE(start, std::string::npos);
  // A node is one play, on that node; its drain runs on the control host.
  const std::string node = play("pod-cidrs-managed-k8s-worker-1");
  EXPECT_NE(node.find("hosts: \"managed-k8s-worker-1\""), std::string::npos) << node;
  const auto drain = node.find("kubectl drain managed-k8s-worker-1");
  ASSERT_NE(drain, std::string::npos);
  EXPECT_NE(node.find("delegate_to: localhost", drain), std::string::npos);
  // Operator steps run on the control host, in the render directory.
  const std::string dns = play("kube-dns");
  EXPECT_NE(dns.find("hosts: \"localhost\""), std::string::npos) << dns;
  EXPECT_NE(dns.find("chdir: \"{{ playbook_dir }}/..\""), std::string::npos) << dns;
}

TEST_F(MigratePlaybook, EachStepChecksItsDoneConditionFirstAndSkipsWhenDone)
{
  for (const auto& s : s_migration->steps) {
    const std::string p = play(s.id);
    if (s.done.run.empty()) {
      EXPECT_EQ(p.find("dualstack_step_done"), std::string::npos) << s.id;
      continue;
    }
    const auto check = p.find(": done already?");
    const auto when = p.find("when: dualstack_step_done.rc != 0");
    ASSERT_NE(check, std::string::npos) << s.id;
    ASSERT_NE(when, std::string::npos) << s.id;
    EXPECT_LT(check, when) << s.id;
    // The check only reads, also in --check mode.
    EXPECT_NE(p.find("check_mode: false", check), std::string::npos) << s.id;
    EXPECT_NE(p.find("changed_when: false", check), std::string::npos) << s.id;
  }
  // A gateway records its finished step as its last command.
  const std::string gw = play("gateway-managed-k8s-gw-1");
  EXPECT_NE(gw.find("test -e /var/lib/dualstack/migrate/gateway-managed-k8s-gw-1.done"),
            std::string::npos);
  EXPECT_LT(gw.find("systemctl reload keepalived"),
            gw.find("touch /var/lib/dualstack/migrate/gateway-managed-k8s-gw-1.done"));
}

TEST_F(MigratePlaybook, GatesStopAtTheFirstFindingOfTheStepsChecksInItsScope)
{
  const std::string node = play("node-ip-managed-k8s-worker-0");
  EXPECT_NE(node.find("- --kubeconfig"), std::string::npos) << node;
  EXPECT_NE(node.find("failed_when: dualstack_verify.rc not in [0, 1]"), std::string::npos);
  EXPECT_NE(node.find("selectattr('check', 'in', ['node-internal-ip']) | selectattr('kind', "
                      "'equalto', 'Node') | selectattr('name', 'equalto', "
                      "'managed-k8s-worker-0')"),
            std::string::npos)
    << node;
  EXPECT_NE(node.find("when: not ansible_check_mode"), std::string::npos);
  // Steps verify cannot see are gated by their own checks, on their host.
  const std::string gw = play("gateway-managed-k8s-gw-2");
  EXPECT_EQ(gw.find("--kubeconfig"), std::string::npos);
  EXPECT_NE(gw.find("Step 9/33 gateway-managed-k8s-gw-2: gate 1/"), std::string::npos) << gw;
  EXPECT_NE(gw.find("birdc show protocols"), std::string::npos);
  // A failed command or gate stops the run saying what to do and how to roll back.
  for (const auto& s : s_migration->steps) {
    const std::string p = play(s.id);
    EXPECT_NE(p.find("rescue:"), std::string::npos) << s.id;
    EXPECT_NE(p.find("Then run the playbook again: finished steps are skipped."), std::string::npos)
      << s.id;
  }
}

TEST_F(MigratePlaybook, DisruptiveStepsDocumentTheirRollback)
{
  for (const auto& s : s_migration->steps) {
    if (!s.disruptive)
      continue;
    EXPECT_FALSE(s.rollback.empty()) << s.id;
    EXPECT_NE(play(s.id).find("Rollback: "), std::string::npos) << s.id;
    EXPECT_NE(s_text->find("# Rollback: " + s.rollback.front().substr(0, 40)), std::string::npos)
      << s.id;
  }
}

TEST_F(MigratePlaybook, CommandsAreNeverTemplatedAndSecretsNeverShown)
{
  // Every shell line is `!unsafe` (kubectl's JSON patches and jsonpath braces stay as written).
  std::size_t cmds = 0, unsafe = 0;
  for (auto at = s_text->find("cmd: "); at != std::string::npos;
       at = s_text->find("cmd: ", at + 1)) {
    ++cmds;
    unsafe += s_text->compare(at, 18, "cmd: !unsafe \"set ") == 0 ? 1 : 0;
  }
  EXPECT_GT(cmds, 50u);
  EXPECT_EQ(cmds, unsafe);
  // The gateways' WireGuard configs (private keys) are copied without log or diff.
  const std::string gw = play("gateway-managed-k8s-gw-2");
  const auto wg = gw.find("dest: \"/etc/wireguard/wg0.conf\"");
  ASSERT_NE(wg, std::string::npos) << gw;
  const auto next = gw.find("- name:", wg);
  const std::string task = gw.substr(wg, next - wg);
  EXPECT_NE(task.find("mode: \"0600\""), std::string::npos) << task;
  EXPECT_NE(task.find("no_log: true"), std::string::npos) << task;
  EXPECT_NE(task.find("diff: false"), std::string::npos) << task;
  EXPECT_NE(task.find("validate: "), std::string::npos) << task;
}

} // namespace
} // namespace dualstack
