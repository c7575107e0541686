// Benchmarks PrefixSet::overlaps() on large random sets: mostly disjoint, some nested.
#include <dualstack/net/prefix_set.hpp>

#include <benchmark/benchmark.h>

#include <random>

namespace {

using dualstack::net::Address;
using dualstack::net::Prefix;
using dualstack::net::PrefixSet;
using dualstack::net::u128;

// Builds `count` prefixes like a large plan's: half IPv6 /64s under fd00::/16 and half IPv4 /28s
// under 10.0.0.0/8 (random, so a few collide), and one in twenty an enclosing /48 or /20 of an
// earlier prefix, so nesting and duplicates occur.
PrefixSet make_set(std::size_t count, std::uint64_t seed)
{
  std::mt19937_64 rng(seed);
  PrefixSet set;
  for (std::size_t i = 0; i < count; ++i) {
    if (i > 0 && rng() % 20 == 0) {
      const Prefix& earlier = set[rng() % set.size()];
      set.add(Prefix::masked(earlier.network(),
                             earlier.family() == dualstack::net::Family::ipv6 ? 48 : 20));
    } else if (rng() % 2 == 0) {
      const u128 network = (u128{ 0xfd00 } << 112) | (u128{ rng() & 0xffff'ffff'ffff } << 64);
      set.add(Prefix(Address::v6(network), 64));
    } else {
      const auto network = 0x0a00'0000u | (static_cast<std::uint32_t>(rng()) & 0x00ff'fff0u);
      set.add(Prefix(Address::v4(network), 28));
    }
  }
  return set;
}

void BM_PrefixSetOverlaps(benchmark::State& state)
{
  const auto set = make_set(static_cast<std::size_t>(state.range(0)), 42);
  std::size_t pairs = 0;
  for (auto _ : state) {
    const auto overlaps = set.overlaps();
    pairs = overlaps.size();
    benchmark::DoNotOptimize(overlaps.data());
  }
  state.counters["pairs"] = static_cast<double>(pairs);
  state.SetItemsProcessed(state.iterations() * state.range(0));
}

BENCHMARK(BM_PrefixSetOverlaps)
  ->Arg(1'000)
  ->Arg(10'000)
  ->Arg(100'000)
  ->Unit(benchmark::kMillisecond);

} // namespace
