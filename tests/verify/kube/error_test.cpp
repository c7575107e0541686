// kube::Error printing: compiler-style lines, rule ids, conversion to a Finding.
#include <dualstack/verify/kube/error.hpp>

#include <gtest/gtest.h>

#include <set>

using namespace dualstack;
using namespace dualstack::verify::kube;

TEST(KubeError, FormatsLikeACompiler)
{
  Error error;
  error.kind = ErrorKind::kubeconfig;
  error.where = "kubeconfig";
  error.pos = { 3, 5 };
  error.message = "cluster `c` has no `server`";
  error.hint = "add it";
  EXPECT_EQ(format_error(error),
            "kubeconfig:3:5: error[kubeconfig]: cluster `c` has no `server`\n  hint: add it");
  error.pos = {};
  error.hint.clear();
  EXPECT_EQ(format_error(error), "kubeconfig: error[kubeconfig]: cluster `c` has no `server`");
  error.where.clear();
  EXPECT_EQ(format_error(error), "error[kubeconfig]: cluster `c` has no `server`");
}

TEST(KubeError, BecomesAFinding)
{
  Error error;
  error.kind = ErrorKind::forbidden;
  error.where = "https://h/api/v1/pods";
  error.message = "m";
  error.hint = "h";
  const Finding finding = to_finding(error);
  EXPECT_EQ(finding.rule, "kube-forbidden");
  EXPECT_EQ(finding.severity, Severity::error);
  EXPECT_EQ(finding.file, "https://h/api/v1/pods");
  EXPECT_EQ(finding.message, "m");
  EXPECT_EQ(finding.hint, "h");
}

TEST(KubeError, EveryKindHasADistinctRuleId)
{
  std::set<std::string_view> ids;
  for (int k = 0; k <= static_cast<int>(ErrorKind::sink); ++k) {
    ids.insert(rule_id(static_cast<ErrorKind>(k)));
  }
  EXPECT_EQ(ids.size(), static_cast<std::size_t>(ErrorKind::sink) + 1);
}
