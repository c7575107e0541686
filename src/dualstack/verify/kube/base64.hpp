// Base64 decoding for kubeconfig `*-data` fields (OpenSSL's decoder, not a hand-rolled one).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace dualstack::verify::kube {

// Decodes standard base64 `text` (line breaks and `=` padding allowed); nullopt if malformed.
std::optional<std::string> decode_base64(std::string_view text);

} // namespace dualstack::verify::kube
