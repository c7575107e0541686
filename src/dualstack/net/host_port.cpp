// host:port with IPv6 brackets.
#include <dualstack/net/host_port.hpp>

#include <string>

namespace dualstack::net {

std::string host_port(const Address& address, int port)
{
  return host_port(address.to_string(), port);
}

std::string host_port(std::string_view host, int port)
{
  const bool bracket = host.find(':') != std::string_view::npos && !host.starts_with('[');
  std::string out;
  out.reserve(host.size() + 8);
  if (bracket)
    out += '[';
  out += host;
  if (bracket)
    out += ']';
  out += ':';
  out += std::to_string(port);
  return out;
}

std::optional<Address> host_port_address(std::string_view text)
{
  const auto colon = text.rfind(':');
  if (colon == std::string_view::npos)
    return std::nullopt;
  std::string_view host = text.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  auto address = Address::parse(host);
  return address ? std::optional<Address>(*address) : std::nullopt;
}

} // namespace dualstack::net
