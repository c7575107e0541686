// Kubeconfig loading: context selection, inline and file credentials, and every error's text.
#include "verify/kube/support/test_pki.hpp"

#include <dualstack/verify/kube/kubeconfig.hpp>

#include <gtest/gtest.h>
#include <openssl/evp.h>

#include <map>

using namespace dualstack;
using namespace dualstack::verify::kube;
using namespace dualstack::verify::kube::testing;

namespace {

class MemoryFiles : public FileReader
{
public:
  tl::expected<std::string, std::string> read(const std::string& path,
                                              std::size_t max_bytes) const override
  {
    reads.push_back(path);
    const auto it = files.find(path);
    if (it == files.end()) {
      return tl::unexpected(std::string("No such file or directory"));
    }
    if (it->second.size() > max_bytes) {
      return tl::unexpected(std::string("too large"));
    }
    return it->second;
  }

  std::map<std::string, std::string> files;
  mutable std::vector<std::string> reads;
};

std::string b64(const std::string& text)
{
  std::string out(4 * ((text.size() + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(text.data()),
                                static_cast<int>(text.size()));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

constexpr const char* path = "/home/op/.kube/config";
const std::string token = "eyJhbGciOiJSUzI1NiJ9.secret-token-value";

// A kubeconfig with two contexts: `admin` (client certificate, current) and `viewer` (token).
std::string two_contexts()
{
  const auto& pki = test_pki();
  return "apiVersion: v1\n"
         "kind: Config\n"
         "current-context: admin@cluster\n"
         "clusters:\n"
         "- name: cluster\n"
         "  cluster:\n"
         "    server: https://10.0.0.1:6443/\n"
         "    certificate-authority-data: " +
         b64(pki.ca.cert_pem) +
         "\n"
         "contexts:\n"
         "- name: admin@cluster\n"
         "  context:\n"
         "    cluster: cluster\n"
         "    user: admin\n"
         "- name: viewer\n"
         "  context:\n"
         "    cluster: cluster\n"
         "    user: viewer\n"
         "    namespace: kube-system\n"
         "users:\n"
         "- name: admin\n"
         "  user:\n"
         "    client-certificate-data: " +
         b64(pki.client.cert_pem) +
         "\n"
         "    client-key-data: " +
         b64(pki.client.key_pem) +
         "\n"
         "- name: viewer\n"
         "  user:\n"
         "    token: " +
         token + "\n";
}

// A kubeconfig of one context `ctx` with the given cluster and user bodies (indented by 4).
std::string one_context(const std::string& cluster, const std::string& user)
{
  return "current-context: ctx\n"
         "contexts:\n"
         "- name: ctx\n"
         "  context: {cluster: c, user: u}\n"
         "clusters:\n"
         "- name: c\n"
         "  cluster:\n" +
         cluster +
         "users:\n"
         "- name: u\n"
         "  user:\n" +
         user;
}

const std::string server_line = "    server: https://10.0.0.1:6443\n";

tl::expected<ClusterAccess, Error> parse(const std::string& text,
                                         std::optional<std::string> context = std::nullopt)
{
  MemoryFiles files;
  return parse_kubeconfig(text, path, context, files);
}

// Returns the formatted error of parsing `text`, or "ok".
std::string error_of(const std::string& text, std::optional<std::string> context = std::nullopt)
{
  auto access = parse(text, std::move(context));
  return access ? "ok" : format_error(access.error());
}

} // namespace

TEST(Kubeconfig, LoadsTheCurrentContextWithInlineCertificates)
{
  auto access = parse(two_contexts());
  ASSERT_TRUE(access) << format_error(access.error());
  EXPECT_EQ(access->kubeconfig, path);
  EXPECT_EQ(access->context, "admin@cluster");
  EXPECT_EQ(access->cluster, "cluster");
  EXPECT_EQ(access->user, "admin");
  EXPECT_EQ(access->server, "https://10.0.0.1:6443");
  EXPECT_EQ(access->ca_pem, test_pki().ca.cert_pem);
  EXPECT_FALSE(access->insecure_skip_tls_verify);
  EXPECT_EQ(access->client_cert_pem, test_pki().client.cert_pem);
  EXPECT_EQ(access->client_key_pem.reveal(), test_pki().client.key_pem);
  EXPECT_TRUE(access->token.empty());
}

TEST(Kubeconfig, ContextOptionOverridesCurrentContext)
{
  auto access = parse(two_contexts(), "viewer");
  ASSERT_TRUE(access) << format_error(access.error());
  EXPECT_EQ(access->context, "viewer");
  EXPECT_EQ(access->user, "viewer");
  EXPECT_EQ(access->token.reveal(), token);
  EXPECT_TRUE(access->client_cert_pem.empty());
  EXPECT_EQ(access->default_namespace, "kube-system");
}

TEST(Kubeconfig, ReadsFilesRelativeToTheKubeconfig)
{
  MemoryFiles files;
  files.files["/home/op/.kube/pki/ca.crt"] = test_pki().ca.cert_pem;
  files.files["/etc/k8s/admin.crt"] = test_pki().client.cert_pem;
  files.files["/home/op/.kube/admin.key"] = test_pki().client.key_pem;
  files.files["/home/op/token"] = "  " + token + "\n";
  const std::string text = one_context(server_line + "    certificate-authority: pki/ca.crt\n",
                                       "    client-certificate: /etc/k8s/admin.crt\n"
                                       "    client-key: ./admin.key\n"
                                       "    tokenFile: ../token\n");
  auto access = parse_kubeconfig(text, path, std::nullopt, files);
  ASSERT_TRUE(access) << format_error(access.error());
  EXPECT_EQ(access->ca_pem, test_pki().ca.cert_pem);
  EXPECT_EQ(access->client_cert_pem, test_pki().client.cert_pem);
  EXPECT_EQ(access->client_key_pem.reveal(), test_pki().client.key_pem);
  EXPECT_EQ(access->token.reveal(), token) << "a token file is trimmed";
}

TEST(Kubeconfig, InlineTokenWinsOverTokenFile)
{
  MemoryFiles files;
  auto access = parse_kubeconfig(
    one_context(server_line, "    token: abc\n    tokenFile: /nonexistent\n"), path, {}, files);
  ASSERT_TRUE(access) << format_error(access.error());
  EXPECT_EQ(access->token.reveal(), "abc");
  EXPECT_TRUE(files.reads.empty());
}

TEST(Kubeconfig, InsecureWithoutCaIsAccepted)
{
  auto access =
    parse(one_context(server_line + "    insecure-skip-tls-verify: true\n", "    token: abc\n"));
  ASSERT_TRUE(access) << format_error(access.error());
  EXPECT_TRUE(access->insecure_skip_tls_verify);
  EXPECT_TRUE(access->ca_pem.empty());
}

TEST(Kubeconfig, ContextWithoutUserIsAnonymous)
{
  auto access = parse("current-context: ctx\n"
                      "contexts: [{name: ctx, context: {cluster: c}}]\n"
                      "clusters: [{name: c, cluster: {server: 'https://[fd00::1]:6443'}}]\n");
  ASSERT_TRUE(access) << format_error(access.error());
  EXPECT_TRUE(access->user.empty());
  EXPECT_EQ(access->server, "https://[fd00::1]:6443");
  EXPECT_TRUE(access->token.empty());
  EXPECT_TRUE(access->client_cert_pem.empty());
}

TEST(Kubeconfig, KeepsTlsServerName)
{
  auto access =
    parse(one_context(server_line + "    tls-server-name: kubernetes.default\n", "    token: a\n"));
  ASSERT_TRUE(access) << format_error(access.error());
  EXPECT_EQ(access->tls_server_name, "kubernetes.default");
}

TEST(Kubeconfig, UnreadableFileIsAnError)
{
  MemoryFiles files;
  auto access = load_kubeconfig("/nope/config", std::nullopt, files);
  ASSERT_FALSE(access);
  EXPECT_EQ(format_error(access.error()),
            "/nope/config: error[kubeconfig]: cannot read kubeconfig: No such file or directory\n"
            "  hint: pass the cluster's kubeconfig, e.g. --kubeconfig ~/.kube/config");
}

TEST(Kubeconfig, LoadReadsThroughTheFileReader)
{
  MemoryFiles files;
  files.files[path] = two_contexts();
  auto access = load_kubeconfig(path, std::string("viewer"), files);
  ASSERT_TRUE(access) << format_error(access.error());
  EXPECT_EQ(access->user, "viewer");
}

TEST(Kubeconfig, InvalidYamlIsAnErrorWithPosition)
{
  EXPECT_EQ(error_of("clusters:\n- name: [unclosed\n"),
            "/home/op/.kube/config:3:1: error[kubeconfig]: kubeconfig is not valid YAML: end of "
            "sequence flow not found\n"
            "  hint: check the YAML syntax (quotes, indentation) near this line");
}

TEST(Kubeconfig, NonMappingIsAnError)
{
  EXPECT_EQ(error_of("- just\n- a list\n"),
            "/home/op/.kube/config:1:1: error[kubeconfig]: kubeconfig is not a YAML mapping\n"
            "  hint: a kubeconfig has `clusters`, `contexts`, `users` and `current-context`; "
            "check --kubeconfig names the right file");
  EXPECT_EQ(error_of(""),
            "/home/op/.kube/config: error[kubeconfig]: kubeconfig is not a YAML "
            "mapping\n"
            "  hint: a kubeconfig has `clusters`, `contexts`, `users` and "
            "`current-context`; check --kubeconfig names the right file");
}

TEST(Kubeconfig, MissingCurrentContextListsTheContexts)
{
  std::string text = two_contexts();
  text.replace(text.find("current-context: admin@cluster\n"), 31, "");
  EXPECT_EQ(error_of(text),
            "/home/op/.kube/config: error[kubeconfig]: kubeconfig has no "
            "`current-context`\n"
            "  hint: pass --context NAME (contexts here: `admin@cluster`, "
            "`viewer`)");
}

TEST(Kubeconfig, UnknownContextSuggestsTheClosest)
{
  EXPECT_EQ(error_of(two_contexts(), "veiwer"),
            "/home/op/.kube/config:1:1: error[kubeconfig]: --context names context `veiwer`, "
            "which is not in `contexts`\n"
            "  hint: did you mean `viewer`?");
  EXPECT_EQ(error_of(two_contexts(), "prod"),
            "/home/op/.kube/config:1:1: error[kubeconfig]: --context names context `prod`, which "
            "is not in `contexts`\n"
            "  hint: entries in `contexts`: `admin@cluster`, `viewer`");
}

TEST(Kubeconfig, CurrentContextNamingNothingPointsAtIt)
{
  std::string text = two_contexts();
  text.replace(text.find("admin@cluster\n"), 13, "admin@clustr");
  EXPECT_EQ(error_of(text),
            "/home/op/.kube/config:3:18: error[kubeconfig]: `current-context` "
            "names context `admin@clustr`, which is not in `contexts`\n"
            "  hint: did you mean `admin@cluster`?");
}

TEST(Kubeconfig, MissingClusterEntryIsAnError)
{
  std::string text = one_context(server_line, "    token: a\n");
  text.replace(text.find("- name: c\n"), 10, "- name: other\n");
  EXPECT_EQ(error_of(text),
            "/home/op/.kube/config:4:22: error[kubeconfig]: context `ctx` names "
            "cluster `c`, which is not in `clusters`\n"
            "  hint: entries in `clusters`: `other`");
}

TEST(Kubeconfig, MissingUserEntryIsAnError)
{
  std::string text = one_context(server_line, "    token: a\n");
  text.replace(text.find("- name: u\n"), 10, "- name: you\n");
  EXPECT_EQ(error_of(text),
            "/home/op/.kube/config:4:31: error[kubeconfig]: context `ctx` names "
            "user `u`, which is not in `users`\n"
            "  hint: entries in `users`: `you`");
}

TEST(Kubeconfig, DuplicateEntriesAreAnError)
{
  const std::string text = one_context(server_line, "    token: a\n") + "- name: u\n"
                                                                        "  user: {token: b}\n";
  EXPECT_EQ(error_of(text),
            "/home/op/.kube/config:13:3: error[kubeconfig]: `users` has two "
            "entries named `u`\n"
            "  hint: rename or remove one (the first is at line 10)");
}

TEST(Kubeconfig, MissingServerIsAnError)
{
  EXPECT_EQ(error_of(one_context("    insecure-skip-tls-verify: true\n", "    token: a\n")),
            "/home/op/.kube/config:8:5: error[kubeconfig]: cluster `c` has no `server`\n"
            "  hint: add `server: https://HOST:6443` to the cluster entry");
}

TEST(Kubeconfig, PlainHttpServerIsAnError)
{
  EXPECT_EQ(error_of(one_context("    server: http://10.0.0.1:8080\n", "    token: a\n")),
            "/home/op/.kube/config:8:13: error[kubeconfig]: `server` of cluster `c` is not an "
            "https URL: `http://10.0.0.1:8080`\n"
            "  hint: the API server is only reached over TLS; use https://HOST:PORT");
}

TEST(Kubeconfig, ServerThatIsNoUrlIsAnError)
{
  EXPECT_EQ(error_of(one_context("    server: 10.0.0.1:6443\n", "    token: a\n")),
            "/home/op/.kube/config:8:13: error[kubeconfig]: `server` of cluster `c` is not a "
            "URL: `10.0.0.1:6443`\n"
            "  hint: write it as https://HOST:PORT");
  EXPECT_EQ(error_of(one_context("    server: 'https://'\n", "    token: a\n")),
            "/home/op/.kube/config:8:13: error[kubeconfig]: `server` of cluster `c` is not a "
            "URL: `https://`\n"
            "  hint: write it as https://HOST:PORT");
}

TEST(Kubeconfig, ServerWithCredentialsIsAnErrorThatDoesNotShowThem)
{
  EXPECT_EQ(
    error_of(one_context("    server: https://admin:pa55@10.0.0.1:6443\n", "    token: a\n")),
    "/home/op/.kube/config:8:13: error[kubeconfig]: `server` of cluster `c` carries "
    "credentials (user@host)\n"
    "  hint: put credentials in the user entry, not in the URL");
}

TEST(Kubeconfig, BadBase64IsAnError)
{
  EXPECT_EQ(error_of(one_context(server_line + "    certificate-authority-data: 'not base64!'\n",
                                 "    token: a\n")),
            "/home/op/.kube/config:9:33: error[kubeconfig]: `certificate-authority-data` of "
            "cluster `c` is not valid base64\n"
            "  hint: write the base64 of the PEM file, e.g. `base64 -w0 FILE`, or use "
            "`certificate-authority: FILE`");
}

TEST(Kubeconfig, CaDataThatIsNotPemIsAnError)
{
  EXPECT_EQ(error_of(one_context(
              server_line + "    certificate-authority-data: " + b64("just some bytes") + "\n",
              "    token: a\n")),
            "/home/op/.kube/config:9:33: error[kubeconfig]: `certificate-authority-data` of "
            "cluster `c` is not a base64-encoded PEM certificate\n"
            "  hint: decode it with `base64 -d` and check it starts with -----BEGIN");
}

TEST(Kubeconfig, KeyDataThatIsACertificateIsAnError)
{
  const auto& pki = test_pki();
  EXPECT_EQ(error_of(one_context(server_line,
                                 "    client-certificate-data: " + b64(pki.client.cert_pem) +
                                   "\n    client-key-data: " + b64(pki.client.cert_pem) + "\n")),
            "/home/op/.kube/config:13:22: error[kubeconfig]: `client-key-data` of user `u` is "
            "not a base64-encoded PEM private key\n"
            "  hint: decode it with `base64 -d` and check it starts with -----BEGIN");
}

TEST(Kubeconfig, UnreadableCaFileIsAnError)
{
  EXPECT_EQ(
    error_of(one_context(server_line + "    certificate-authority: ca.crt\n", "    token: a\n")),
    "/home/op/.kube/config:9:28: error[kubeconfig]: cannot read `certificate-authority` "
    "/home/op/.kube/ca.crt of cluster `c`: No such file or directory\n"
    "  hint: relative names are relative to the kubeconfig's directory");
}

TEST(Kubeconfig, CaFileAndDataTogetherAreAnError)
{
  EXPECT_EQ(error_of(one_context(server_line +
                                   "    certificate-authority: ca.crt\n"
                                   "    certificate-authority-data: " +
                                   b64(test_pki().ca.cert_pem) + "\n",
                                 "    token: a\n")),
            "/home/op/.kube/config:9:28: error[kubeconfig]: cluster `c` has both "
            "`certificate-authority` and `certificate-authority-data`\n"
            "  hint: keep one of them, as kubectl requires");
}

TEST(Kubeconfig, InsecureWithCaIsAnError)
{
  EXPECT_EQ(error_of(one_context(server_line +
                                   "    insecure-skip-tls-verify: true\n"
                                   "    certificate-authority-data: " +
                                   b64(test_pki().ca.cert_pem) + "\n",
                                 "    token: a\n")),
            "/home/op/.kube/config:9:31: error[kubeconfig]: cluster `c` has a certificate "
            "authority and `insecure-skip-tls-verify: true`\n"
            "  hint: remove `insecure-skip-tls-verify` to verify the server against the CA");
}

TEST(Kubeconfig, InsecureMustBeABoolean)
{
  EXPECT_EQ(error_of(one_context(server_line + "    insecure-skip-tls-verify: yes please\n",
                                 "    token: a\n")),
            "/home/op/.kube/config:9:31: error[kubeconfig]: `insecure-skip-tls-verify` of "
            "cluster `c` must be true or false");
}

TEST(Kubeconfig, CertificateWithoutKeyIsAnError)
{
  EXPECT_EQ(
    error_of(one_context(server_line,
                         "    client-certificate-data: " + b64(test_pki().client.cert_pem) + "\n")),
    "/home/op/.kube/config:12:5: error[kubeconfig]: user `u` has a client certificate "
    "but no client key\n"
    "  hint: add `client-key-data` (or `client-key`) for the certificate");
}

TEST(Kubeconfig, ExecPluginIsUnsupported)
{
  EXPECT_EQ(error_of(one_context(server_line,
                                 "    exec:\n"
                                 "      apiVersion: "
                                 "client.authentication.k8s.io/v1\n"
                                 "      command: aws\n")),
            "/home/op/.kube/config:13:7: error[kubeconfig]: user `u` authenticates with `exec`, "
            "which dualstack does not run\n"
            "  hint: use a token (e.g. `kubectl create token SERVICEACCOUNT`) or a client "
            "certificate in the kubeconfig given to dualstack");
}

TEST(Kubeconfig, BasicAuthIsUnsupported)
{
  EXPECT_EQ(error_of(one_context(server_line, "    username: admin\n    password: hunter2\n")),
            "/home/op/.kube/config:12:15: error[kubeconfig]: user `u` uses basic authentication "
            "(`username`), which dualstack does not support\n"
            "  hint: use a token or a client certificate");
}

TEST(Kubeconfig, TokenWithWhitespaceIsAnErrorThatDoesNotShowIt)
{
  const std::string result =
    error_of(one_context(server_line, "    token: \"secret-part1 secret-part2\"\n"));
  EXPECT_EQ(result,
            "/home/op/.kube/config:12:12: error[kubeconfig]: the token of user `u` "
            "contains spaces or control characters\n"
            "  hint: a bearer token is one word of visible ASCII; check for a stray line "
            "break");
  EXPECT_EQ(result.find("secret-part"), std::string::npos);
}

TEST(Kubeconfig, EmptyTokenFileIsAnError)
{
  MemoryFiles files;
  files.files["/home/op/.kube/token"] = "\n";
  auto access =
    parse_kubeconfig(one_context(server_line, "    tokenFile: token\n"), path, {}, files);
  ASSERT_FALSE(access);
  EXPECT_EQ(format_error(access.error()),
            "/home/op/.kube/config:12:16: error[kubeconfig]: `tokenFile` /home/op/.kube/token of "
            "user `u` is empty");
}

TEST(Kubeconfig, WrongShapesAreErrorsNotCrashes)
{
  EXPECT_EQ(error_of("current-context: ctx\ncontexts: {ctx: 1}\n"),
            "/home/op/.kube/config:2:11: error[kubeconfig]: `contexts` must be a list");
  EXPECT_EQ(error_of("current-context: ctx\ncontexts: [ctx]\n"),
            "/home/op/.kube/config:2:12: error[kubeconfig]: an entry of `contexts` is not a "
            "mapping\n"
            "  hint: each entry has a `name` and a `context` mapping");
  EXPECT_EQ(error_of("current-context: [a]\n"),
            "/home/op/.kube/config:1:18: error[kubeconfig]: `current-context` of the kubeconfig "
            "must be a string");
  EXPECT_EQ(error_of("current-context: ctx\ncontexts: [{name: ctx, context: [1]}]\n"),
            "/home/op/.kube/config:2:33: error[kubeconfig]: `context` of contexts entry `ctx` "
            "must be a mapping");
  EXPECT_EQ(error_of(one_context("    server: {a: b}\n", "")),
            "/home/op/.kube/config:8:13: error[kubeconfig]: `server` of cluster `c` must be a "
            "string");
}

TEST(Kubeconfig, ControlCharactersInNamesAreEscaped)
{
  EXPECT_EQ(error_of(two_contexts(), std::string("line\nbreak")),
            "/home/op/.kube/config:1:1: error[kubeconfig]: --context names context "
            "`line\\x0abreak`, which is not in `contexts`\n"
            "  hint: entries in `contexts`: `admin@cluster`, `viewer`");
}

TEST(Kubeconfig, ErrorsNeverContainCredentials)
{
  const auto& pki = test_pki();
  const std::string key_b64 = b64(pki.client.key_pem);
  // A key without a certificate: the error must name the problem, not the key.
  const std::string result = error_of(
    one_context(server_line, "    client-key-data: " + key_b64 + "\n    token: " + token + "\n"));
  EXPECT_NE(result, "ok");
  EXPECT_EQ(result.find(key_b64.substr(0, 40)), std::string::npos);
  EXPECT_EQ(result.find(token), std::string::npos);
  EXPECT_EQ(result.find("PRIVATE KEY"), std::string::npos);
}
