// Tests for endpointslice-address-type.
#include "verify_test_support.hpp"

namespace dualstack::verify::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(EndpointSliceChecks, PassMatchingAddresses)
{
  const auto report = run(test_plan(),
                          Resource::endpointslices,
                          { slice("a", "web-v4", "IPv4", { "10.244.1.5", "10.244.1.6" }),
                            slice("a", "web-v6", "IPv6", { "fd00:10:244:1::5" }),
                            slice("a", "ext", "FQDN", { "db.example.com" }),
                            slice("a", "empty", "IPv4", {}) });
  EXPECT_THAT(report.findings, IsEmpty());
  EXPECT_EQ(result(report, "endpointslice-address-type").objects, 4u);
}

TEST(EndpointSliceChecks, FlagsAddressesOfTheOtherFamily)
{
  const auto report = run(test_plan(),
                          Resource::endpointslices,
                          { slice("a", "web-v4", "IPv4", { "10.244.1.5", "fd00:10:244:1::5" }),
                            slice("a", "bogus", "IPv5", { "10.244.1.5" }) });
  EXPECT_THAT(flagged(report, "endpointslice-address-type"), ElementsAre("a/web-v4", "a/bogus"));
  EXPECT_EQ(report.findings[0].message,
            "EndpointSlice a/web-v4: address fd00:10:244:1::5 is not IPv4");
  EXPECT_EQ(report.findings[1].message, "EndpointSlice a/bogus: unknown addressType `IPv5`");
}

TEST(EndpointSliceChecks, FlagsAFamilyTheClusterDoesNotHave)
{
  const auto report = run(test_plan(false),
                          Resource::endpointslices,
                          { slice("a", "web-v6", "IPv6", { "fd00:10:244:1::5" }) });
  EXPECT_THAT(flagged(report, "endpointslice-address-type"), ElementsAre("a/web-v6"));
}

} // namespace
} // namespace dualstack::verify::testing
