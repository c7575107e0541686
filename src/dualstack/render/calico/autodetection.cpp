// calico/node address autodetection as the operator's NodeAddressAutodetection object.
#include <dualstack/render/calico/autodetection.hpp>

#include <fmt/format.h>

#include <optional>
#include <stdexcept>
#include <string>

namespace dualstack::render::calico {

namespace {

// Returns the value after `prefix` ("cidr=") if `method` starts with it.
std::optional<std::string_view> after(std::string_view method, std::string_view prefix)
{
  if (method.substr(0, prefix.size()) != prefix)
    return std::nullopt;
  return method.substr(prefix.size());
}

Document split_list(std::string_view list)
{
  Document out = Document::array();
  while (!list.empty()) {
    const auto comma = list.find(',');
    out.push_back(std::string(list.substr(0, comma)));
    if (comma == std::string_view::npos)
      break;
    list.remove_prefix(comma + 1);
  }
  return out;
}

} // namespace

Document node_address_autodetection(std::string_view method)
{
  if (method == "first-found")
    return { { "firstFound", true } };
  if (method == "kubernetes-internal-ip")
    return { { "kubernetes", "NodeInternalIP" } };
  if (auto v = after(method, "cidr="))
    return { { "cidrs", split_list(*v) } };
  if (auto v = after(method, "interface="))
    return { { "interface", std::string(*v) } };
  if (auto v = after(method, "skip-interface="))
    return { { "skipInterface", std::string(*v) } };
  if (auto v = after(method, "can-reach="))
    return { { "canReach", std::string(*v) } };
  throw std::invalid_argument(
    fmt::format("the Calico operator cannot express the autodetection method `{}`", method));
}

} // namespace dualstack::render::calico
