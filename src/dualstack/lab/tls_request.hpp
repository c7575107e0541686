// One HTTPS request from a lab namespace with curl, forced to one family: whether the lab's TLS
// listener (the lab's HTTPS listener) answered, the address curl connected to (what the resolver
// gave it, for a name) and how long the TCP and TLS handshakes took.
#pragma once

#include <dualstack/net/family.hpp>

#include <optional>
#include <string>
#include <vector>

namespace dualstack::lab {

struct TlsRequest
{
  std::string url;
  net::Family family = net::Family::ipv4; // curl -4 / -6
  std::string ca_file; // verify the server's certificate (and name) against it; "" = -k
};

struct TlsAnswer
{
  bool answered = false; // the listener's status page came back
  std::string remote_ip; // curl's %{remote_ip}
  std::string peer;      // the address the listener saw the request come from ("peer ADDRESS")
  double connect_s = 0;  // %{time_connect}: TCP handshake done
  double tls_s = 0;      // %{time_appconnect}: TLS handshake done
  std::string error;     // curl's message when it did not answer (first 200 characters)
};

// Returns curl's argument vector for `request` (-4/-6, --cacert or -k, a 5 s limit, and a
// trailer line with remote address and timings after the body).
std::vector<std::string> curl_argv(const TlsRequest& request);

// Parses curl's output (body, stderr and the trailer of curl_argv) into a TlsAnswer.
TlsAnswer parse_curl_output(const std::string& output, bool exit_ok);

// Runs `request` inside namespace `ns`.
TlsAnswer tls_request(const std::string& ns, const TlsRequest& request);

} // namespace dualstack::lab
