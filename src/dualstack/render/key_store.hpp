// The key store: WireGuard key pairs kept in the output directory's secrets/ (0600), reused by
// later renders so output stays byte-identical.
#pragma once

#include <dualstack/plan/plan.hpp>
#include <dualstack/render/artifact.hpp>
#include <dualstack/render/secrets.hpp>

#include <tl/expected.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace dualstack::render {

// Returns the relative path of endpoint `id`'s private key in the output directory.
std::string endpoint_key_path(int id);

// Loads the key of every WireGuard endpoint of `plan` from `dir` (an earlier render's output),
// generating the missing ones; `generated` receives the paths of new keys. A key file that is
// present but not a valid key is an error (never silently replaced).
tl::expected<Secrets, std::string> load_or_create_secrets(const std::filesystem::path& dir,
                                                          const plan::Plan& plan,
                                                          std::vector<std::string>& generated);

// Returns the key files as secret artifacts, so the writer keeps them.
Artifacts secret_artifacts(const Secrets& secrets);

} // namespace dualstack::render
