// The router's ULA filter on the lab's internet side.
#include <dualstack/lab/internet.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace dualstack::lab {

std::string ula_filter_ruleset(const std::string& external_if)
{
  return fmt::format("table ip6 {0}\ndelete table ip6 {0}\n"
                     "# The internet routes no ULA (RFC 4193) and Neutron's router does no NAT66.\n"
                     "table ip6 {0} {{\n"
                     "  chain inbound {{\n"
                     "    type filter hook prerouting priority raw; policy accept;\n"
                     "    iifname \"{1}\" ip6 saddr fc00::/7 counter drop comment \"internet: a "
                     "ULA source from outside (RFC 4193)\"\n"
                     "    iifname \"{1}\" ip6 daddr fc00::/7 counter drop comment \"internet: "
                     "nothing outside routes a ULA destination (RFC 4193)\"\n"
                     "  }}\n"
                     "  chain outbound {{\n"
                     "    type filter hook postrouting priority 200; policy accept;\n"
                     "    oifname \"{1}\" ip6 saddr fc00::/7 counter drop comment \"internet: a "
                     "ULA source leaving the router (RFC 4193; Neutron does no NAT66)\"\n"
                     "    oifname \"{1}\" ip6 daddr fc00::/7 counter drop comment \"internet: a "
                     "ULA destination leaving the router (RFC 4193)\"\n"
                     "  }}\n"
                     "}}\n",
                     internet_table,
                     external_if);
}

std::vector<CountedDrop> counted_drops(const std::string& json)
{
  const auto j = nlohmann::json::parse(json, nullptr, false);
  std::vector<CountedDrop> out;
  if (!j.is_object() || !j.contains("nftables") || !j["nftables"].is_array())
    return out;
  for (const auto& item : j["nftables"]) {
    if (!item.is_object() || !item.contains("rule"))
      continue;
    const auto& rule = item["rule"];
    const std::string comment = rule.value("comment", "");
    if (comment.empty())
      continue;
    std::uint64_t packets = 0;
    for (const auto& expr : rule.value("expr", nlohmann::json::array())) {
      if (expr.is_object() && expr.contains("counter") && expr["counter"].is_object())
        packets = expr["counter"].value("packets", std::uint64_t{ 0 });
    }
    if (packets > 0)
      out.push_back({ comment, packets });
  }
  return out;
}

std::vector<std::string> nft_set_addresses(const std::string& json)
{
  const auto j = nlohmann::json::parse(json, nullptr, false);
  std::vector<std::string> out;
  if (!j.is_object() || !j.contains("nftables") || !j["nftables"].is_array())
    return out;
  for (const auto& item : j["nftables"]) {
    if (!item.is_object() || !item.contains("set") || !item["set"].contains("elem"))
      continue;
    for (const auto& e : item["set"]["elem"]) {
      // A plain element is a string; one with an expiry or counter is {"elem": {"val": ...}}.
      const nlohmann::json& v =
        e.is_object() && e.contains("elem") ? e["elem"].value("val", nlohmann::json()) : e;
      if (v.is_string() && !v.get<std::string>().empty())
        out.push_back(v.get<std::string>());
    }
  }
  return out;
}

} // namespace dualstack::lab
