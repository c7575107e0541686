// The WireGuard key store.
#include <dualstack/render/key_store.hpp>

#include <fmt/format.h>

#include <fstream>
#include <sstream>

namespace dualstack::render {

std::string endpoint_key_path(int id)
{
  return fmt::format("secrets/wireguard-wg{}.key", id);
}

tl::expected<Secrets, std::string> load_or_create_secrets(const std::filesystem::path& dir,
                                                          const plan::Plan& plan,
                                                          std::vector<std::string>& generated)
{
  Secrets secrets;
  for (const auto& endpoint : plan.wireguard_endpoints) {
    const std::filesystem::path path = dir / endpoint_key_path(endpoint.id);
    if (std::filesystem::exists(path)) {
      std::ifstream in(path);
      std::string key;
      std::getline(in, key);
      const std::string pub = public_key_of(key);
      if (pub.empty()) {
        return tl::unexpected(fmt::format(
          "{} does not hold a WireGuard private key; restore it or delete it to create a new one "
          "(clients then need the new public key)",
          path.string()));
      }
      secrets.wireguard_endpoint_keys[endpoint.id] = { key, pub };
    } else {
      secrets.wireguard_endpoint_keys[endpoint.id] = generate_key_pair();
      generated.push_back(endpoint_key_path(endpoint.id));
    }
  }
  return secrets;
}

Artifacts secret_artifacts(const Secrets& secrets)
{
  Artifacts artifacts;
  for (const auto& [id, pair] : secrets.wireguard_endpoint_keys) {
    Artifact a;
    a.path = endpoint_key_path(id);
    a.host = "operator";
    a.mode = 0600;
    a.secret = true;
    a.purpose = fmt::format("WireGuard private key of endpoint wg{} (shared by every gateway); "
                            "kept so re-renders reuse it "
                            "(public key {})",
                            id,
                            pair.public_key);
    a.content = pair.private_key + "\n";
    artifacts.push_back(std::move(a));
  }
  return artifacts;
}

} // namespace dualstack::render
