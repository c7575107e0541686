// ConfigBuilder implementation.
#include "config_builder.hpp"

#include <algorithm>

namespace dualstack::testing {

ConfigBuilder::ConfigBuilder()
{
  set("terraform", "ipv6_enabled", "true");
  set("terraform", "gateway_count", "2");
  set("terraform.nodes.m0", "role", "\"master\"");
  set("terraform.nodes.w0", "role", "\"worker\"");
  set("load-balancing", "vrrp_priorities", "[150, 100]");
  set("kubernetes", "version", "\"1.31.4\"");
  set("kubernetes.network", "plugin", "\"calico\"");
  set("wireguard", "enabled", "true");
  raw("[[wireguard.peers]]\nident = \"alice\"\npub_key = "
      "\"x7u9JDVy7tU2Ttd7XPvdg1EOBmNDV1O2N4oc+DgvkGE=\"\n");
}

ConfigBuilder ConfigBuilder::empty()
{
  ConfigBuilder builder;
  builder.m_sections.clear();
  builder.m_raw.clear();
  return builder;
}

ConfigBuilder::Section& ConfigBuilder::section(const std::string& name)
{
  auto it = std::find_if(
    m_sections.begin(), m_sections.end(), [&](const Section& s) { return s.name == name; });
  if (it != m_sections.end())
    return *it;
  m_sections.push_back({ name, {} });
  if (name.empty())
    std::rotate(m_sections.rbegin(), m_sections.rbegin() + 1, m_sections.rend());
  return name.empty() ? m_sections.front() : m_sections.back();
}

ConfigBuilder& ConfigBuilder::set(const std::string& name,
                                  const std::string& key,
                                  const std::string& value)
{
  Section& s = section(name);
  auto it =
    std::find_if(s.keys.begin(), s.keys.end(), [&](const auto& kv) { return kv.first == key; });
  if (it != s.keys.end()) {
    it->second = value;
  } else {
    s.keys.emplace_back(key, value);
  }
  return *this;
}

ConfigBuilder& ConfigBuilder::remove(const std::string& name, const std::string& key)
{
  Section& s = section(name);
  s.keys.erase(
    std::remove_if(s.keys.begin(), s.keys.end(), [&](const auto& kv) { return kv.first == key; }),
    s.keys.end());
  return *this;
}

ConfigBuilder& ConfigBuilder::raw(const std::string& text)
{
  m_raw += text;
  return *this;
}

std::string ConfigBuilder::text() const
{
  std::string out;
  for (const auto& s : m_sections) {
    if (!s.name.empty())
      out += "[" + s.name + "]\n";
    for (const auto& [key, value] : s.keys)
      out += key + " = " + value + "\n";
    out += "\n";
  }
  return out + m_raw;
}

} // namespace dualstack::testing
