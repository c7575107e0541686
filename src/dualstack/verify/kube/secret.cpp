// Credential holder: wipes memory with OPENSSL_cleanse and redacts credentials from text.
#include <dualstack/verify/kube/secret.hpp>

#include <openssl/crypto.h>

namespace dualstack::verify::kube {

Secret::Secret(Secret&& other) noexcept
  : m_value(std::move(other.m_value))
{
  other.wipe();
}

Secret& Secret::operator=(const Secret& other)
{
  if (this != &other) {
    wipe();
    m_value = other.m_value;
  }
  return *this;
}

Secret& Secret::operator=(Secret&& other) noexcept
{
  if (this != &other) {
    wipe();
    m_value = std::move(other.m_value);
    other.wipe();
  }
  return *this;
}

Secret::~Secret()
{
  wipe();
}

void Secret::wipe()
{
  if (!m_value.empty()) {
    OPENSSL_cleanse(m_value.data(), m_value.size());
  }
  m_value.clear();
}

std::string redact(std::string text, const Secret& secret)
{
  const std::string& value = secret.reveal();
  if (value.empty()) {
    return text;
  }
  static constexpr std::string_view replacement = "[redacted]";
  for (auto at = text.find(value); at != std::string::npos;
       at = text.find(value, at + replacement.size())) {
    text.replace(at, value.size(), replacement);
  }
  return text;
}

} // namespace dualstack::verify::kube
