// Secrets: the WireGuard key pairs render needs, created once and reused from the output
// directory's `secrets/` so that re-renders are byte-identical.
#pragma once

#include <map>
#include <string>

namespace dualstack::render {

// A WireGuard (X25519) key pair, base64 as `wg` prints it.
struct KeyPair
{
  std::string private_key; // secret: never logged
  std::string public_key;
};

// Generates a fresh key pair with libsodium.
KeyPair generate_key_pair();

// Returns the public key of a base64 private key, or "" if it is not a valid key.
std::string public_key_of(const std::string& private_key);

// The secrets of one render: one shared key pair per WireGuard endpoint (every gateway holds
// the same key, so clients keep working after a VRRP failover).
struct Secrets
{
  std::map<int, KeyPair> wireguard_endpoint_keys; // by endpoint id
};

} // namespace dualstack::render
