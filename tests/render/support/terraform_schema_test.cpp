// Tests for the Terraform JSON validator used by the render tests: it must reject what Terraform
// and the OpenStack provider reject, with the JSON pointer of the offending value.
#include "terraform_schema.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <set>
#include <string>
#include <vector>

namespace dualstack::testing {
namespace {

using json = nlohmann::json;

// --- the validator itself ------------------------------------------------------------------------

json minimal_document()
{
  return json::parse(R"({
    "variable": {"image": {"type": "string"}},
    "resource": {
      "openstack_networking_network_v2": {"n": {"name": "n"}},
      "openstack_networking_subnet_v2": {"s": {"network_id": "${openstack_networking_network_v2.n.id}",
                                               "cidr": "fd00::/64", "ip_version": 6}}
    }
  })");
}

std::vector<TerraformError> check(const json& document)
{
  return TerraformSchema::openstack().validate(document);
}

std::string messages(const json& document)
{
  return to_string(check(document));
}

TEST(TerraformSchemaValidator, AcceptsAMinimalValidDocument)
{
  EXPECT_TRUE(check(minimal_document()).empty()) << messages(minimal_document());
}

TEST(TerraformSchemaValidator, RejectsAnUnknownArgumentWithItsPointer)
{
  json doc = minimal_document();
  doc["resource"]["openstack_networking_subnet_v2"]["s"]["ipv6_mode"] = "slaac";
  const auto errors = check(doc);
  ASSERT_EQ(errors.size(), 1u) << messages(doc);
  EXPECT_EQ(errors[0].pointer, "/resource/openstack_networking_subnet_v2/s/ipv6_mode");
  EXPECT_EQ(errors[0].message, "An argument named \"ipv6_mode\" is not expected here");
}

TEST(TerraformSchemaValidator, RejectsAValueOutsideTheProviderEnum)
{
  json doc = minimal_document();
  doc["resource"]["openstack_networking_subnet_v2"]["s"]["ip_version"] = 5;
  EXPECT_NE(messages(doc).find("is not one of [4,6]"), std::string::npos) << messages(doc);
  doc["resource"]["openstack_networking_subnet_v2"]["s"]["ip_version"] = 6;
  doc["resource"]["openstack_networking_subnet_v2"]["s"]["ipv6_ra_mode"] = "dhcpv6";
  EXPECT_EQ(check(doc).size(), 1u) << messages(doc);
}

TEST(TerraformSchemaValidator, RejectsAMissingRequiredArgument)
{
  json doc = minimal_document();
  doc["resource"]["openstack_networking_subnet_v2"]["s"].erase("network_id");
  EXPECT_NE(messages(doc).find("`network_id` is required"), std::string::npos) << messages(doc);
}

TEST(TerraformSchemaValidator, RejectsSettingAComputedOnlyAttribute)
{
  json doc = minimal_document();
  doc["resource"]["openstack_networking_subnet_v2"]["s"]["all_tags"] = json::array({ "a" });
  EXPECT_NE(messages(doc).find("computed-only"), std::string::npos) << messages(doc);
}

TEST(TerraformSchemaValidator, RejectsAWrongJsonType)
{
  json doc = minimal_document();
  doc["resource"]["openstack_networking_subnet_v2"]["s"]["dns_nameservers"] = "fd00::53";
  EXPECT_EQ(check(doc).size(), 1u) << messages(doc);
  doc["resource"]["openstack_networking_subnet_v2"]["s"]["dns_nameservers"] =
    json::array({ "fd00::53" });
  doc["resource"]["openstack_networking_subnet_v2"]["s"]["enable_dhcp"] = "yes";
  EXPECT_EQ(check(doc).size(), 1u) << messages(doc);
}

TEST(TerraformSchemaValidator, RejectsAReferenceToAnUndeclaredResourceOrVariable)
{
  json doc = minimal_document();
  doc["resource"]["openstack_networking_subnet_v2"]["s"]["network_id"] =
    "${openstack_networking_network_v2.m.id}";
  doc["resource"]["openstack_networking_subnet_v2"]["s"]["name"] = "${var.missing}";
  const auto errors = check(doc);
  ASSERT_EQ(errors.size(), 2u) << messages(doc);
  std::set<std::string> found;
  for (const auto& e : errors)
    found.insert(e.pointer + ": " + e.message);
  EXPECT_EQ(
    found,
    (std::set<std::string>{
      "/resource/openstack_networking_subnet_v2/s/name: reference to undeclared input variable "
      "`var.missing`",
      "/resource/openstack_networking_subnet_v2/s/network_id: reference to undeclared resource "
      "`openstack_networking_network_v2.m`" }));
}

TEST(TerraformSchemaValidator, RejectsAnUnterminatedTemplate)
{
  json doc = minimal_document();
  doc["resource"]["openstack_networking_subnet_v2"]["s"]["name"] = "x-${var.image";
  EXPECT_NE(messages(doc).find("unterminated template sequence"), std::string::npos)
    << messages(doc);
}

TEST(TerraformSchemaValidator, RejectsAnUnknownTopLevelBlockAndResourceType)
{
  json doc = minimal_document();
  doc["resources"] = json::object();
  doc["resource"]["openstack_lb_loadbalancer_v2"]["lb"] = json::object();
  EXPECT_EQ(check(doc).size(), 2u) << messages(doc);
}

TEST(TerraformSchemaValidator, RejectsNestedBlocksThatAreNotObjects)
{
  json doc = minimal_document();
  doc["resource"]["openstack_networking_subnet_v2"]["s"]["allocation_pool"] =
    json::array({ "fd00::10" });
  EXPECT_NE(messages(doc).find("block body must be a JSON object"), std::string::npos)
    << messages(doc);
}

TEST(TerraformSchemaValidator, RejectsCountTogetherWithForEach)
{
  json doc = minimal_document();
  doc["resource"]["openstack_networking_network_v2"]["n"]["count"] = 2;
  doc["resource"]["openstack_networking_network_v2"]["n"]["for_each"] = "${toset([\"a\"])}";
  EXPECT_NE(messages(doc).find("both `count` and `for_each`"), std::string::npos) << messages(doc);
}

TEST(TerraformSchemaValidator, RejectsConflictingArguments)
{
  json doc = minimal_document();
  doc["resource"]["openstack_networking_subnet_v2"]["s"]["prefix_length"] = 64;
  EXPECT_NE(messages(doc).find("conflicts with"), std::string::npos) << messages(doc);
}

} // namespace
} // namespace dualstack::testing
