// Test helpers for the net library: GoogleTest printers and expectations on parse errors.
#pragma once

#include <dualstack/net/address.hpp>
#include <dualstack/net/prefix.hpp>
#include <dualstack/net/prefix_set.hpp>

#include <gtest/gtest.h>

#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>

namespace dualstack::net {

// Prints `address` for GoogleTest failure messages.
inline void PrintTo(const Address& address, std::ostream* out)
{
  *out << to_string(address.family()) << " " << address.to_string();
}

// Prints `prefix` for GoogleTest failure messages.
inline void PrintTo(const Prefix& prefix, std::ostream* out)
{
  *out << prefix.to_string();
}

// Prints `overlap` for GoogleTest failure messages.
inline void PrintTo(const Overlap& overlap, std::ostream* out)
{
  *out << "(" << overlap.first << ", " << overlap.second << ")";
}

// Prints `error` for GoogleTest failure messages.
inline void PrintTo(const ParseError& error, std::ostream* out)
{
  *out << "{message: \"" << error.message << "\", hint: \"" << error.hint << "\"}";
}

} // namespace dualstack::net

namespace dualstack::net::testing {

// Builds an IPv6 value from its high and low 64 bits.
constexpr u128 v6_value(std::uint64_t high, std::uint64_t low)
{
  return (u128{ high } << 64) | low;
}

// Returns the largest u128.
constexpr u128 u128_max = ~u128{ 0 };

// One rejected input with the exact message and hint it must produce.
struct Rejection
{
  std::string_view input;
  std::string_view message;
  std::string_view hint;
};

// Expects `parse(rejection.input)` to fail with exactly the message and hint of `rejection`.
template<typename Parse>
void expect_rejection(Parse parse, const Rejection& rejection)
{
  SCOPED_TRACE(::testing::Message() << "input: \"" << std::string(rejection.input) << "\"");
  const auto result = parse(rejection.input);
  ASSERT_FALSE(result.has_value()) << "parsed, but should have been rejected";
  EXPECT_EQ(result.error().message, rejection.message);
  EXPECT_EQ(result.error().hint, rejection.hint);
}

// Expects `Address::parse(text)` to fail with `message` and `hint`.
inline void expect_address_rejection(std::string_view text,
                                     std::string_view message,
                                     std::string_view hint)
{
  expect_rejection([](std::string_view t) { return Address::parse(t); },
                   Rejection{ text, message, hint });
}

// Expects `Prefix::parse(text)` to fail with `message` and `hint`.
inline void expect_prefix_rejection(std::string_view text,
                                    std::string_view message,
                                    std::string_view hint)
{
  expect_rejection([](std::string_view t) { return Prefix::parse(t); },
                   Rejection{ text, message, hint });
}

// Expects `parse_interface_address(text)` to fail with `message` and `hint`.
inline void expect_interface_rejection(std::string_view text,
                                       std::string_view message,
                                       std::string_view hint)
{
  expect_rejection([](std::string_view t) { return parse_interface_address(t); },
                   Rejection{ text, message, hint });
}

// Returns the address `text` parses to, failing the test if it does not parse.
inline Address address(std::string_view text)
{
  const auto result = Address::parse(text);
  EXPECT_TRUE(result.has_value()) << "`" << text
                                  << "`: " << (result ? std::string() : result.error().message);
  return result.value_or(Address());
}

// Returns the prefix `text` parses to, failing the test if it does not parse.
inline Prefix prefix(std::string_view text)
{
  const auto result = Prefix::parse(text);
  EXPECT_TRUE(result.has_value()) << "`" << text
                                  << "`: " << (result ? std::string() : result.error().message);
  return result.value_or(Prefix());
}

} // namespace dualstack::net::testing
