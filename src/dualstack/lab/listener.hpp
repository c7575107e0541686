// The lab's HTTPS listener (the kube-apiserver and LoadBalancer pod stand-in: 200 to every GET
// with a body naming the peer address it saw, one thread per connection) and the self-signed
// certificate it presents, for the Plan's API SANs.
#pragma once

#include <dualstack/lab/lab_context.hpp>

#include <sys/types.h>

#include <string>

namespace dualstack::lab {

// Returns the certificate the lab's TLS listeners present (self-signed, for the Plan's API
// certificate SANs).
std::string listener_cert_path(const LabContext& lab);

// Creates that certificate and its key (0600), once per lab.
Status ensure_listener_cert(LabContext& lab);

// Starts the lab's HTTPS listener on `address`:`port` in namespace `ns` (output to `log`) and
// waits up to 10 s until it listens; returns its pid.
tl::expected<pid_t, std::string> start_listener(LabContext& lab,
                                                const std::string& ns,
                                                const Address& address,
                                                int port,
                                                const std::string& log);

} // namespace dualstack::lab
