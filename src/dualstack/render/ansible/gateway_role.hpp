// The gateway role: packages, every gateway file of MANIFEST.json checked by its own checker
// before it replaces the live file, the daemons started once and reloaded only when their files
// changed.
#pragma once

#include <dualstack/plan/plan.hpp>

#include <string>
#include <vector>

namespace dualstack::render::ansible {

// One file a gateway gets, as the gateway renderer writes it (gateways/<gateway>/NAME).
struct GatewayFile
{
  std::string name;   // file name in the gateway's render folder
  std::string target; // path on the gateway
  int mode = 0644;
  bool secret = false; // never logged (no_log)
  std::string what;    // task name suffix
  std::string checker; // `validate:` command with %s, or "" when the file has none
  std::string handler; // the handler that applies a change, or "" when none is needed
};

// Returns every file a gateway gets, in the order the role installs them (scripts before the
// keepalived config that calls them).
std::vector<GatewayFile> gateway_files(const plan::Plan& plan);

// Renders roles/gateway/tasks/main.yml.
std::string gateway_tasks(const plan::Plan& plan);

// Renders roles/gateway/handlers/main.yml.
std::string gateway_handlers(const plan::Plan& plan);

} // namespace dualstack::render::ansible
