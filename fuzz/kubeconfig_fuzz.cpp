// Fuzzes parse_kubeconfig (files it names come from memory); aborts when a loaded kubeconfig
// breaks an invariant, or an error is unprintable or shows a credential.
#include <dualstack/verify/kube/kubeconfig.hpp>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

using namespace dualstack::verify::kube;

namespace {

constexpr std::string_view file_token = "fuzz-token-from-file-0123456789";
constexpr std::string_view pem_cert =
  "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
constexpr std::string_view pem_key =
  "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n";

// Serves a certificate for *.crt, a key for *.key, a token for *token*, and nothing else.
class FuzzFiles final : public FileReader
{
public:
  tl::expected<std::string, std::string> read(const std::string& path,
                                              std::size_t max_bytes) const override
  {
    (void)max_bytes;
    if (path.ends_with(".crt")) {
      return std::string(pem_cert);
    }
    if (path.ends_with(".key")) {
      return std::string(pem_key);
    }
    if (path.find("token") != std::string::npos) {
      return std::string(file_token) + "\n";
    }
    return tl::unexpected(std::string("No such file or directory"));
  }
};

void check(bool ok, const char* what, std::string_view input)
{
  if (!ok) {
    std::fprintf(stderr,
                 "kubeconfig_fuzz: %s for input of %zu bytes:\n%.*s\n",
                 what,
                 input.size(),
                 static_cast<int>(input.size()),
                 input.data());
    std::abort();
  }
}

bool one_line(std::string_view text)
{
  return text.find('\n') == std::string_view::npos && text.find('\r') == std::string_view::npos;
}

void check_access(const ClusterAccess& access, std::string_view input)
{
  check(access.server.starts_with("https://"), "server is not https", input);
  check(!access.server.ends_with("/"), "server keeps a trailing slash", input);
  check(!access.cluster.empty(), "no cluster name", input);
  check(access.client_cert_pem.empty() == access.client_key_pem.empty(),
        "certificate without key or key without certificate",
        input);
  check(!(access.insecure_skip_tls_verify && !access.ca_pem.empty()), "insecure with a CA", input);
  const std::string& token = access.token.reveal();
  for (char c : token) {
    check(c > ' ' && c < 0x7f, "token with whitespace or control characters", input);
  }
  if (!access.ca_pem.empty()) {
    check(access.ca_pem.find("-----BEGIN ") != std::string::npos, "CA is not PEM", input);
  }
}

void check_error(const Error& error, std::string_view input)
{
  check(error.kind == ErrorKind::kubeconfig, "error of a kind other than kubeconfig", input);
  check(!error.message.empty(), "empty error message", input);
  check(one_line(error.message), "error message spans lines", input);
  check(one_line(error.hint), "hint spans lines", input);
  check(error.where == "fuzz/kubeconfig", "error names another file", input);
  const std::string printed = format_error(error);
  // Credentials read from files or decoded from base64 never reach a message (the input itself
  // may of course hold these strings, and a message may quote it).
  if (input.find(file_token) == std::string_view::npos) {
    check(printed.find(file_token) == std::string::npos, "token from a file in an error", input);
  }
  if (input.find("PRIVATE KEY") == std::string_view::npos) {
    check(printed.find("PRIVATE KEY") == std::string::npos, "private key in an error", input);
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const FuzzFiles files;
  for (const std::optional<std::string>& context :
       { std::optional<std::string>(), std::optional<std::string>("ctx") }) {
    const auto access = parse_kubeconfig(input, "fuzz/kubeconfig", context, files);
    if (access) {
      check_access(*access, input);
      if (context) {
        check(access->context == *context, "--context was not used", input);
      }
    } else {
      check_error(access.error(), input);
    }
  }
  return 0;
}
