// WireGuard (X25519) key pairs with libsodium, in the base64 form `wg genkey` / `wg pubkey` use.
#include <dualstack/render/secrets.hpp>

#include <sodium.h>

#include <array>
#include <stdexcept>

namespace dualstack::render {

namespace {

using Key = std::array<unsigned char, crypto_scalarmult_BYTES>;

void ensure_sodium()
{
  static const int rc = sodium_init();
  if (rc < 0) {
    throw std::runtime_error("libsodium could not be initialised");
  }
}

std::string to_base64(const Key& key)
{
  char text[sodium_base64_ENCODED_LEN(crypto_scalarmult_BYTES, sodium_base64_VARIANT_ORIGINAL)];
  sodium_bin2base64(text, sizeof text, key.data(), key.size(), sodium_base64_VARIANT_ORIGINAL);
  return text;
}

// Clamps a Curve25519 scalar the way `wg genkey` does, so our keys look like wg's own.
void clamp(Key& key)
{
  key[0] &= 248;
  key[31] &= 127;
  key[31] |= 64;
}

Key public_of(const Key& secret)
{
  Key result{};
  if (crypto_scalarmult_base(result.data(), secret.data()) != 0) {
    throw std::runtime_error("crypto_scalarmult_base failed");
  }
  return result;
}

} // namespace

KeyPair generate_key_pair()
{
  ensure_sodium();
  static_assert(crypto_box_SECRETKEYBYTES == crypto_scalarmult_BYTES);
  static_assert(crypto_box_PUBLICKEYBYTES == crypto_scalarmult_BYTES);
  Key secret{};
  Key unused_public{};
  crypto_box_keypair(unused_public.data(), secret.data());
  clamp(secret);
  KeyPair pair{ to_base64(secret), to_base64(public_of(secret)) };
  sodium_memzero(secret.data(), secret.size());
  return pair;
}

std::string public_key_of(const std::string& private_key)
{
  ensure_sodium();
  Key secret{};
  std::size_t length = 0;
  const char* end = nullptr;
  const int rc = sodium_base642bin(secret.data(),
                                   secret.size(),
                                   private_key.data(),
                                   private_key.size(),
                                   nullptr,
                                   &length,
                                   &end,
                                   sodium_base64_VARIANT_ORIGINAL);
  // Exactly one 32-byte key in canonical base64 (44 characters), nothing after it.
  if (rc != 0 || length != secret.size() || end != private_key.data() + private_key.size() ||
      to_base64(secret) != private_key) {
    sodium_memzero(secret.data(), secret.size());
    return "";
  }
  std::string result = to_base64(public_of(secret));
  sodium_memzero(secret.data(), secret.size());
  return result;
}

} // namespace dualstack::render
