// wg-quick files: strip wg-quick's keys, collect addresses and allowed IPs.
#include <dualstack/lab/wg_quick.hpp>
#include <dualstack/util/trim.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <sstream>
#include <string_view>

namespace dualstack::lab {

namespace {

std::string trim(std::string_view s)
{
  return std::string(util::trim(s));
}

std::string lower(std::string s)
{
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

std::vector<std::string> split_list(const std::string& value)
{
  std::vector<std::string> out;
  std::stringstream in(value);
  std::string item;
  while (std::getline(in, item, ',')) {
    item = trim(item);
    if (!item.empty())
      out.push_back(item);
  }
  return out;
}

constexpr std::array<std::string_view, 9> wg_quick_keys{ "address", "dns",      "mtu",
                                                         "table",   "preup",    "postup",
                                                         "predown", "postdown", "saveconfig" };

} // namespace

WgQuickFile parse_wg_quick(const std::string& text)
{
  WgQuickFile out;
  std::stringstream in(text);
  std::string raw;
  bool in_interface = false;
  while (std::getline(in, raw)) {
    std::string line = trim(raw.substr(0, raw.find('#')));
    if (line.empty())
      continue;
    if (line.front() == '[') {
      in_interface = lower(line) == "[interface]";
      out.setconf += line + "\n";
      continue;
    }
    const auto eq = line.find('=');
    const std::string key = lower(trim(line.substr(0, eq)));
    const std::string value = eq == std::string::npos ? "" : trim(line.substr(eq + 1));
    if (in_interface &&
        std::find(wg_quick_keys.begin(), wg_quick_keys.end(), key) != wg_quick_keys.end()) {
      if (key == "address") {
        auto list = split_list(value);
        out.addresses.insert(out.addresses.end(), list.begin(), list.end());
      }
      if (key == "mtu")
        out.mtu = value;
      continue;
    }
    if (in_interface && key == "privatekey")
      out.has_private_key = true;
    if (!in_interface && key == "allowedips") {
      auto list = split_list(value);
      out.allowed_ips.insert(out.allowed_ips.end(), list.begin(), list.end());
    }
    out.setconf += line + "\n";
  }
  return out;
}

} // namespace dualstack::lab
