// The shared neighbour tables: raised for a big lab, the machine's values put back after the last.
#include <dualstack/lab/neighbour_tables.hpp>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace dualstack::lab {
namespace {

namespace fs = std::filesystem;

class NeighbourTablesTest : public ::testing::Test
{
protected:
  void SetUp() override
  {
    m_root =
      fs::temp_directory_path() /
      ("dualstack-neigh-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
       "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(m_root);
    for (const char* family : { "ipv4", "ipv6" }) {
      fs::create_directories(m_root / "net" / family / "neigh" / "default");
      write(family, 1, 128);
      write(family, 2, 512);
      write(family, 3, 1024);
    }
    m_tables = { (m_root / "net").string(),
                 (m_root / "run" / "neighbour-thresholds.orig").string() };
  }
  void TearDown() override
  {
    fs::remove_all(m_root);
  }

  fs::path sysctl(const char* family, int n) const
  {
    return m_root / "net" / family / "neigh" / "default" / ("gc_thresh" + std::to_string(n));
  }
  void write(const char* family, int n, long value) const
  {
    std::ofstream(sysctl(family, n)) << value << '\n';
  }
  long read(const char* family, int n) const
  {
    long value = -1;
    std::ifstream(sysctl(family, n)) >> value;
    return value;
  }

  fs::path m_root;
  NeighbourTables m_tables;
};

TEST(NeighbourThresholdsFor, SmallLabsKeepTheKernelDefaultsAndBigOnesGrowWithTheSquare)
{
  EXPECT_EQ(neighbour_thresholds_for(6), (NeighbourThresholds{ 128, 512, 1024 }));
  // 64 nodes, 3 gateways, the router: 68 hosts, 2 * 68^2 = 9248 entries at most, twice that.
  EXPECT_EQ(neighbour_thresholds_for(68), (NeighbourThresholds{ 2312, 9248, 18496 }));
}

TEST_F(NeighbourTablesTest, NeededValuesBelowTheCurrentOnesChangeNothingAndRecordNothing)
{
  ASSERT_TRUE(m_tables.reserve(neighbour_thresholds_for(6)));
  EXPECT_EQ(read("ipv6", 3), 1024);
  EXPECT_FALSE(fs::exists(m_tables.record));
}

TEST_F(NeighbourTablesTest, RaisesBothFamiliesAndRestoresTheMachinesOwnValues)
{
  write("ipv4", 3, 20000); // an operator's own higher value stays
  ASSERT_TRUE(m_tables.reserve(neighbour_thresholds_for(68)));
  EXPECT_EQ(read("ipv6", 1), 2312);
  EXPECT_EQ(read("ipv6", 2), 9248);
  EXPECT_EQ(read("ipv6", 3), 18496);
  EXPECT_EQ(read("ipv4", 2), 9248);
  EXPECT_EQ(read("ipv4", 3), 20000);
  // A second big lab finds the raised values; the record keeps the machine's.
  ASSERT_TRUE(m_tables.reserve(neighbour_thresholds_for(68)));
  ASSERT_TRUE(m_tables.restore());
  EXPECT_EQ(read("ipv6", 1), 128);
  EXPECT_EQ(read("ipv6", 2), 512);
  EXPECT_EQ(read("ipv6", 3), 1024);
  EXPECT_EQ(read("ipv4", 3), 20000);
  EXPECT_FALSE(fs::exists(m_tables.record));
  ASSERT_TRUE(m_tables.restore()); // nothing recorded: nothing to do
  EXPECT_EQ(read("ipv6", 3), 1024);
}

TEST_F(NeighbourTablesTest, AMissingSysctlIsAnErrorNamingIt)
{
  fs::remove(sysctl("ipv6", 2));
  auto st = m_tables.reserve(neighbour_thresholds_for(68));
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error(), "cannot read " + sysctl("ipv6", 2).string());
  EXPECT_EQ(read("ipv4", 3), 1024); // nothing raised
}

} // namespace
} // namespace dualstack::lab
