// A credential (token, private key) that cannot be printed by accident and is wiped when freed.
#pragma once

#include <string>
#include <string_view>

namespace dualstack::verify::kube {

// Holds a credential. Has no stream or fmt output; reading it takes an explicit reveal().
class Secret
{
public:
  Secret() = default;
  explicit Secret(std::string value)
    : m_value(std::move(value))
  {
  }
  Secret(const Secret& other) = default;
  Secret(Secret&& other) noexcept;
  Secret& operator=(const Secret& other);
  Secret& operator=(Secret&& other) noexcept;
  ~Secret();

  // Returns the credential itself; pass it only to the transport, never to a message.
  const std::string& reveal() const
  {
    return m_value;
  }
  bool empty() const
  {
    return m_value.empty();
  }

private:
  void wipe();

  std::string m_value;
};

// Returns `text` with every occurrence of `secret` (if non-empty) replaced by "[redacted]".
std::string redact(std::string text, const Secret& secret);

} // namespace dualstack::verify::kube
