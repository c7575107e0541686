// Tests of the shared manifest validator: kubectl-like YAML typing and strict schema checks.
#include "support/k8s_schema.hpp"

#include <yaml-cpp/yaml.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

namespace dualstack::testing {
namespace {

using nlohmann::json;

json typed(const std::string& yaml)
{
  return yaml_to_json(YAML::Load(yaml));
}

// Returns whether some error of `errors` is at `pointer` and mentions `words`.
bool has_error(const std::vector<SchemaError>& errors,
               const std::string& pointer,
               const std::string& words)
{
  return std::any_of(errors.begin(), errors.end(), [&](const SchemaError& e) {
    return e.pointer == pointer && e.message.find(words) != std::string::npos;
  });
}

const std::string valid_pool = R"(apiVersion: crd.projectcalico.org/v1
kind: IPPool
metadata:
  name: default-ipv6-ippool
spec:
  cidr: fdff:2::/56
  blockSize: 122
  natOutgoing: false
  nodeSelector: all()
)";

TEST(YamlToJson, QuotedScalarsStayStrings)
{
  const json j = typed("a: \"true\"\nb: '26'\nc: \"null\"\nd: ''\n");
  EXPECT_EQ(j["a"], json("true"));
  EXPECT_EQ(j["b"], json("26"));
  EXPECT_EQ(j["c"], json("null"));
  EXPECT_EQ(j["d"], json(""));
}

TEST(YamlToJson, PlainScalarsAreTypedLikeKubectl)
{
  const json j = typed("t: true\ny: yes\no: Off\ni: 26\nneg: -7\nhex: 0x1F\noct: 0o17\n"
                       "f: 1.5\nn: null\ntilde: ~\nempty:\ns: fd00::/120\nip: 10.0.0.1\n"
                       "sexagesimal: 5663:12\n");
  EXPECT_EQ(j["t"], json(true));
  EXPECT_EQ(j["y"], json(true));
  EXPECT_EQ(j["o"], json(false));
  EXPECT_EQ(j["i"], json(26));
  EXPECT_TRUE(j["i"].is_number_integer());
  EXPECT_EQ(j["neg"], json(-7));
  EXPECT_EQ(j["hex"], json(31));
  EXPECT_EQ(j["oct"], json(15));
  EXPECT_TRUE(j["f"].is_number_float());
  EXPECT_DOUBLE_EQ(j["f"].get<double>(), 1.5);
  EXPECT_TRUE(j["n"].is_null());
  EXPECT_TRUE(j["tilde"].is_null());
  EXPECT_TRUE(j["empty"].is_null());
  EXPECT_EQ(j["s"], json("fd00::/120"));
  EXPECT_EQ(j["ip"], json("10.0.0.1"));
  EXPECT_EQ(j["sexagesimal"], json("5663:12"));
}

TEST(YamlToJson, BlockScalarsAndExplicitStrTagAreStrings)
{
  const json j = typed("lit: |\n  {\"a\": 1}\nfold: >-\n  true\nstr: !!str 5\n");
  EXPECT_EQ(j["lit"], json("{\"a\": 1}\n"));
  EXPECT_EQ(j["fold"], json("true"));
  EXPECT_EQ(j["str"], json("5"));
}

TEST(YamlToJson, RejectsDuplicateKeys)
{
  EXPECT_THROW(typed("a: 1\na: 2\n"), std::runtime_error);
}

TEST(ParseYamlDocuments, SkipsEmptyDocumentsAndComments)
{
  const auto documents = parse_yaml_documents("# header\n---\na: 1\n---\n---\nb: 2\n---\n# end\n");
  ASSERT_EQ(documents.size(), 2u);
  EXPECT_EQ(documents[0]["a"], json(1));
  EXPECT_EQ(documents[1]["b"], json(2));
}

TEST(K8sSchemas, AcceptsValidIPPool)
{
  const auto errors = K8sSchemas::shared().validate_yaml(valid_pool);
  EXPECT_TRUE(errors.empty()) << format_errors(errors);
}

TEST(K8sSchemas, RejectsUnknownFieldWithPointerToIt)
{
  const auto errors = K8sSchemas::shared().validate_yaml(valid_pool + "  ipv6Magic: true\n");
  EXPECT_TRUE(has_error(errors, "/spec/ipv6Magic", "unknown field")) << format_errors(errors);
}

TEST(K8sSchemas, RejectsQuotedNumberWhereSchemaWantsInteger)
{
  std::string yaml = valid_pool;
  yaml.replace(yaml.find("blockSize: 122"), 14, "blockSize: \"122\"");
  const auto errors = K8sSchemas::shared().validate_yaml(yaml);
  EXPECT_TRUE(has_error(errors, "/spec/blockSize", "type")) << format_errors(errors);
}

TEST(K8sSchemas, RejectsWrongEnumValue)
{
  const auto errors = K8sSchemas::shared().validate_yaml(R"(apiVersion: operator.tigera.io/v1
kind: Installation
metadata:
  name: default
spec:
  calicoNetwork:
    ipPools:
    - cidr: 10.244.0.0/16
      natOutgoing: "true"
)");
  EXPECT_TRUE(has_error(errors, "/spec/calicoNetwork/ipPools/0/natOutgoing", "enum"))
    << format_errors(errors);
}

TEST(K8sSchemas, RejectsUnknownFieldsDeepInLargeSchemas)
{
  auto errors = K8sSchemas::shared().validate_yaml(R"(apiVersion: operator.tigera.io/v1
kind: Installation
metadata:
  name: default
spec:
  calicoNetwork:
    nodeAddressAutodetectionV6:
      cidr: fd00::/120
)");
  EXPECT_TRUE(
    has_error(errors, "/spec/calicoNetwork/nodeAddressAutodetectionV6/cidr", "unknown field"))
    << format_errors(errors);
  errors = K8sSchemas::shared().validate_yaml(R"(apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: calico-node
spec:
  selector:
    matchLabels:
      k8s-app: calico-node
  template:
    spec:
      containers:
      - name: calico-node
        environment: []
)");
  EXPECT_TRUE(has_error(errors, "/spec/template/spec/containers/0/environment", "unknown field"))
    << format_errors(errors);
}

TEST(K8sSchemas, RejectsMissingRequiredField)
{
  const auto errors = K8sSchemas::shared().validate_yaml(R"(apiVersion: crd.projectcalico.org/v1
kind: IPPool
metadata:
  name: p
spec:
  blockSize: 26
)");
  EXPECT_TRUE(has_error(errors, "/spec", "cidr")) << format_errors(errors);
}

TEST(K8sSchemas, RejectsDaemonSetWithoutSelector)
{
  const auto errors = K8sSchemas::shared().validate_yaml(R"(apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: calico-node
spec:
  template:
    spec:
      containers:
      - name: calico-node
        env:
        - name: MTU
          value: 1450
)");
  EXPECT_TRUE(has_error(errors, "/spec", "selector")) << format_errors(errors);
  EXPECT_TRUE(has_error(errors, "/spec/template/spec/containers/0/env/0/value", "type"))
    << format_errors(errors);
}

TEST(K8sSchemas, KindWithoutSchemaIsAnErrorNotASkip)
{
  const auto errors = K8sSchemas::shared().validate_yaml(
    "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\n");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].kind, "apps/v1/Deployment");
  EXPECT_NE(errors[0].message.find("no schema"), std::string::npos);
}

TEST(K8sSchemas, DocumentWithoutKindIsAnError)
{
  const auto errors = K8sSchemas::shared().validate_yaml("metadata:\n  name: x\n");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].message.find("apiVersion and kind"), std::string::npos);
}

TEST(K8sSchemas, ValidatesEveryItemOfAList)
{
  const auto errors = K8sSchemas::shared().validate_yaml(R"(apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: ConfigMap
  metadata:
    name: ok
  data:
    a: "1"
- apiVersion: v1
  kind: ConfigMap
  metadata:
    name: bad
  data:
    a: 1
)");
  EXPECT_TRUE(has_error(errors, "/items/1/data/a", "type")) << format_errors(errors);
  EXPECT_FALSE(std::any_of(errors.begin(), errors.end(), [](const SchemaError& e) {
    return e.pointer.rfind("/items/0", 0) == 0;
  }));
}

TEST(K8sSchemas, ReportsTheDocumentIndexOfEachError)
{
  const auto errors =
    K8sSchemas::shared().validate_yaml(valid_pool + "---\n" + valid_pool + "  bogus: 1\n");
  ASSERT_FALSE(errors.empty());
  EXPECT_EQ(errors[0].document, 1u);
  EXPECT_EQ(errors[0].kind, "crd.projectcalico.org/v1/IPPool");
}

TEST(K8sSchemas, ReportsYamlSyntaxAndEmptyStreamsAsErrors)
{
  EXPECT_FALSE(K8sSchemas::shared().validate_yaml("a: [1, 2\n").empty());
  EXPECT_FALSE(K8sSchemas::shared().validate_yaml("# nothing\n").empty());
  EXPECT_FALSE(K8sSchemas::shared().validate_yaml("a: 1\na: 2\n").empty());
}

TEST(K8sSchemas, KnowsWhichKindsHaveSchemas)
{
  EXPECT_TRUE(K8sSchemas::shared().has_schema("apps/v1/DaemonSet"));
  EXPECT_TRUE(K8sSchemas::shared().has_schema("operator.tigera.io/v1/Installation"));
  EXPECT_FALSE(K8sSchemas::shared().has_schema("apps/v1/Deployment"));
}

TEST(IsValidK8sYaml, FailureMessageNamesThePointer)
{
  const auto result = IsValidK8sYaml(valid_pool + "  ipv6Magic: true\n");
  EXPECT_FALSE(result);
  EXPECT_NE(std::string(result.message()).find("/spec/ipv6Magic"), std::string::npos);
  EXPECT_TRUE(IsValidK8sYaml(valid_pool));
}

} // namespace
} // namespace dualstack::testing
