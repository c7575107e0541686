// check + plan of a generated 5,000-node config (goal: under 100 ms), from text to Plan.
#include <dualstack/config/loader.hpp>
#include <dualstack/plan/derive.hpp>

#include <benchmark/benchmark.h>
#include <fmt/format.h>

namespace {

// Returns a dual-stack config with `nodes` nodes (3 masters, the rest workers) and 200 peers.
std::string big_config(int nodes)
{
  std::string text = R"([terraform]
ipv6_enabled = true
subnet_cidr = "10.0.0.0/18"
subnet_v6_cidr = "fd00::/112"
gateway_count = 3
)";
  for (int i = 0; i < nodes; ++i) {
    text +=
      fmt::format("[terraform.nodes.node-{}]\nrole = \"{}\"\n", i, i < 3 ? "master" : "worker");
  }
  text += R"([kubernetes]
version = "1.31.4"
[kubernetes.network]
pod_subnet = "10.128.0.0/10"
pod_subnet_v6 = "fdff:2::/48"
[kubernetes.controller_manager]
node_cidr_mask_size_v4 = 23
node_cidr_mask_size_v6 = 64
[wireguard]
[[wireguard.endpoints]]
id = 0
ip_cidr = "172.30.152.0/23"
ip_gw = "172.30.152.1/23"
ipv6_cidr = "fd01::/118"
ipv6_gw = "fd01::1/118"
)";
  for (int i = 0; i < 200; ++i) {
    // 32 zero bytes with a counter: a well-formed (not secret) public key per peer.
    unsigned char key[32] = {};
    key[0] = static_cast<unsigned char>(i);
    key[1] = static_cast<unsigned char>(i >> 8);
    static const char* b64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string encoded;
    for (int j = 0; j < 30; j += 3) {
      const unsigned v = (key[j] << 16) | (key[j + 1] << 8) | key[j + 2];
      encoded += b64[(v >> 18) & 63];
      encoded += b64[(v >> 12) & 63];
      encoded += b64[(v >> 6) & 63];
      encoded += b64[v & 63];
    }
    const unsigned v = (key[30] << 16) | (key[31] << 8);
    encoded += b64[(v >> 18) & 63];
    encoded += b64[(v >> 12) & 63];
    encoded += b64[(v >> 6) & 63];
    encoded += '=';
    text += fmt::format("[[wireguard.peers]]\nident = \"peer-{}\"\npub_key = \"{}\"\n", i, encoded);
  }
  return text;
}

void BM_CheckAndPlan5000Nodes(benchmark::State& state)
{
  const std::string text = big_config(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    auto loaded = dualstack::config::load_config_text(text, "big.toml");
    auto result = dualstack::plan::derive_plan(loaded->config, loaded->findings);
    if (!result.plan) {
      state.SkipWithError(result.findings.all().front().message.c_str());
      return;
    }
    benchmark::DoNotOptimize(result.plan->hosts.data());
  }
  state.counters["nodes"] = static_cast<double>(state.range(0));
}
BENCHMARK(BM_CheckAndPlan5000Nodes)->Arg(5000)->Unit(benchmark::kMillisecond);

} // namespace
