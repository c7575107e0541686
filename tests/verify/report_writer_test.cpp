// Tests for the report writers: text summary, the JSON shape, JUnit.
#include "verify_test_support.hpp"

#include <dualstack/verify/report_writer.hpp>

#include <sstream>

namespace dualstack::verify::testing {
namespace {

Report sample()
{
  auto nodes = clean_nodes();
  nodes[0] = node("test-master-0", { "10.0.0.20", "fd00::14" }, {});
  return run(test_plan(), Resource::nodes, nodes);
}

TEST(ReportWriter, TextHasASummaryLineAndEachCheck)
{
  std::ostringstream out;
  write_text(sample(), out);
  const std::string text = out.str();
  EXPECT_THAT(text,
              ::testing::StartsWith(
                "verify: 21 checks: 2 passed, 1 failed, 18 skipped; 1 finding (3 nodes)\n"));
  EXPECT_THAT(text,
              ::testing::HasSubstr("  FAIL  node-pod-cidrs              3 objects, 1 failed\n"));
  EXPECT_THAT(text,
              ::testing::HasSubstr("  skip  pod-ip-unique               pods.json not given\n"));
  EXPECT_THAT(
    text,
    ::testing::HasSubstr(
      "error[node-pod-cidrs]: Node test-master-0: node test-master-0: spec.podCIDRs is empty\n"
      "    expected: a /24 inside 10.244.0.0/16, a /64 inside fd00:10:244::/56\n"
      "    found:    none\n"));
}

TEST(ReportWriter, JsonHasTheDocumentedShape)
{
  std::ostringstream out;
  write_json(sample(), out);
  const auto doc = nlohmann::ordered_json::parse(out.str());
  EXPECT_EQ(doc["summary"]["exit_status"], 1);
  EXPECT_EQ(doc["summary"]["failed"], 1);
  EXPECT_EQ(doc["summary"]["checks"][2]["id"], "node-pod-cidrs");
  EXPECT_EQ(doc["summary"]["checks"][2]["status"], "failed");
  EXPECT_EQ(doc["summary"]["resources"]["nodes"]["items"], 3);
  ASSERT_EQ(doc["findings"].size(), 1u);
  const auto& f = doc["findings"][0];
  std::vector<std::string> keys;
  for (const auto& [key, value] : f.items()) {
    keys.push_back(key);
  }
  EXPECT_THAT(keys,
              ::testing::ElementsAre(
                "check", "severity", "kind", "namespace", "name", "expected", "found", "message"));
  EXPECT_EQ(f["check"], "node-pod-cidrs");
  EXPECT_EQ(f["severity"], "error");
  EXPECT_EQ(f["kind"], "Node");
  EXPECT_EQ(f["name"], "test-master-0");
  EXPECT_TRUE(doc["errors"].empty());
}

TEST(ReportWriter, JunitHasATestcasePerCheck)
{
  std::ostringstream out;
  write_junit(sample(), out);
  const std::string xml = out.str();
  EXPECT_THAT(
    xml,
    ::testing::HasSubstr("<testsuites tests=\"21\" failures=\"1\" errors=\"0\" skipped=\"18\">"));
  EXPECT_THAT(
    xml,
    ::testing::HasSubstr("<testcase classname=\"dualstack.verify.nodes\" name=\"node-pod-cidrs\">\n"
                         "      <failure message=\"1 of 3 objects failed: "));
  EXPECT_THAT(xml, ::testing::HasSubstr("<skipped message=\"pods.json not given\"/>"));
}

TEST(ReportWriter, InputErrorsAreReportedInEveryFormat)
{
  auto report = sample();
  InputError e;
  e.source = "pods.json";
  e.message = "truncated: the input ends inside item 7";
  e.offset = 99;
  e.item = 7;
  report.errors.push_back(e);
  std::ostringstream text, js, xml;
  write_text(report, text);
  write_json(report, js);
  write_junit(report, xml);
  EXPECT_THAT(text.str(),
              ::testing::HasSubstr(
                "error: pods.json: byte 99 (item 7): truncated: the input ends inside item 7\n"));
  EXPECT_EQ(json::parse(js.str())["summary"]["exit_status"], 2);
  EXPECT_EQ(json::parse(js.str())["errors"][0]["item"], 7);
  EXPECT_THAT(xml.str(),
              ::testing::HasSubstr("<error message=\"pods.json: byte 99 (item 7): truncated"));
}

TEST(CheckCatalog, EveryCheckHasAUniqueIdAndADescription)
{
  std::set<std::string_view> ids;
  for (const auto& check : cluster_checks()) {
    EXPECT_TRUE(ids.insert(check.id).second) << check.id;
    EXPECT_FALSE(check.description.empty());
    EXPECT_EQ(cluster_checks().key(check.id), check.key);
  }
  EXPECT_EQ(ids.size(), check_count);
}

} // namespace
} // namespace dualstack::verify::testing
