// Tests for verify_dump: files on disk, missing files skipped and said so, unusable files exit 2.
#include "verify_test_support.hpp"

#include <dualstack/verify/dump_reader.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace dualstack::verify::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

class TempDir
{
public:
  TempDir()
  {
    std::string pattern = (std::filesystem::temp_directory_path() / "verify-test-XXXXXX").string();
    m_path = ::mkdtemp(pattern.data());
  }
  ~TempDir()
  {
    std::filesystem::remove_all(m_path);
  }
  const std::filesystem::path& path() const
  {
    return m_path;
  }

  void write(const std::string& name, const std::string& text) const
  {
    std::ofstream(m_path / name, std::ios::binary) << text;
  }

private:
  std::filesystem::path m_path;
};

class RecordingObserver : public VerifyObserver
{
public:
  void started(Resource r, std::uint64_t) override
  {
    events.push_back("start " + std::string(info(r).name));
  }
  void advanced(Resource, std::size_t, std::uint64_t) override {}
  void finished(Resource r, std::size_t items, bool ok) override
  {
    events.push_back(fmt::format("{} {} {}", ok ? "done" : "failed", info(r).name, items));
  }
  std::vector<std::string> events;
};

TEST(VerifyDump, ChecksPresentFilesAndSkipsMissingOnes)
{
  TempDir dir;
  dir.write("nodes.json", list_text(clean_nodes()));
  dir.write("services.json", list_text(clean_services()));
  RecordingObserver observer;
  const Report report = verify_dump(test_plan(), dir.path(), &observer);
  EXPECT_THAT(report.errors, IsEmpty());
  EXPECT_THAT(report.findings, IsEmpty());
  EXPECT_EQ(report.exit_status(), exit_ok);
  EXPECT_EQ(result(report, "node-internal-ip").status, CheckStatus::passed);
  EXPECT_EQ(result(report, "pod-ip-unique").status, CheckStatus::skipped);
  EXPECT_EQ(result(report, "pod-ip-unique").skip_reason,
            "pods.json not found in " + dir.path().string());
  EXPECT_THAT(observer.events,
              ElementsAre("start nodes", "done nodes 3", "start services", "done services 2"));
}

TEST(VerifyDump, AMissingDirectoryIsUnusable)
{
  const Report report = verify_dump(test_plan(), "/nonexistent/dump");
  ASSERT_EQ(report.errors.size(), 1u);
  EXPECT_EQ(report.errors[0].source, "/nonexistent/dump");
  EXPECT_EQ(report.exit_status(), exit_unusable);
}

TEST(VerifyDump, ADirectoryWithNoDumpFileIsUnusableNotAPass)
{
  // Every check skipped would otherwise exit 0: an operator's CI would read that as a pass.
  TempDir dir;
  dir.write("notes.txt", "kubectl output went elsewhere\n");
  const Report report = verify_dump(test_plan(), dir.path());
  ASSERT_EQ(report.errors.size(), 1u);
  EXPECT_EQ(report.errors[0].source, dir.path().string());
  EXPECT_THAT(report.errors[0].message, ::testing::HasSubstr("nothing was verified"));
  EXPECT_THAT(report.errors[0].message, ::testing::HasSubstr("nodes.json"));
  EXPECT_EQ(report.exit_status(), exit_unusable);
}

TEST(VerifyDump, ATruncatedFileIsUnusableEvenIfItsItemsPass)
{
  TempDir dir;
  const std::string nodes = list_text(clean_nodes());
  dir.write("nodes.json", nodes.substr(0, nodes.size() - 40));
  const Report report = verify_dump(test_plan(), dir.path());
  ASSERT_EQ(report.errors.size(), 1u);
  EXPECT_EQ(report.errors[0].source, "nodes.json");
  EXPECT_THAT(report.errors[0].message, ::testing::StartsWith("truncated"));
  EXPECT_EQ(report.exit_status(), exit_unusable);
  EXPECT_EQ(result(report, "node-internal-ip").status, CheckStatus::skipped);
  EXPECT_EQ(result(report, "node-internal-ip").skip_reason, "nodes.json is unusable");
}

TEST(VerifyDump, MalformedJsonInsideAnItemIsUnusable)
{
  TempDir dir;
  dir.write(
    "pods.json",
    R"({"items": [{"metadata": {"name": "a", "namespace": "b"}, "status": {"podIP": 10.1}}]})");
  dir.write("nodes.json", list_text(clean_nodes()));
  const Report report = verify_dump(test_plan(), dir.path());
  ASSERT_EQ(report.errors.size(), 1u);
  EXPECT_EQ(report.errors[0].to_string(),
            "pods.json: byte 11 (item 0, b/a): invalid Pod at status: The JSON element does not "
            "have the requested type.");
  EXPECT_EQ(report.exit_status(), exit_unusable);
}

TEST(VerifyDump, AnEmptyFileIsUnusableNotMissing)
{
  TempDir dir;
  dir.write("ippools.json", "");
  const Report report = verify_dump(test_plan(), dir.path());
  ASSERT_EQ(report.errors.size(), 1u);
  EXPECT_EQ(report.errors[0].to_string(), "ippools.json: empty input: expected a Kubernetes List");
}

TEST(VerifyDump, FindingsMakeExitOne)
{
  TempDir dir;
  auto nodes = clean_nodes();
  nodes[0] = node("test-master-0", { "10.0.0.20", "fd00::14" }, {});
  dir.write("nodes.json", list_text(nodes));
  const Report report = verify_dump(test_plan(), dir.path());
  EXPECT_EQ(report.exit_status(), exit_findings);
  EXPECT_THAT(flagged(report, "node-pod-cidrs"), ElementsAre("test-master-0"));
}

} // namespace
} // namespace dualstack::verify::testing
