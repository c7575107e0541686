// Tests of the YAML emitter every manifest and kubeadm config is written with (render/yaml.hpp):
// strings read back as strings however they look, scalars keep their types, multi-line strings
// read back exactly, and the layout is yaml-cpp's block style.
#include "support/k8s_schema.hpp"

#include <dualstack/render/yaml.hpp>

#include <gtest/gtest.h>

#include <cstdint>
#include <string>

namespace dualstack::render {
namespace {

using nlohmann::json;
using testing::parse_yaml_documents;

// Emits {"v": value} and reads it back with kubectl's typing.
json round_trip(const Json& value)
{
  const auto documents = parse_yaml_documents(to_yaml(Json{ { "v", value } }));
  return documents.at(0).at("v");
}

TEST(YamlEmitter, StringsReadBackAsStringsHoweverTheyLook)
{
  for (const std::string s : { "true",
                               "False",
                               "yes",
                               "ON",
                               "n",
                               "null",
                               "~",
                               "",
                               "26",
                               "-7",
                               "1.5",
                               "1e3",
                               "0x1F",
                               "0o17",
                               ".inf",
                               "172.30.154.2",
                               "2001:db8::1",
                               "5663:12",
                               "-x",
                               "a: b",
                               "#c",
                               " lead",
                               "trail ",
                               "x #y",
                               "it's",
                               "say \"hi\"",
                               "back\\slash",
                               "fd00::/120",
                               "10.244.0.0/16",
                               "all()",
                               "cidr=fd00::/120",
                               "route-reflector == 'true'",
                               "tab\there",
                               "[x]",
                               "{x}",
                               "*ref",
                               "&a",
                               "!tag",
                               "|",
                               ">",
                               "%p",
                               "@at",
                               "`tick`",
                               "a,b",
                               "?",
                               "-",
                               "::1",
                               "x:",
                               "${KUBEADM_BOOTSTRAP_TOKEN}" }) {
    EXPECT_EQ(round_trip(s), json(s)) << "`" << s << "` came back changed";
  }
}

TEST(YamlEmitter, KeysReadBackAsStringsToo)
{
  const Json doc = { { "true", 1 }, { "26", 2 }, { "a b", 3 }, { "plain", 4 } };
  EXPECT_EQ(parse_yaml_documents(to_yaml(doc)).at(0), json::parse(doc.dump()));
}

TEST(YamlEmitter, ScalarsKeepTheirTypes)
{
  EXPECT_EQ(round_trip(true), json(true));
  EXPECT_EQ(round_trip(122), json(122));
  EXPECT_EQ(round_trip(std::uint32_t{ 4200000000 }), json(std::uint32_t{ 4200000000 }));
  EXPECT_TRUE(round_trip(nullptr).is_null());
  EXPECT_EQ(round_trip(Json::array()), json::array());
  EXPECT_EQ(round_trip(Json::object()), json::object());
}

TEST(YamlEmitter, MultiLineStringsReadBackExactlyAndOneEndingInANewlineIsALiteralBlock)
{
  for (const std::string s :
       { "{\n  \"a\": 1\n}", "line\n", "a\n\nb", "a\n  b\n", " lead\nx", "x\n\n", "\nx" }) {
    EXPECT_EQ(round_trip(s), json(s)) << s;
  }
  EXPECT_EQ(to_yaml(Json{ { "k", "a\nb\n" } }), "k: |\n  a\n  b\n");
  // yaml-cpp writes no `|-`, so a string without a final newline is double-quoted instead.
  EXPECT_EQ(to_yaml(Json{ { "k", "a\nb" } }), "k: \"a\\nb\"\n");
}

TEST(YamlEmitter, QuotingAlwaysDoubleQuotesEveryStringValueButNoKey)
{
  const Json doc = { { "kind", "InitConfiguration" }, { "maxPods", 110 }, { "cmd", "a\nb\n" } };
  EXPECT_EQ(to_yaml(doc, Quoting::always),
            "kind: \"InitConfiguration\"\nmaxPods: 110\ncmd: \"a\\nb\\n\"\n");
  EXPECT_EQ(parse_yaml_documents(to_yaml(doc, Quoting::always)).at(0), json::parse(doc.dump()));
}

TEST(YamlEmitter, NestsListsUnderTheirKeyAndMapsInLists)
{
  const Json doc = {
    { "a", { { "b", Json::array({ 1, 2 }) } } },
    { "list", Json::array({ { { "name", "x" }, { "value", "1" } }, Json::array({ "z" }) }) },
  };
  EXPECT_EQ(to_yaml(doc),
            "a:\n  b:\n    - 1\n    - 2\nlist:\n  - name: x\n    value: \"1\"\n  -\n    - z\n");
  EXPECT_EQ(parse_yaml_documents(to_yaml(doc)).at(0), json::parse(doc.dump()));
}

TEST(YamlEmitter, StreamStartsWithCommentsAndSeparatesDocuments)
{
  const std::string stream =
    yaml_stream({ "first", "" }, { Json{ { "a", 1 } }, Json{ { "b", 2 } } });
  EXPECT_EQ(stream, "# first\n#\n---\na: 1\n---\nb: 2\n");
}

} // namespace
} // namespace dualstack::render
