// The scenario table: one row per scenario, numbered 1..N, and everything that numbers or names a
// scenario (--scenario, the docs, lab migrate's after-set, the help) reads it.
#include "support/run_binary.hpp"

#include <dualstack/lab/scenarios.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <set>

namespace dualstack::lab {
namespace {

using ::testing::HasSubstr;

TEST(ScenarioTable, NumbersRunFromOneWithoutGapsAndKeysAreUnique)
{
  std::set<std::string_view> keys;
  int expected = 1;
  for (const auto& row : scenario_table()) {
    EXPECT_EQ(row.number, expected++) << row.key;
    EXPECT_TRUE(keys.insert(row.key).second) << "duplicate key " << row.key;
    EXPECT_FALSE(row.summary.empty()) << row.key;
    EXPECT_NE(row.run, nullptr) << row.key;
    EXPECT_EQ(find_scenario(row.number), &row);
  }
  EXPECT_EQ(scenario_count(), static_cast<int>(scenario_table().size()));
  EXPECT_EQ(find_scenario(0), nullptr);
  EXPECT_EQ(find_scenario(scenario_count() + 1), nullptr);
}

TEST(ScenarioTable, LabMigrateProvesConvergenceReachabilityApiByNameAndLoadBalancer)
{
  EXPECT_EQ(after_migration_scenarios(), (ScenarioSelection{ 1, 2, 6, 7 }));
  EXPECT_EQ(number_list(after_migration_scenarios()), "1, 2, 6 and 7");
  EXPECT_EQ(number_list({ 3 }), "3");
  EXPECT_EQ(number_list({}), "");
}

TEST(ScenarioTable, DocsNumberTheScenariosAsTheTableDoes)
{
  std::ifstream in(std::string(DUALSTACK_SOURCE_DIR) + "/docs/lab.md");
  ASSERT_TRUE(in) << "docs/lab.md";
  std::string line;
  bool in_section = false;
  std::vector<int> numbers;
  const std::regex item(R"(^(\d+)\. \*\*)");
  while (std::getline(in, line)) {
    if (line.rfind("## ", 0) == 0)
      in_section = line.rfind("## Scenarios", 0) == 0;
    std::smatch m;
    if (in_section && std::regex_search(line, m, item))
      numbers.push_back(std::stoi(m[1]));
  }
  std::vector<int> table;
  for (const auto& row : scenario_table())
    table.push_back(row.number);
  EXPECT_EQ(numbers, table) << "docs/lab.md `## Scenarios` lists one numbered item per row";
}

TEST(ScenarioTable, HelpListsEveryScenarioFromTheTable)
{
  const auto test = testing::run_dualstack({ "lab", "test", "--help" });
  EXPECT_EQ(test.status, 0);
  // The help wraps lines: compare with the whitespace folded.
  const std::string help = std::regex_replace(test.out, std::regex(R"(\s+)"), " ");
  for (const auto& row : scenario_table())
    EXPECT_THAT(help, HasSubstr(std::to_string(row.number) + " " + std::string(row.summary)));
  const auto migrate = testing::run_dualstack({ "lab", "migrate", "--help" });
  EXPECT_THAT(migrate.out, HasSubstr("(scenarios 1, 2, 6 and 7)"));
}

} // namespace
} // namespace dualstack::lab
