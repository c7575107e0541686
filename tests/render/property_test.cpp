// Property test over many generated configs of all four family shapes: every IP literal in every
// rendered artifact is a Plan value, every host's Plan addresses appear where they must, and a
// single-family cluster's artifacts carry no literal of the other family.
#include <dualstack/config/loader.hpp>
#include <dualstack/net/prefix.hpp>
#include <dualstack/plan/derive.hpp>
#include <dualstack/plan/plan.hpp>
#include <dualstack/plan/plan_json.hpp>
#include <dualstack/render/render_all.hpp>
#include <dualstack/render/secrets.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <iostream>
#include <map>
#include <optional>
#include <regex>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace dualstack::render {
namespace {

using net::Address;
using net::Family;
using net::Prefix;
using net::u128;

// ---------------------------------------------------------------------------------------------
// The literal scanner

// An IP address found in text, with the prefix length written after it (`/len`), if any.
struct Literal
{
  Address address;
  std::optional<int> length;
  std::string text; // as written, without brackets, port or length
};

// What `scan_literals` found: the literals, and address-like text that is no valid address
// (e.g. `010.1.2.3`, `fd00:::1`), which no artifact should contain.
struct Scan
{
  std::vector<Literal> literals;
  std::vector<std::string> malformed;
};

bool is_hex(char c)
{
  return std::isxdigit(static_cast<unsigned char>(c)) != 0;
}

bool is_word(char c)
{
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
}

bool in_run(char c)
{
  return is_hex(c) || c == ':' || c == '.';
}

bool all_digits(std::string_view s)
{
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Splits `s` at `sep`.
std::vector<std::string_view> split(std::string_view s, char sep)
{
  std::vector<std::string_view> parts;
  std::size_t at = 0;
  while (true) {
    const std::size_t next = s.find(sep, at);
    parts.push_back(
      s.substr(at, next == std::string_view::npos ? std::string_view::npos : next - at));
    if (next == std::string_view::npos)
      return parts;
    at = next + 1;
  }
}

// Returns every IPv4 and IPv6 literal in `text`: dotted quads (also `a.b.c.d:port`), IPv6 in
// every text form (`::` compression, embedded IPv4 tail, `[v6]:port`), each with its `/len` if
// one follows. A candidate is a maximal run of hex digits, `:` and `.`; runs glued to a word are
// not addresses (`std::string`, `v1.2.3.4`), except after a single colon (`key:10.0.0.1`).
Scan scan_literals(std::string_view s)
{
  Scan scan;
  std::size_t i = 0;
  while (i < s.size()) {
    if (!in_run(s[i])) {
      ++i;
      continue;
    }
    std::size_t start = i;
    std::size_t end = i;
    while (end < s.size() && in_run(s[end]))
      ++end;
    i = end;
    std::string_view run = s.substr(start, end - start);
    if (start > 0 && is_word(s[start - 1])) {
      // The run continues a word: skip the word's hex tail; only `word:ADDRESS` remains a
      // candidate.
      std::size_t k = 0;
      while (k < run.size() && is_hex(run[k]))
        ++k;
      run.remove_prefix(k);
      if (run.size() < 2 || run[0] != ':' || run[1] == ':')
        continue;
      run.remove_prefix(1);
    }
    if (end < s.size() && is_word(s[end]))
      continue; // e.g. `10.0.0.1x`: part of a word
    // Trailing punctuation: a sentence's `.`, a YAML key's `:` (but not a final `::`).
    bool trimmed = false;
    while (!run.empty() && run.back() == '.') {
      run.remove_suffix(1);
      trimmed = true;
    }
    if (run.size() >= 2 && run.back() == ':' && run[run.size() - 2] != ':') {
      run.remove_suffix(1);
      trimmed = true;
    }
    if (run.empty())
      continue;
    auto length_after = [&]() -> std::optional<int> {
      if (trimmed || end >= s.size() || s[end] != '/')
        return std::nullopt;
      std::size_t d = end + 1;
      while (d < s.size() && s[d] >= '0' && s[d] <= '9')
        ++d;
      if (d == end + 1 || d - end > 4)
        return std::nullopt;
      return std::stoi(std::string(s.substr(end + 1, d - end - 1)));
    };
    const auto colons = static_cast<std::size_t>(std::count(run.begin(), run.end(), ':'));
    if (colons >= 2) {
      auto parsed = Address::parse(run);
      if (parsed && parsed->family() == Family::ipv6) {
        scan.literals.push_back({ *parsed, length_after(), std::string(run) });
      } else if (run.find("::") != std::string_view::npos || colons >= 7) {
        scan.malformed.push_back(std::string(run));
      }
      continue; // else e.g. a time `12:30:00` or a MAC address
    }
    // IPv4, maybe with `:port`.
    const std::string_view host = run.substr(0, run.find(':'));
    const auto groups = split(host, '.');
    if (groups.size() != 4 || !std::all_of(groups.begin(), groups.end(), all_digits))
      continue;
    if (colons == 1 && !all_digits(run.substr(run.find(':') + 1)))
      continue;
    auto parsed = Address::parse(host);
    if (!parsed) {
      scan.malformed.push_back(std::string(host));
      continue;
    }
    scan.literals.push_back(
      { *parsed, colons == 0 ? length_after() : std::nullopt, std::string(host) });
  }
  return scan;
}

std::string describe(const Literal& l)
{
  return l.length ? l.text + "/" + std::to_string(*l.length) : l.text;
}

TEST(RenderPropertyScanner, FindsEveryAddressForm)
{
  const Scan scan = scan_literals("bind 172.30.154.2:8888\nbind [fd00::2]:8888\nnode-ip: "
                                  "\"10.0.0.1,fd00::a\"\nelements = { fd01::/120, 10.244.0.0/16 }\n"
                                  "route ::/0 via x; 0.0.0.0/0\nmapped ::ffff:192.0.2.1 full "
                                  "2001:db8:0:0:1:0:0:1\nkey:192.168.1.1 end 10.1.2.3.\n"
                                  "define X = [ 10.244.0.0/16+ ];\ncidr=fd00:1::/64\n");
  std::vector<std::string> found;
  for (const auto& l : scan.literals)
    found.push_back(describe(l));
  const std::vector<std::string> expected{
    "172.30.154.2",  "fd00::2",  "10.0.0.1",      "fd00::a",          "fd01::/120",
    "10.244.0.0/16", "::/0",     "0.0.0.0/0",     "::ffff:192.0.2.1", "2001:db8:0:0:1:0:0:1",
    "192.168.1.1",   "10.1.2.3", "10.244.0.0/16", "fd00:1::/64"
  };
  EXPECT_EQ(found, expected);
  EXPECT_TRUE(scan.malformed.empty());
}

TEST(RenderPropertyScanner, IgnoresNamespacesTimesVersionsHashesAndKeys)
{
  const Scan scan = scan_literals(
    "std::string render::gateway 12:30:00 fa:16:3e:00:00:01 version 1.31.4 v1.2.3.4 sha256 "
    "e30292e9f02e9698f501fd04 "
    "x7u9JDVy7tU2Ttd7XPvdg1EOBmNDV1O2N4oc+DgvkGE= 0.2s advert_int 1.2.3.4.5 port 22: dead:beef\n");
  for (const auto& l : scan.literals)
    ADD_FAILURE() << "found " << describe(l);
  EXPECT_TRUE(scan.malformed.empty());
}

TEST(RenderPropertyScanner, ReportsMalformedAddressText)
{
  const Scan scan = scan_literals("a 010.1.2.3 b 300.1.1.1 c fd00:::1 d bind :::8888\n");
  EXPECT_TRUE(scan.literals.empty());
  EXPECT_EQ(scan.malformed,
            (std::vector<std::string>{ "010.1.2.3", "300.1.1.1", "fd00:::1", ":::8888" }));
}

// ---------------------------------------------------------------------------------------------
// The config generator

enum class Shape
{
  ipv4_only,
  dual,
  ipv6_primary,
  ipv6_only
};

std::string shape_name(Shape shape)
{
  switch (shape) {
    case Shape::ipv4_only:
      return "IPv4-only";
    case Shape::dual:
      return "dual IPv4-primary";
    case Shape::ipv6_primary:
      return "dual IPv6-primary";
    case Shape::ipv6_only:
      return "IPv6-only";
  }
  return "?";
}

// splitmix64: small, seeded, and the same on every platform (unlike std:: distributions).
class Rng
{
public:
  explicit Rng(std::uint64_t seed)
    : m_state(seed)
  {
  }
  std::uint64_t next()
  {
    std::uint64_t z = (m_state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  // Returns a number in [lo, hi].
  int between(int lo, int hi)
  {
    return lo + static_cast<int>(next() % static_cast<std::uint64_t>(hi - lo + 1));
  }
  bool chance(int percent)
  {
    return between(1, 100) <= percent;
  }
  template<typename T>
  const T& pick(const std::vector<T>& items)
  {
    return items[next() % items.size()];
  }

private:
  std::uint64_t m_state;
};

// Bits needed to number `n` things.
int bits_for(std::uint64_t n)
{
  int bits = 0;
  while ((std::uint64_t{ 1 } << bits) < n)
    ++bits;
  return bits;
}

std::string quoted(const std::string& s)
{
  return "\"" + s + "\"";
}

std::string base64(const std::vector<unsigned char>& bytes)
{
  static const char* alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    const std::uint32_t b0 = bytes[i];
    const std::uint32_t b1 = i + 1 < bytes.size() ? bytes[i + 1] : 0;
    const std::uint32_t b2 = i + 2 < bytes.size() ? bytes[i + 2] : 0;
    const std::uint32_t v = (b0 << 16) | (b1 << 8) | b2;
    out += alphabet[(v >> 18) & 63];
    out += alphabet[(v >> 12) & 63];
    out += i + 1 < bytes.size() ? alphabet[(v >> 6) & 63] : '=';
    out += i + 2 < bytes.size() ? alphabet[v & 63] : '=';
  }
  return out;
}

// Hands out non-overlapping private IPv4 ranges (one /12 slot of 10/8 or 172.16/12 each) and
// IPv6 ULA ranges (one random fdXX:xxxx:xxxx::/48 with a distinct XX each).
class RangeAllocator
{
public:
  explicit RangeAllocator(Rng& rng)
    : m_rng(rng)
  {
    for (int i = 0; i < 16; ++i)
      m_v4_slots.push_back(
        Prefix(Address::v4((10u << 24) | (static_cast<std::uint32_t>(i) << 20)), 12));
    m_v4_slots.push_back(*Prefix::parse("172.16.0.0/12"));
  }

  // Returns a random IPv4 prefix of `length` (>= 12) in a fresh slot.
  Prefix v4(int length)
  {
    const std::size_t index = m_rng.next() % m_v4_slots.size();
    const Prefix slot = m_v4_slots[index];
    m_v4_slots.erase(m_v4_slots.begin() + static_cast<std::ptrdiff_t>(index));
    const std::uint64_t choices = std::uint64_t{ 1 } << (length - 12);
    const u128 offset = static_cast<u128>(m_rng.next() % choices) << (32 - length);
    return Prefix(Address::v4(static_cast<std::uint32_t>(slot.network().value() + offset)), length);
  }

  // Returns a random IPv6 ULA prefix of `length` (>= 48) in a fresh /48.
  Prefix v6(int length)
  {
    int byte = 0;
    do {
      byte = m_rng.between(0, 255);
    } while (!m_used_v6.insert(byte).second);
    const u128 global = (static_cast<u128>(0xfd00 | byte) << 112) |
                        (static_cast<u128>(m_rng.next() & 0xffffffffULL) << 80);
    const int free_bits = length - 48;
    u128 subnet = 0;
    if (free_bits > 0) {
      u128 random = (static_cast<u128>(m_rng.next()) << 64) | m_rng.next();
      if (free_bits < 128)
        random &= (static_cast<u128>(1) << free_bits) - 1;
      subnet = random << (128 - length);
    }
    return Prefix(Address::v6(global | subnet), length);
  }

private:
  Rng& m_rng;
  std::vector<Prefix> m_v4_slots;
  std::set<int> m_used_v6;
};

// One generated config and the knobs it was made with.
struct Generated
{
  Shape shape = Shape::dual;
  std::string text;
  int nodes = 0;
  int gateways = 0;
  int peers = 0;
};

// Returns the gateway address `offset` into `range`, written with its length (`ip_gw` form).
std::string gateway_in(const Prefix& range, u128 offset)
{
  return quoted(range.nth(offset)->to_string() + "/" + std::to_string(range.length()));
}

// Builds config number `index` (the shape cycles through all four).
Generated generate(Rng& rng, int index)
{
  Generated g;
  g.shape = static_cast<Shape>(index % 4);
  const bool v4 = g.shape != Shape::ipv6_only;
  const bool v6 = g.shape != Shape::ipv4_only;
  g.nodes = rng.chance(15) ? rng.between(1, 3) : rng.between(1, 40);
  g.gateways = rng.between(1, 4);
  g.peers = rng.between(0, 5);
  const int masters = std::min(g.nodes, rng.pick(std::vector<int>{ 1, 1, 3, 3, 5 }));
  const int workers = g.nodes - masters;
  const std::string cluster =
    rng.pick(std::vector<std::string>{ "c", "prod-eu1", "lab", "k8s-test", "ds" });
  RangeAllocator ranges(rng);
  std::ostringstream t;

  // A cluster subnet with room for every host, OpenStack's reserve and some slack; now and then
  // one that is (nearly) too small, so that configs with findings are skipped and counted.
  const int hosts = g.gateways + g.nodes + 16;
  const int tight_v4 = rng.chance(10) ? rng.between(1, 2) : 0;
  const int tight_v6 = rng.chance(10) ? rng.between(1, 2) : 0;

  t << "[terraform]\ncluster_name = " << quoted(cluster) << "\ngateway_count = " << g.gateways
    << "\n";
  switch (g.shape) {
    case Shape::ipv4_only:
      if (rng.chance(50))
        t << "ipv6_enabled = false\n";
      break;
    case Shape::dual:
    case Shape::ipv6_primary:
      t << rng.pick(std::vector<std::string>{ "ipv6_enabled", "dualstack_support" }) << " = true\n";
      break;
    case Shape::ipv6_only:
      t << "ipv4_enabled = false\nipv6_enabled = true\n";
      break;
  }
  if (v4)
    t << "subnet_cidr = "
      << quoted(ranges.v4(rng.between(22, 32 - bits_for(hosts) + tight_v4)).to_string()) << "\n";
  if (v6)
    t << "subnet_v6_cidr = "
      << quoted(ranges.v6(rng.between(64, 128 - bits_for(hosts) + tight_v6)).to_string()) << "\n";
  const bool listed = rng.chance(50);
  if (!listed)
    t << "masters = " << masters << "\nworkers = " << workers << "\n";
  t << "\n";
  if (listed) {
    for (int i = 0; i < g.nodes; ++i) {
      const bool master = i < masters;
      t << "[terraform.nodes." << cluster << (master ? "-cp-" : "-node-") << i
        << "]\nrole = " << quoted(master ? "master" : "worker") << "\n\n";
    }
  }

  // Gateways: distinct priorities, in random order.
  std::set<int> priorities;
  while (static_cast<int>(priorities.size()) < g.gateways)
    priorities.insert(rng.between(1, 254));
  std::vector<int> order(priorities.begin(), priorities.end());
  for (std::size_t i = order.size(); i > 1; --i)
    std::swap(order[i - 1], order[rng.next() % i]);
  t << "[load-balancing]\nvrrp_priorities = [";
  for (std::size_t i = 0; i < order.size(); ++i)
    t << (i ? ", " : "") << order[i];
  t << "]\n";
  const int frontend = rng.pick(std::vector<int>{ 8888, 6443, 443, 7443 });
  std::set<int> used_ports{ frontend };
  const int lb_count = rng.between(0, 3);
  if (lb_count > 0) {
    t << "lb_ports = [";
    for (int i = 0; i < lb_count; ++i) {
      int external = 0;
      do {
        external = rng.chance(50) ? rng.between(30000, 32767)
                                  : rng.pick(std::vector<int>{ 80, 443, 8080, 9000 });
      } while (!used_ports.insert(external).second);
      if (i)
        t << ", ";
      if (external >= 30000 && rng.chance(50)) {
        t << external;
      } else {
        t << "{external = " << external << ", nodeport = " << rng.between(30000, 32767)
          << ", layer = " << quoted(rng.chance(50) ? "tcp" : "http")
          << ", use_proxy_protocol = " << (rng.chance(50) ? "true" : "false") << "}";
      }
    }
    t << "]\n";
  }
  t << "\n";

  t << "[kubernetes]\nversion = "
    << quoted(
         rng.pick(std::vector<std::string>{ "1.24.10", "1.29.3", "1.30.5", "1.31.4", "1.32.1" }))
    << "\n\n[kubernetes.apiserver]\nfrontend_port = " << frontend << "\n";
  if (rng.chance(20))
    t << "control_plane_endpoint = " << quoted("api." + cluster + ".example.org") << "\n";
  t << "\n";

  // Pod subnets and the node masks cut from them (room for every node).
  const int pod_v4 = rng.between(12, 20);
  const int mask_v4 =
    rng.between(std::min(pod_v4 + bits_for(g.nodes), 28), std::min(pod_v4 + 16, 28));
  const int pod_v6 = rng.between(48, 60);
  const int mask_v6 = rng.chance(50) && pod_v6 + bits_for(g.nodes) <= 64
                        ? 64
                        : rng.between(pod_v6 + bits_for(g.nodes), std::min(pod_v6 + 16, 72));
  t << "[kubernetes.controller_manager]\n";
  if (v4)
    t << "node_cidr_mask_size_v4 = " << mask_v4 << "\n";
  if (v6)
    t << "node_cidr_mask_size_v6 = " << mask_v6 << "\n";
  t << "\n[kubernetes.network]\nplugin = \"calico\"\n";
  if (v4) {
    t << "pod_subnet = " << quoted(ranges.v4(pod_v4).to_string()) << "\n";
    t << "service_subnet = " << quoted(ranges.v4(rng.between(12, 27)).to_string()) << "\n";
  }
  if (v6) {
    t << "pod_subnet_v6 = " << quoted(ranges.v6(pod_v6).to_string()) << "\n";
    t << "service_subnet_v6 = " << quoted(ranges.v6(rng.between(108, 120)).to_string()) << "\n";
  }
  if (g.shape == Shape::ipv6_primary)
    t << "primary_family = \"ipv6\"\n";
  if (g.shape == Shape::dual && rng.chance(30))
    t << "primary_family = \"ipv4\"\n";
  t << "bgp_announce_service_ips = " << (rng.chance(50) ? "true" : "false") << "\n\n";
  t << "[kubernetes.network.calico]\ninstall_mode = "
    << quoted(rng.chance(50) ? "operator" : "manifest") << "\n\n";

  // WireGuard: one or two endpoints, 0-5 peers.
  t << "[wireguard]\nenabled = true\n\n";
  const int endpoints = rng.chance(25) ? 2 : 1;
  std::set<int> wg_ports;
  for (int e = 0; e < endpoints; ++e) {
    int port = 0;
    do {
      port = rng.between(1024, 65000);
    } while (used_ports.count(port) || !wg_ports.insert(port).second || port == 6443 ||
             port == 179);
    used_ports.insert(port);
    t << "[[wireguard.endpoints]]\nid = " << e << "\nport = " << port << "\n";
    if (v4) {
      const Prefix range = ranges.v4(rng.between(24, 28));
      t << "ip_cidr = " << quoted(range.to_string())
        << "\nip_gw = " << gateway_in(range, rng.chance(70) ? 1 : range.size() - 2) << "\n";
    }
    if (v6) {
      const Prefix range = ranges.v6(rng.between(64, 120));
      t << "ipv6_cidr = " << quoted(range.to_string())
        << "\nipv6_gw = " << gateway_in(range, rng.chance(70) ? 1 : 7) << "\n";
    }
    t << "\n";
  }
  for (int p = 0; p < g.peers; ++p) {
    std::vector<unsigned char> secret(32);
    for (auto& b : secret)
      b = static_cast<unsigned char>(rng.next());
    t << "[[wireguard.peers]]\nident = "
      << quoted(rng.pick(std::vector<std::string>{ "alice", "bob", "ops", "ci" }) + "-" +
                std::to_string(p))
      << "\npub_key = " << quoted(public_key_of(base64(secret))) << "\n\n";
  }
  g.text = t.str();
  return g;
}

// ---------------------------------------------------------------------------------------------
// Cases: generated, derived and rendered once for every test below

struct Case
{
  Generated generated;
  plan::Plan plan;
  Artifacts artifacts;
};

struct Corpus
{
  std::vector<Case> clean;
  int with_findings = 0; // errors: no Plan, skipped
  int with_warnings = 0; // a Plan and warnings: rendered and checked
  std::map<Shape, int> clean_per_shape;
  std::vector<std::string> finding_samples; // a few first findings, for the log
};

constexpr std::uint64_t seed = 0x5eed'd0a1'57ac'0003ULL;
constexpr int configs = 240;

const Corpus& corpus()
{
  static const Corpus corpus = [] {
    Corpus c;
    Rng rng(seed);
    for (int i = 0; i < configs; ++i) {
      Generated g = generate(rng, i);
      auto loaded = config::load_config_text(g.text, "generated-" + std::to_string(i) + ".toml");
      if (!loaded) {
        ADD_FAILURE() << "generated config " << i << " is unusable: " << loaded.error().message
                      << "\n"
                      << g.text;
        continue;
      }
      auto derived = plan::derive_plan(loaded->config, loaded->findings);
      if (!derived.plan) {
        ++c.with_findings;
        if (c.finding_samples.size() < 5 && !derived.findings.all().empty()) {
          const Finding& f = derived.findings.all().front();
          c.finding_samples.push_back(f.rule + ": " + f.message);
        }
        continue;
      }
      if (!derived.findings.all().empty())
        ++c.with_warnings; // rendered anyway: warnings do not stop render
      Secrets secrets;
      for (const auto& e : derived.plan->wireguard_endpoints)
        secrets.wireguard_endpoint_keys[e.id] = generate_key_pair();
      Artifacts artifacts = render_parts(*derived.plan, secrets, {});
      c.clean_per_shape[g.shape]++;
      c.clean.push_back({ std::move(g), std::move(*derived.plan), std::move(artifacts) });
    }
    return c;
  }();
  return corpus;
}

// Collects failures of one case and reports them once, with the config that caused them.
class Report
{
public:
  explicit Report(const Case& c)
    : m_case(c)
  {
  }
  ~Report()
  {
    if (m_failures.empty())
      return;
    std::ostringstream out;
    out << m_failures.size() << " failure(s) for a " << shape_name(m_case.generated.shape)
        << " cluster (" << m_case.generated.nodes << " nodes, " << m_case.generated.gateways
        << " gateways, " << m_case.generated.peers << " peers):\n";
    for (std::size_t i = 0; i < m_failures.size() && i < 15; ++i)
      out << "  " << m_failures[i] << "\n";
    out << "config:\n" << m_case.generated.text;
    ADD_FAILURE() << out.str();
  }
  void fail(std::string message)
  {
    m_failures.push_back(std::move(message));
  }
  bool failed() const
  {
    return !m_failures.empty();
  }

private:
  const Case& m_case;
  std::vector<std::string> m_failures;
};

// Reports only the first few failing cases in full: one bug shows in every config.
bool enough_reported(int& failing_cases)
{
  return failing_cases >= 3;
}

const Artifact* find_artifact(const Artifacts& artifacts, const std::string& path)
{
  for (const auto& a : artifacts) {
    if (a.path == path)
      return &a;
  }
  return nullptr;
}

std::set<Address> addresses_in(const std::string& text)
{
  std::set<Address> out;
  for (const auto& l : scan_literals(text).literals)
    out.insert(l.address);
  return out;
}

TEST(RenderProperty, GeneratesEnoughCleanConfigsOfEveryShape)
{
  const Corpus& c = corpus();
  std::cout << "[ property ] seed " << std::hex << seed << std::dec << ": " << configs
            << " configs, " << c.clean.size() << " clean, " << c.with_findings
            << " skipped with findings, " << c.with_warnings << " clean ones with warnings only\n";
  for (const auto& sample : c.finding_samples)
    std::cout << "[ property ]   skipped: " << sample << "\n";
  EXPECT_GE(c.clean.size(), 50u);
  for (Shape shape : { Shape::ipv4_only, Shape::dual, Shape::ipv6_primary, Shape::ipv6_only }) {
    EXPECT_GE(c.clean_per_shape.count(shape) ? c.clean_per_shape.at(shape) : 0, 12)
      << shape_name(shape);
  }
  // The generator covers the ranges it promises.
  std::set<int> gateways;
  std::set<int> peers;
  int max_nodes = 0;
  for (const auto& k : c.clean) {
    gateways.insert(k.generated.gateways);
    peers.insert(k.generated.peers);
    max_nodes = std::max(max_nodes, k.generated.nodes);
  }
  EXPECT_EQ(gateways, (std::set<int>{ 1, 2, 3, 4 }));
  EXPECT_EQ(peers, (std::set<int>{ 0, 1, 2, 3, 4, 5 }));
  EXPECT_GE(max_nodes, 30);
}

// ---------------------------------------------------------------------------------------------
// (a) every literal is a Plan value

// Literals allowed although no Plan holds them. Each is a wildcard or loopback a daemon
// config needs by nature, never an address of the cluster.
struct Allowed
{
  const char* text; // an address, or a prefix with its length
  const char* why;
};

constexpr Allowed allowed_literals[] = {
  { "0.0.0.0", "IPv4 wildcard (bind any / unspecified)" },
  { "::", "IPv6 wildcard (bind any / unspecified)" },
  { "127.0.0.1", "IPv4 loopback (local health checks, stats sockets)" },
  { "::1", "IPv6 loopback" },
  { "0.0.0.0/0", "IPv4 default route / any source in a firewall rule" },
  { "::/0", "IPv6 default route / any source in a firewall rule" },
  { "fe80::/10",
    "IPv6 link-local scope: DHCPv6 servers and routers answer from link-local addresses "
    "(nftables accepts DHCPv6 replies from it); no address of the cluster" },
};

bool allow_listed(const Literal& l)
{
  for (const auto& allowed : allowed_literals) {
    const std::string_view text = allowed.text;
    if (text.find('/') != std::string_view::npos) {
      if (l.length && *l.length <= l.address.bit_width() &&
          Prefix::masked(l.address, *l.length).network() == l.address &&
          Prefix::parse(text) == Prefix::masked(l.address, *l.length)) {
        return true;
      }
    } else if (!l.length && Address::parse(text) == l.address) {
      return true;
    }
  }
  return false;
}

// Every address and prefix the Plan holds.
struct PlanValues
{
  std::set<Address> addresses; // every address literal in plan JSON (also network addresses)
  std::set<Prefix> prefixes;   // every prefix literal in plan JSON
  std::vector<Prefix> ranges;  // cluster, pod and service subnets, Calico pools, WireGuard ranges
};

void collect(const nlohmann::ordered_json& value, PlanValues& out)
{
  if (value.is_string()) {
    for (const auto& l : scan_literals(value.get<std::string>()).literals) {
      out.addresses.insert(l.address);
      if (l.length && *l.length <= l.address.bit_width())
        out.prefixes.insert(Prefix::masked(l.address, *l.length));
    }
  } else if (value.is_structured()) {
    for (const auto& item : value)
      collect(item, out);
  }
}

PlanValues plan_values(const plan::Plan& plan)
{
  PlanValues values;
  collect(plan::to_json(plan), values);
  for (const auto& [family, n] : plan.networks) {
    values.ranges.insert(values.ranges.end(),
                         { n.cluster_subnet, n.pod_subnet, n.service_subnet, n.pool.cidr });
  }
  for (const auto& e : plan.wireguard_endpoints) {
    for (const auto& [family, range] : e.ranges)
      values.ranges.push_back(range.prefix);
  }
  return values;
}

bool is_network_prefix(const Literal& l)
{
  return l.length && *l.length < l.address.bit_width() && *l.length >= 0 &&
         Prefix::masked(l.address, *l.length).network() == l.address;
}

// Addresses the Plan does not name but that lie inside one of its ranges (allowed; logged).
using InsideOnly = std::map<std::string, std::set<std::string>>; // top folder -> literals

// Adds a failure for every literal in `artifacts` that is no Plan value.
void check_literals(const plan::Plan& plan,
                    const Artifacts& artifacts,
                    std::vector<std::string>& failures,
                    InsideOnly* inside_only = nullptr)
{
  const PlanValues values = plan_values(plan);
  for (const auto& a : artifacts) {
    const Scan scan = scan_literals(a.content);
    for (const auto& bad : scan.malformed)
      failures.push_back(a.path + ": malformed address text `" + bad + "`");
    for (const auto& l : scan.literals) {
      if (allow_listed(l))
        continue;
      if (l.length && *l.length > l.address.bit_width()) {
        failures.push_back(a.path + ": `" + describe(l) + "` has a length longer than its family");
      } else if (is_network_prefix(l)) {
        // A prefix must be one the Plan has, not one a renderer cut itself.
        if (!values.prefixes.count(Prefix(l.address, *l.length))) {
          failures.push_back(a.path + ": prefix `" + describe(l) + "` is not a Plan prefix");
        }
      } else if (values.addresses.count(l.address) == 0) {
        const bool inside = std::any_of(values.ranges.begin(),
                                        values.ranges.end(),
                                        [&](const Prefix& p) { return p.contains(l.address); });
        if (!inside) {
          failures.push_back(a.path + ": `" + describe(l) +
                             "` is neither a Plan address nor inside a Plan range");
        } else if (inside_only) {
          (*inside_only)[a.path.substr(0, a.path.find('/'))].insert(describe(l));
        }
      }
    }
  }
}

TEST(RenderProperty, EveryIpLiteralIsAPlanValue)
{
  int failing = 0;
  InsideOnly inside_only;
  for (const auto& k : corpus().clean) {
    if (enough_reported(failing))
      break;
    Report report(k);
    std::vector<std::string> failures;
    check_literals(k.plan, k.artifacts, failures, &inside_only);
    for (auto& f : failures)
      report.fail(std::move(f));
    if (report.failed())
      ++failing;
  }
  // Allowed, but worth a look: addresses inside a Plan range that the Plan does not name.
  for (const auto& [folder, literals] : inside_only) {
    std::cout << "[ property ] " << folder << ": " << literals.size()
              << " literal(s) only inside a Plan range, e.g. " << *literals.begin() << "\n";
  }
}

// ---------------------------------------------------------------------------------------------
// (b) every host's addresses appear where they must

std::string join(const std::vector<Address>& addresses)
{
  std::string out;
  for (const auto& a : addresses)
    out += (out.empty() ? "" : ",") + a.to_string();
  return out;
}

// Returns the value of every `node-ip` kubelet argument in a kubeadm file, in both shapes:
// v1beta3 `node-ip: "a,b"` and v1beta4 `- name: node-ip` / `value: "a,b"`.
std::vector<std::string> node_ip_values(const std::string& text)
{
  static const std::regex pattern(R"re(node-ip"?\s*(?::|\n\s*value:)\s*"?([0-9A-Fa-f:.,]+)"?)re");
  std::vector<std::string> values;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), pattern);
       it != std::sregex_iterator();
       ++it) {
    values.push_back((*it)[1].str());
  }
  return values;
}

// Returns the address after `keyword` on every line that starts with it.
std::set<Address> keyword_addresses(const std::string& text, const std::string& keyword)
{
  std::set<Address> out;
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    std::istringstream words(line);
    std::string first;
    std::string second;
    if (words >> first >> second && first == keyword) {
      if (auto a = Address::parse(second))
        out.insert(*a);
    }
  }
  return out;
}

// Adds a failure for every Plan address of a host missing where it must appear.
void check_host_addresses(const plan::Plan& plan,
                          const Artifacts& artifacts,
                          std::vector<std::string>& failures)
{
  struct
  {
    std::vector<std::string>& failures;
    void fail(std::string message)
    {
      failures.push_back(std::move(message));
    }
  } report{ failures };
  auto file = [&](const std::string& path) -> const Artifact* {
    const Artifact* a = find_artifact(artifacts, path);
    if (!a)
      report.fail(path + " was not rendered");
    return a;
  };
  // Every k8s node: node-ip in its kubeadm file, every family, primary first.
  for (const plan::Host* node : plan.k8s_nodes()) {
    const Artifact* a = file("kubeadm/" + node->name + "/kubeadm.yaml");
    if (!a)
      continue;
    const auto values = node_ip_values(a->content);
    if (values.empty())
      report.fail(a->path + ": no node-ip");
    for (const auto& v : values) {
      if (v != join(node->addresses.values()))
        report.fail(a->path + ": node-ip is `" + v + "`, want `" + join(node->addresses.values()) +
                    "`");
    }
  }
  // Every host: a Terraform port with exactly its fixed IPs.
  if (const Artifact* tf = file("terraform/main.tf.json")) {
    const auto doc = nlohmann::json::parse(tf->content);
    std::map<std::string, std::set<Address>> fixed; // port name -> fixed IPs
    const auto ports =
      doc["resource"].value("openstack_networking_port_v2", nlohmann::json::object());
    for (const auto& [key, port] : ports.items()) {
      std::set<Address>& ips = fixed[port.value("name", key)];
      for (const auto& ip : port.value("fixed_ip", nlohmann::json::array())) {
        if (auto a = Address::parse(ip.value("ip_address", "")))
          ips.insert(*a);
      }
    }
    for (const auto& host : plan.hosts) {
      const std::vector<Address> addresses = host.addresses.values();
      const std::set<Address> want(addresses.begin(), addresses.end());
      if (!fixed.count(host.name)) {
        report.fail("terraform/main.tf.json: no port named " + host.name);
      } else if (fixed.at(host.name) != want) {
        report.fail("terraform/main.tf.json: port " + host.name + " has fixed IPs other than " +
                    join(addresses));
      }
    }
  }
  std::vector<Address> vips;
  for (const auto& [family, n] : plan.networks)
    vips.push_back(n.vip);
  for (const plan::Host* gw : plan.hosts_with(plan::HostRole::gateway)) {
    const std::string dir = "gateways/" + gw->name + "/";
    if (const Artifact* a = file(dir + "keepalived.conf")) {
      const auto sources = keyword_addresses(a->content, "unicast_src_ip");
      const std::vector<Address> gw_addresses = gw->addresses.values();
      if (sources != std::set<Address>(gw_addresses.begin(), gw_addresses.end())) {
        report.fail(a->path + ": unicast_src_ip is not exactly " + join(gw_addresses));
      }
      const auto literals = addresses_in(a->content);
      for (const auto& vip : vips) {
        if (!literals.count(vip))
          report.fail(a->path + ": VIP " + vip.to_string() + " missing");
      }
    }
    if (const Artifact* a = file(dir + "haproxy.cfg")) {
      const auto literals = addresses_in(a->content);
      for (const auto& vip : vips) {
        if (!literals.count(vip))
          report.fail(a->path + ": VIP " + vip.to_string() + " missing");
      }
    }
    if (const Artifact* a = file(dir + "bird.conf")) {
      const auto neighbors = keyword_addresses(a->content, "neighbor");
      for (const plan::Host* node : plan.k8s_nodes()) {
        for (const auto& [family, address] : node->addresses) {
          if (!neighbors.count(address))
            report.fail(a->path + ": no BGP neighbor " + address.to_string() + " (" + node->name +
                        ")");
        }
      }
    }
    for (std::size_t e = 0; e < plan.wireguard_endpoints.size(); ++e) {
      const auto& endpoint = plan.wireguard_endpoints[e];
      const Artifact* a = file(dir + endpoint.interface_name + ".conf");
      if (!a)
        continue;
      const auto literals = addresses_in(a->content);
      for (const auto& [family, range] : endpoint.ranges) {
        const Address& address = range.gateway;
        if (!literals.count(address))
          report.fail(a->path + ": gateway address " + address.to_string() + " missing");
      }
      for (const auto& peer : plan.wireguard_peers) {
        for (const auto& [family, address] : peer.addresses[e]) {
          if (!literals.count(address))
            report.fail(a->path + ": peer " + peer.ident + " address " + address.to_string() +
                        " missing");
        }
      }
    }
  }
  // Every peer: its own addresses in its client config.
  for (std::size_t e = 0; e < plan.wireguard_endpoints.size(); ++e) {
    for (const auto& peer : plan.wireguard_peers) {
      const Artifact* a = file("wireguard/clients/" + peer.ident + "-" +
                               plan.wireguard_endpoints[e].interface_name + ".conf");
      if (!a)
        continue;
      const auto literals = addresses_in(a->content);
      for (const auto& [family, address] : peer.addresses[e]) {
        if (!literals.count(address))
          report.fail(a->path + ": own address " + address.to_string() + " missing");
      }
    }
  }
}

TEST(RenderProperty, EveryHostAddressAppearsWhereItMust)
{
  int failing = 0;
  for (const auto& k : corpus().clean) {
    if (enough_reported(failing))
      break;
    Report report(k);
    std::vector<std::string> failures;
    check_host_addresses(k.plan, k.artifacts, failures);
    for (auto& f : failures)
      report.fail(std::move(f));
    if (report.failed())
      ++failing;
  }
}

// ---------------------------------------------------------------------------------------------
// (c) single-family clusters stay single-family

// Returns `text` without the lines that name a BGP identifier: BIRD's `router id X;` and
// Calico's RouteReflectorClusterID, when every IPv4 literal on the line is a Plan router id or
// the Plan's route reflector cluster id. A BGP
// identifier is a 32-bit number written as a dotted quad, not an address; an IPv6-only cluster
// needs them too (the Plan derives them; see plan::Host::router_id).
std::string without_bgp_ids(const std::string& text, const plan::Plan& plan)
{
  std::set<Address> ids{ plan.route_reflector_cluster_id };
  for (const auto& h : plan.hosts)
    ids.insert(h.router_id);
  std::string out;
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    std::string lower = line;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) {
      return static_cast<char>(std::tolower(c));
    });
    if (lower.find("router id ") != std::string::npos ||
        lower.find("routereflectorclusterid") != std::string::npos) {
      const auto literals = scan_literals(line).literals;
      const bool only_ids = std::all_of(literals.begin(), literals.end(), [&](const Literal& l) {
        return l.address.family() != Family::ipv4 || (!l.length && ids.count(l.address) > 0);
      });
      if (only_ids)
        continue;
    }
    out += line + "\n";
  }
  return out;
}

// Adds a failure for every literal of the family a single-family cluster does not have.
void check_single_family(const plan::Plan& plan,
                         const Artifacts& artifacts,
                         std::vector<std::string>& failures)
{
  if (plan.dual_stack())
    return;
  const Family other = plan.primary() == Family::ipv4 ? Family::ipv6 : Family::ipv4;
  for (const auto& a : artifacts) {
    const std::string text = other == Family::ipv4 ? without_bgp_ids(a.content, plan) : a.content;
    for (const auto& l : scan_literals(text).literals) {
      if (l.address.family() == other) {
        failures.push_back(a.path + ": " + std::string(net::to_string(other)) + " literal `" +
                           describe(l) + "`");
      }
    }
  }
}

TEST(RenderProperty, SingleFamilyClustersCarryNoLiteralOfTheOtherFamily)
{
  int failing = 0;
  int checked = 0;
  for (const auto& k : corpus().clean) {
    if (enough_reported(failing))
      break;
    if (k.plan.dual_stack())
      continue;
    ++checked;
    Report report(k);
    std::vector<std::string> failures;
    check_single_family(k.plan, k.artifacts, failures);
    for (auto& f : failures)
      report.fail(std::move(f));
    if (report.failed())
      ++failing;
  }
  EXPECT_GE(checked, 24);
}

// ---------------------------------------------------------------------------------------------
// The checks themselves catch what they are for

// Returns the first clean case of `shape`.
const Case& first_case(Shape shape)
{
  for (const auto& k : corpus().clean) {
    if (k.generated.shape == shape && k.plan.wireguard_peers.size() > 0)
      return k;
  }
  throw std::logic_error("no clean case of shape " + shape_name(shape));
}

Artifact& artifact_at(Artifacts& artifacts, const std::string& path)
{
  for (auto& a : artifacts) {
    if (a.path == path)
      return a;
  }
  throw std::logic_error("no artifact " + path);
}

void replace_all(std::string& text, const std::string& from, const std::string& to)
{
  for (std::size_t at = text.find(from); at != std::string::npos;
       at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
}

TEST(RenderPropertySelfTest, ForeignLiteralsAndWrongPrefixesAreCaught)
{
  const Case& k = first_case(Shape::dual);
  std::vector<std::string> failures;
  check_literals(k.plan, k.artifacts, failures);
  ASSERT_TRUE(failures.empty());
  for (const std::string injected :
       { "192.0.2.77", "[fd99::7]:443", "2001:db8::/32", "300.1.2.3" }) {
    Artifacts mutated = k.artifacts;
    mutated.front().content += "\n# " + injected + "\n";
    failures.clear();
    check_literals(k.plan, mutated, failures);
    EXPECT_EQ(failures.size(), 1u) << injected;
  }
  // A prefix cut from a Plan range but not itself in the Plan.
  const Prefix pod = k.plan.networks.primary().pod_subnet;
  Artifacts mutated = k.artifacts;
  mutated.front().content +=
    "\n" + Prefix::masked(pod.network(), pod.length() + 1).to_string() + "\n";
  failures.clear();
  check_literals(k.plan, mutated, failures);
  EXPECT_EQ(failures.size(), 1u);
}

TEST(RenderPropertySelfTest, MissingHostAddressesAreCaught)
{
  const Case& k = first_case(Shape::dual);
  std::vector<std::string> failures;
  check_host_addresses(k.plan, k.artifacts, failures);
  ASSERT_TRUE(failures.empty());
  const plan::Host* gw = k.plan.hosts_with(plan::HostRole::gateway).front();
  const plan::Host* node = k.plan.k8s_nodes().front();
  const std::string dir = "gateways/" + gw->name + "/";
  const auto& endpoint = k.plan.wireguard_endpoints.front();
  const Address peer = k.plan.wireguard_peers.front().addresses.front().values().back();
  const std::vector<std::pair<std::string, std::string>> removals{
    { "kubeadm/" + node->name + "/kubeadm.yaml", node->addresses.values().back().to_string() },
    { "terraform/main.tf.json", gw->addresses.primary().to_string() },
    { dir + "keepalived.conf", gw->addresses.values().back().to_string() },
    { dir + "keepalived.conf", k.plan.networks.at(k.plan.families().back()).vip.to_string() },
    { dir + "haproxy.cfg", k.plan.networks.primary().vip.to_string() },
    { dir + "bird.conf", node->addresses.values().back().to_string() },
    { dir + endpoint.interface_name + ".conf", peer.to_string() },
  };
  for (const auto& [path, address] : removals) {
    Artifacts mutated = k.artifacts;
    replace_all(artifact_at(mutated, path).content, address, "REMOVED");
    failures.clear();
    check_host_addresses(k.plan, mutated, failures);
    EXPECT_FALSE(failures.empty()) << address << " removed from " << path;
  }
  // node-ip in the wrong order (secondary family first).
  Artifacts mutated = k.artifacts;
  const std::string want = join(node->addresses.values());
  const std::string swapped =
    node->addresses.values().back().to_string() + "," + node->addresses.primary().to_string();
  replace_all(
    artifact_at(mutated, "kubeadm/" + node->name + "/kubeadm.yaml").content, want, swapped);
  failures.clear();
  check_host_addresses(k.plan, mutated, failures);
  EXPECT_FALSE(failures.empty()) << "node-ip " << swapped;
}

TEST(RenderPropertySelfTest, OtherFamilyLiteralsAreCaught)
{
  // The BGP identifier exemption covers Plan router ids only, not any dotted quad on such a line.
  const std::vector<std::pair<Shape, std::string>> injections{
    { Shape::ipv4_only, "address fd00::1" },
    { Shape::ipv6_only, "address 10.0.0.1" },
    { Shape::ipv6_only, "router id 10.9.8.7;" },
    { Shape::ipv6_only, "projectcalico.org/RouteReflectorClusterID=192.0.2.1" },
  };
  for (const auto& [shape, injected] : injections) {
    const Case& k = first_case(shape);
    std::vector<std::string> failures;
    check_single_family(k.plan, k.artifacts, failures);
    ASSERT_TRUE(failures.empty()) << shape_name(shape);
    Artifacts mutated = k.artifacts;
    mutated.back().content += "\n" + injected + "\n";
    check_single_family(k.plan, mutated, failures);
    EXPECT_EQ(failures.size(), 1u) << injected;
  }
}

} // namespace
} // namespace dualstack::render
