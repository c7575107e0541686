// Registry: the checks a table passes while it compiles, and lookups by key and by string id.
#include <dualstack/util/registry.hpp>

#include <gtest/gtest.h>

#include <span>

namespace dualstack::util {
namespace {

enum class Fruit
{
  apple,
  banana,
  cherry,
  count_
};

struct FruitInfo
{
  Fruit key;
  std::string_view id;
  std::string_view description;
  int calories; // what this registry carries that others don't
};

struct NoteInfo
{
  std::string_view id;
  std::string_view description;
};

constexpr FruitInfo fruit_rows[] = {
  { Fruit::apple, "apple", "round", 52 },
  { Fruit::banana, "banana", "long", 89 },
  { Fruit::cherry, "cherry", "small", 50 },
};

constexpr Registry<FruitInfo> fruits{ "eat", fruit_rows };

template<typename Entry, std::size_t N>
constexpr RegistryProblem problem_of(const Entry (&rows)[N])
{
  return registry_problem(std::span<const Entry>(rows));
}

// The build of a registry runs these same checks; a table with a problem does not compile.
TEST(Registry, AcceptsRowsInKeyOrderWithUniqueIds)
{
  static_assert(problem_of(fruit_rows) == RegistryProblem::none);
  EXPECT_EQ(problem_of(fruit_rows), RegistryProblem::none);
}

TEST(Registry, FindsAStringIdRegisteredTwice)
{
  constexpr FruitInfo rows[] = {
    { Fruit::apple, "apple", "round", 52 },
    { Fruit::banana, "banana", "long", 89 },
    { Fruit::cherry, "apple", "small", 50 },
  };
  static_assert(problem_of(rows) == RegistryProblem::id_given_twice);
  EXPECT_EQ(problem_of(rows), RegistryProblem::id_given_twice);

  constexpr NoteInfo notes[] = { { "a", "first" }, { "b", "second" }, { "a", "again" } };
  EXPECT_EQ(problem_of(notes), RegistryProblem::id_given_twice);
}

TEST(Registry, FindsACatalogueOutOfKeyOrder)
{
  constexpr FruitInfo swapped[] = {
    { Fruit::apple, "apple", "round", 52 },
    { Fruit::cherry, "cherry", "small", 50 },
    { Fruit::banana, "banana", "long", 89 },
  };
  static_assert(problem_of(swapped) == RegistryProblem::key_out_of_order);
  EXPECT_EQ(problem_of(swapped), RegistryProblem::key_out_of_order);

  constexpr FruitInfo key_twice[] = {
    { Fruit::apple, "apple", "round", 52 },
    { Fruit::apple, "banana", "long", 89 },
    { Fruit::cherry, "cherry", "small", 50 },
  };
  EXPECT_EQ(problem_of(key_twice), RegistryProblem::key_out_of_order);
}

TEST(Registry, FindsAKeyWithoutARowAndARowWithoutAnId)
{
  constexpr FruitInfo missing[] = {
    { Fruit::apple, "apple", "round", 52 },
    { Fruit::banana, "banana", "long", 89 },
  };
  static_assert(problem_of(missing) == RegistryProblem::row_count);
  EXPECT_EQ(problem_of(missing), RegistryProblem::row_count);

  constexpr NoteInfo unnamed[] = { { "a", "first" }, { "", "second" } };
  EXPECT_EQ(problem_of(unnamed), RegistryProblem::empty_id);
}

TEST(Registry, LooksUpByKeyAndByStringIdInDeclaredOrder)
{
  EXPECT_EQ(fruits.stage(), "eat");
  EXPECT_EQ(fruits.size(), 3u);
  EXPECT_EQ(fruits[Fruit::banana].id, "banana");
  EXPECT_EQ(fruits[Fruit::cherry].calories, 50);
  EXPECT_EQ(fruits.find("cherry"), &fruit_rows[2]);
  EXPECT_EQ(fruits.find("durian"), nullptr);
  EXPECT_EQ(fruits.key("banana"), Fruit::banana);
  EXPECT_EQ(fruits.key("durian"), std::nullopt);
  EXPECT_EQ(fruits.position("cherry"), 2u);
  EXPECT_EQ(fruits.position("durian"), std::nullopt);
  std::string order;
  for (const auto& fruit : fruits)
    order += std::string(fruit.id) + " ";
  EXPECT_EQ(order, "apple banana cherry ");
}

TEST(Registry, ListsEveryEntryWithItsStage)
{
  const auto listed = fruits.listed();
  ASSERT_EQ(listed.size(), 3u);
  EXPECT_EQ(listed[1].id, "banana");
  EXPECT_EQ(listed[1].stage, "eat");
  EXPECT_EQ(listed[1].description, "long");
}

} // namespace
} // namespace dualstack::util
