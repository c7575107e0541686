// The API endpoint by name in the lab: the rendered `dns/hosts` fragment as the client's
// /etc/hosts (inside its namespace's /etc view), the URL the client dials, and the names the
// API listeners' certificate carries.
#pragma once

#include <dualstack/lab/lab_context.hpp>
#include <dualstack/plan/plan.hpp>

#include <string>

namespace dualstack::lab {

// Returns the path `ip netns exec <ns>` bind-mounts over /etc/<file>: /etc/netns/<ns>/<file>.
std::string netns_etc_path(const std::string& ns, const std::string& file);

// Returns the client's /etc/hosts: the machine's `system_hosts` (ensured to end in a newline)
// with the rendered `fragment` appended unchanged, as the fragment's header tells operators.
std::string client_hosts(const std::string& system_hosts, const std::string& fragment);

// Returns the API URL by name, https://<dns_name>:<frontend_port>/ ("" without a DNS name).
std::string api_url_by_name(const plan::Plan& plan);

// Returns openssl's subjectAltName value for the Plan's API certificate SANs: DNS:<name> for the
// endpoint's name, IP:<vip> for every VIP ("" if there are none).
std::string api_subject_alt_name(const plan::Plan& plan);

// Installs the rendered dns/hosts (after the machine's /etc/hosts) as the client namespace's
// /etc/hosts, so glibc's resolver in the client finds the API name; nothing when the config's
// API endpoint is not a DNS name. `render_dir` holds the rendered files (default: the lab's).
// `lab down` removes it with /etc/netns/<ns>.
Status install_client_hosts(LabContext& lab, const std::string& render_dir = {});

} // namespace dualstack::lab
