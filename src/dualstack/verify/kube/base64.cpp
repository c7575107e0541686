// Base64 decoding over OpenSSL's EVP_Decode* (handles line breaks and padding).
#include <dualstack/verify/kube/base64.hpp>

#include <openssl/evp.h>

#include <climits>
#include <memory>

namespace dualstack::verify::kube {

std::optional<std::string> decode_base64(std::string_view text)
{
  // EVP_DecodeUpdate takes an int length; kubeconfig data is never near that size.
  if (text.size() > INT_MAX / 2) {
    return std::nullopt;
  }
  std::unique_ptr<EVP_ENCODE_CTX, decltype(&EVP_ENCODE_CTX_free)> ctx(EVP_ENCODE_CTX_new(),
                                                                      &EVP_ENCODE_CTX_free);
  if (!ctx) {
    return std::nullopt;
  }
  EVP_DecodeInit(ctx.get());
  std::string out(text.size() / 4 * 3 + 80, '\0');
  int written = 0;
  const int status = EVP_DecodeUpdate(ctx.get(),
                                      reinterpret_cast<unsigned char*>(out.data()),
                                      &written,
                                      reinterpret_cast<const unsigned char*>(text.data()),
                                      static_cast<int>(text.size()));
  if (status < 0) {
    return std::nullopt;
  }
  int tail = 0;
  if (EVP_DecodeFinal(ctx.get(), reinterpret_cast<unsigned char*>(out.data()) + written, &tail) <
      0) {
    return std::nullopt;
  }
  out.resize(static_cast<std::size_t>(written) + static_cast<std::size_t>(tail));
  return out;
}

} // namespace dualstack::verify::kube
