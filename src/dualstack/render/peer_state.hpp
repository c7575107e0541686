// The WireGuard IPAM state file: which slot each peer holds, so adding or removing a peer never
// moves another. Read by the config loader, written by `render`.
#pragma once

#include <dualstack/plan/plan.hpp>

#include <tl/expected.hpp>

#include <cstdint>
#include <map>
#include <string>

namespace dualstack::render {

// Returns the slots of `plan`'s peers, by ident.
std::map<std::string, std::uint64_t> peer_slots(const plan::Plan& plan);

// Returns the state file's text for `slots` (TOML, a `[slots]` table, sorted).
std::string peer_state_text(const std::map<std::string, std::uint64_t>& slots);

// Writes `slots` to `path` atomically (temporary file + rename). A peer removed from the
// config frees its slot.
tl::expected<void, std::string> write_peer_state(const std::string& path,
                                                 const std::map<std::string, std::uint64_t>& slots);

} // namespace dualstack::render
