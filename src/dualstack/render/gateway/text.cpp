// Text helpers shared by the gateway renderers.
#include <dualstack/render/gateway/text.hpp>

#include <fmt/format.h>

namespace dualstack::render::gateway {

namespace {

bool alnum(char ch)
{
  return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9');
}

} // namespace

std::string with_length(const net::Address& address, const net::Prefix& prefix)
{
  return fmt::format("{}/{}", address.to_string(), prefix.length());
}

std::string single(const net::Address& address)
{
  return fmt::format("{}/{}", address.to_string(), address.bit_width());
}

std::string symbol(std::string_view name)
{
  std::string out(name);
  for (char& ch : out) {
    if (!alnum(ch))
      ch = '_';
  }
  return out;
}

std::string file_name(std::string_view name)
{
  std::string out(name);
  for (char& ch : out) {
    if (!alnum(ch) && ch != '.' && ch != '-' && ch != '_')
      ch = '_';
  }
  if (out.empty() || out == "." || out == "..")
    return "_";
  return out;
}

std::string printable(std::string_view text)
{
  std::string out(text);
  for (char& ch : out) {
    const auto byte = static_cast<unsigned char>(ch);
    if (byte < 0x20 || byte == 0x7f || ch == '"' || ch == '\'' || ch == '\\')
      ch = '_';
  }
  return out;
}

std::string join(const std::vector<std::string>& items, std::string_view separator)
{
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0)
      out += separator;
    out += items[i];
  }
  return out;
}

std::string ipv6_interface_sysctl(std::string_view interface,
                                  std::string_view setting,
                                  std::string_view value)
{
  if (interface.find('.') != std::string_view::npos)
    return fmt::format("net/ipv6/conf/{}/{} = {}\n", interface, setting, value);
  return fmt::format("net.ipv6.conf.{}.{} = {}\n", interface, setting, value);
}

} // namespace dualstack::render::gateway
