// Secret: holds a credential, and redact() removes it from text.
#include <dualstack/verify/kube/secret.hpp>

#include <gtest/gtest.h>

using namespace dualstack::verify::kube;

TEST(Secret, RevealsOnlyOnRequest)
{
  const Secret secret("tok");
  EXPECT_EQ(secret.reveal(), "tok");
  EXPECT_FALSE(secret.empty());
  EXPECT_TRUE(Secret().empty());
}

TEST(Secret, MoveLeavesTheSourceEmpty)
{
  Secret a("tok");
  Secret b(std::move(a));
  EXPECT_EQ(b.reveal(), "tok");
  EXPECT_TRUE(a.empty()); // NOLINT(bugprone-use-after-move): the wipe is the point
  Secret c;
  c = std::move(b);
  EXPECT_EQ(c.reveal(), "tok");
  EXPECT_TRUE(b.empty()); // NOLINT(bugprone-use-after-move)
}

TEST(Secret, RedactReplacesEveryOccurrence)
{
  EXPECT_EQ(redact("Bearer abc and abc again", Secret("abc")),
            "Bearer [redacted] and [redacted] again");
  EXPECT_EQ(redact("nothing here", Secret("abc")), "nothing here");
  EXPECT_EQ(redact("empty secret", Secret()), "empty secret");
}

TEST(Secret, RedactTerminatesWhenTheReplacementContainsTheSecret)
{
  // "[redacted]" contains "d": the scan must continue after each replacement.
  EXPECT_EQ(redact("x d x d", Secret("d")), "x [redacted] x [redacted]");
}
