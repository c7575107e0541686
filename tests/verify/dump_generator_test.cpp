// Tests for the dump generator: a clean dump passes every check, K planted defects give exactly
// K findings (those in defects.json), the same seed gives the same bytes.
#include "verify_test_support.hpp"

#include <dualstack/verify/dump_reader.hpp>
#include <dualstack/verify/gen/dump_generator.hpp>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <tuple>

namespace dualstack::verify::testing {
namespace {

using Key = std::tuple<std::string, std::string, std::string, std::string>;

class GenDir
{
public:
  GenDir()
  {
    std::string pattern = (std::filesystem::temp_directory_path() / "gen-test-XXXXXX").string();
    m_path = ::mkdtemp(pattern.data());
  }
  ~GenDir()
  {
    std::filesystem::remove_all(m_path);
  }
  const std::filesystem::path& path() const
  {
    return m_path;
  }

private:
  std::filesystem::path m_path;
};

std::string slurp(const std::filesystem::path& path)
{
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

gen::DumpOptions small(std::size_t defects, std::uint64_t seed = 7)
{
  gen::DumpOptions options;
  options.pods = 600;
  options.services = 300;
  options.endpoint_slices = 200;
  options.defects = defects;
  options.seed = seed;
  return options;
}

std::multiset<Key> finding_keys(const Report& report)
{
  std::multiset<Key> keys;
  for (const auto& f : report.findings) {
    keys.insert({ f.check, f.kind, f.ns, f.name });
  }
  return keys;
}

std::multiset<Key> defect_keys(const std::vector<gen::PlantedDefect>& defects)
{
  std::multiset<Key> keys;
  for (const auto& d : defects) {
    keys.insert({ d.check, d.kind, d.ns, d.name });
  }
  return keys;
}

TEST(DumpGenerator, ACleanDumpPassesEveryCheck)
{
  for (bool dual : { true, false }) {
    GenDir dir;
    const auto plan = test_plan(dual);
    auto summary = gen::generate_dump(plan, small(0), dir.path());
    ASSERT_TRUE(summary) << summary.error();
    EXPECT_EQ(summary->nodes, 3u);
    const Report report = verify_dump(plan, dir.path());
    EXPECT_THAT(report.errors, ::testing::IsEmpty());
    EXPECT_THAT(report.findings, ::testing::IsEmpty()) << report.findings[0].message;
    EXPECT_EQ(report.count(CheckStatus::passed), check_count) << "dual " << dual;
    EXPECT_EQ(report.exit_status(), exit_ok);
    EXPECT_EQ(report.resources[static_cast<std::size_t>(Resource::pods)].items, 600u);
  }
}

class PlantedDefects
  : public ::testing::TestWithParam<std::tuple<bool, net::Family, std::size_t, std::uint64_t>>
{};

TEST_P(PlantedDefects, AreFoundExactly)
{
  const auto [dual, primary, count, seed] = GetParam();
  GenDir dir;
  const auto plan = test_plan(dual, primary);
  auto summary = gen::generate_dump(plan, small(count, seed), dir.path());
  ASSERT_TRUE(summary) << summary.error();
  ASSERT_EQ(summary->defects.size(), count);
  const Report report = verify_dump(plan, dir.path());
  EXPECT_THAT(report.errors, ::testing::IsEmpty());
  EXPECT_EQ(finding_keys(report), defect_keys(summary->defects));
  EXPECT_EQ(report.exit_status(), count == 0 ? exit_ok : exit_findings);
  // defects.json lists the same defects.
  const auto listed = json::parse(slurp(dir.path() / "defects.json"));
  ASSERT_EQ(listed.size(), count);
  if (count > 0) {
    EXPECT_EQ(listed[0]["check"], summary->defects[0].check);
  }
}

INSTANTIATE_TEST_SUITE_P(
  Clusters,
  PlantedDefects,
  ::testing::Values(std::tuple{ true, net::Family::ipv4, std::size_t{ 1 }, std::uint64_t{ 1 } },
                    std::tuple{ true, net::Family::ipv4, std::size_t{ 19 }, std::uint64_t{ 2 } },
                    std::tuple{ true, net::Family::ipv4, std::size_t{ 60 }, std::uint64_t{ 3 } },
                    std::tuple{ true, net::Family::ipv6, std::size_t{ 40 }, std::uint64_t{ 4 } },
                    std::tuple{ false, net::Family::ipv4, std::size_t{ 30 }, std::uint64_t{ 5 } },
                    std::tuple{ false, net::Family::ipv6, std::size_t{ 30 }, std::uint64_t{ 6 } }),
  [](const auto& param_info) {
    // std::get, not a structured binding: its commas would split the macro's arguments.
    return fmt::format("{}_{}_primary_{}_defects_seed_{}",
                       std::get<0>(param_info.param) ? "dual" : "single",
                       net::to_string(std::get<1>(param_info.param)),
                       std::get<2>(param_info.param),
                       std::get<3>(param_info.param));
  });

TEST(DumpGenerator, EveryPlantableCheckIsPlanted)
{
  GenDir dir;
  auto summary = gen::generate_dump(test_plan(), small(20), dir.path());
  ASSERT_TRUE(summary) << summary.error();
  std::set<std::string> checks;
  for (const auto& d : summary->defects) {
    checks.insert(d.check);
  }
  // All but node-known (covered by unit tests): 20 of 21.
  EXPECT_EQ(checks.size(), check_count - 1);
}

TEST(DumpGenerator, TheSameSeedGivesTheSameBytes)
{
  GenDir a, b, c;
  ASSERT_TRUE(gen::generate_dump(test_plan(), small(10, 42), a.path()));
  ASSERT_TRUE(gen::generate_dump(test_plan(), small(10, 42), b.path()));
  ASSERT_TRUE(gen::generate_dump(test_plan(), small(10, 43), c.path()));
  for (const char* file : { "pods.json", "services.json", "defects.json", "nodes.json" }) {
    EXPECT_EQ(slurp(a.path() / file), slurp(b.path() / file)) << file;
  }
  EXPECT_NE(slurp(a.path() / "defects.json"), slurp(c.path() / "defects.json"));
}

TEST(DumpGenerator, RefusesCountsThatDoNotFitThePlan)
{
  GenDir dir;
  auto plan = test_plan(false);
  plan.networks.at(plan.families()[0]).service_subnet = cidr("10.96.0.0/24");
  auto summary = gen::generate_dump(plan, small(0), dir.path());
  ASSERT_FALSE(summary);
  EXPECT_EQ(summary.error(), "300 services do not fit the IPv4 service subnet 10.96.0.0/24");
}

} // namespace
} // namespace dualstack::verify::testing
