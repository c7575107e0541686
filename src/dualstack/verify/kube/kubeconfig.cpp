// Kubeconfig loading over yaml-cpp: context selection, cluster, user, and the files they name.
#include <dualstack/verify/kube/kubeconfig.hpp>

#include <dualstack/util/trim.hpp>
#include <dualstack/verify/kube/base64.hpp>
#include <dualstack/verify/kube/yaml_reader.hpp>

#include <curl/curl.h>
#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <memory>
#include <vector>

namespace dualstack::verify::kube {

namespace {

using Expected = tl::expected<void, Error>;

bool is_pem(std::string_view text, std::string_view label_suffix)
{
  const auto begin = text.find("-----BEGIN ");
  if (begin == std::string_view::npos) {
    return false;
  }
  const auto end_of_label = text.find("-----", begin + 11);
  if (end_of_label == std::string_view::npos) {
    return false;
  }
  const auto label = text.substr(begin + 11, end_of_label - begin - 11);
  return label.size() >= label_suffix.size() &&
         label.substr(label.size() - label_suffix.size()) == label_suffix &&
         text.find("-----END ", end_of_label) != std::string_view::npos;
}

// Whether `text` is all visible ASCII (what a bearer token or a server URL may hold).
bool is_visible_ascii(std::string_view text)
{
  return std::all_of(text.begin(), text.end(), [](char c) { return c > ' ' && c < 0x7f; });
}

// Reads one kubeconfig; every error names the file and the position of the offending node.
class KubeconfigReader
{
public:
  KubeconfigReader(const std::string& path, const FileReader& files)
    : m_yaml(path)
    , m_files(files)
  {
    const auto parent = std::filesystem::path(path).parent_path();
    m_dir = parent.empty() ? std::filesystem::path(".") : parent;
  }

  tl::expected<ClusterAccess, Error> read(std::string_view text,
                                          const std::optional<std::string>& context_name);

private:
  tl::expected<std::string, Error> read_file(const YAML::Node& at,
                                             const char* key,
                                             const std::string& name,
                                             std::string_view owner) const
  {
    const auto full = resolve(name);
    auto bytes = m_files.read(full, max_kubeconfig_bytes);
    if (!bytes) {
      return tl::unexpected(m_yaml.error(
        &at,
        fmt::format("cannot read `{}` {} of {}: {}", key, shown(full), owner, bytes.error()),
        "relative names are relative to the kubeconfig's directory"));
    }
    return std::move(*bytes);
  }

  std::string resolve(const std::string& name) const
  {
    std::filesystem::path path(name);
    if (path.is_absolute()) {
      return name;
    }
    return (m_dir / path).lexically_normal().string();
  }

  // Reads a PEM item given inline (`data_key`, base64) or as a file (`file_key`).
  tl::expected<std::optional<std::string>, Error> pem_item(const YAML::Node& map,
                                                           const char* file_key,
                                                           const char* data_key,
                                                           std::string_view owner,
                                                           std::string_view pem_label) const;

  Expected read_cluster(const YAML::Node& cluster, ClusterAccess& access) const;
  Expected read_user(const YAML::Node& user, ClusterAccess& access) const;

  YamlReader m_yaml;
  const FileReader& m_files;
  std::filesystem::path m_dir;
};

tl::expected<std::optional<std::string>, Error> KubeconfigReader::pem_item(
  const YAML::Node& map,
  const char* file_key,
  const char* data_key,
  std::string_view owner,
  std::string_view pem_label) const
{
  auto file = m_yaml.scalar(map, file_key, owner);
  if (!file) {
    return tl::unexpected(file.error());
  }
  auto data = m_yaml.scalar(map, data_key, owner);
  if (!data) {
    return tl::unexpected(data.error());
  }
  if (*file && *data) {
    const YAML::Node node = map[file_key];
    return tl::unexpected(
      m_yaml.error(&node,
                   fmt::format("{} has both `{}` and `{}`", owner, file_key, data_key),
                   fmt::format("keep one of them, as kubectl requires")));
  }
  std::string pem;
  if (*data) {
    const YAML::Node node = map[data_key];
    auto decoded = decode_base64(**data);
    if (!decoded) {
      return tl::unexpected(
        m_yaml.error(&node,
                     fmt::format("`{}` of {} is not valid base64", data_key, owner),
                     fmt::format("write the base64 of the PEM file, e.g. `base64 "
                                 "-w0 FILE`, or use `{}: FILE`",
                                 file_key)));
    }
    pem = std::move(*decoded);
    if (!is_pem(pem, pem_label)) {
      return tl::unexpected(
        m_yaml.error(&node,
                     fmt::format("`{}` of {} is not a base64-encoded PEM {}",
                                 data_key,
                                 owner,
                                 pem_label == "KEY" ? "private key" : "certificate"),
                     "decode it with `base64 -d` and check it starts with -----BEGIN"));
    }
    return pem;
  }
  if (*file) {
    const YAML::Node node = map[file_key];
    auto bytes = read_file(node, file_key, **file, owner);
    if (!bytes) {
      return tl::unexpected(bytes.error());
    }
    if (!is_pem(*bytes, pem_label)) {
      return tl::unexpected(
        m_yaml.error(&node,
                     fmt::format("`{}` {} of {} is not a PEM {}",
                                 file_key,
                                 shown(resolve(**file)),
                                 owner,
                                 pem_label == "KEY" ? "private key" : "certificate")));
    }
    return std::move(*bytes);
  }
  return std::nullopt;
}

Expected KubeconfigReader::read_cluster(const YAML::Node& cluster, ClusterAccess& access) const
{
  const auto owner = fmt::format("cluster `{}`", shown(access.cluster));
  auto server = m_yaml.scalar(cluster, "server", owner);
  if (!server) {
    return tl::unexpected(server.error());
  }
  if (!*server || (*server)->empty()) {
    return tl::unexpected(m_yaml.error(&cluster,
                                       fmt::format("{} has no `server`", owner),
                                       "add `server: https://HOST:6443` to the cluster entry"));
  }
  const YAML::Node server_node = cluster["server"];
  if (!is_visible_ascii(**server)) {
    return tl::unexpected(
      m_yaml.error(&server_node,
                   fmt::format("`server` of {} has spaces, control or non-ASCII "
                               "characters: `{}`",
                               owner,
                               shown(**server)),
                   "write it as https://HOST:PORT (IDN host names in punycode)"));
  }
  std::unique_ptr<CURLU, decltype(&curl_url_cleanup)> url(curl_url(), &curl_url_cleanup);
  char* scheme = nullptr;
  char* host = nullptr;
  char* user = nullptr;
  const bool parsed =
    url && curl_url_set(url.get(), CURLUPART_URL, (*server)->c_str(), 0) == CURLUE_OK;
  if (parsed) {
    curl_url_get(url.get(), CURLUPART_SCHEME, &scheme, 0);
    curl_url_get(url.get(), CURLUPART_HOST, &host, 0);
    curl_url_get(url.get(), CURLUPART_USER, &user, 0);
  }
  const std::string scheme_text = scheme ? scheme : "";
  const bool has_host = host && *host;
  const bool has_user = user != nullptr;
  curl_free(scheme);
  curl_free(host);
  curl_free(user);
  if (has_user) {
    // Not shown: the user part may hold a password.
    return tl::unexpected(
      m_yaml.error(&server_node,
                   fmt::format("`server` of {} carries credentials (user@host)", owner),
                   "put credentials in the user entry, not in the URL"));
  }
  if (!parsed || !has_host) {
    return tl::unexpected(
      m_yaml.error(&server_node,
                   fmt::format("`server` of {} is not a URL: `{}`", owner, shown(**server)),
                   "write it as https://HOST:PORT"));
  }
  if (scheme_text != "https") {
    return tl::unexpected(
      m_yaml.error(&server_node,
                   fmt::format("`server` of {} is not an https URL: `{}`", owner, shown(**server)),
                   "the API server is only reached over TLS; use https://HOST:PORT"));
  }
  if ((*server)->find_first_of("?#") != std::string::npos) {
    return tl::unexpected(m_yaml.error(&server_node,
                                       fmt::format("`server` of {} has a query or "
                                                   "fragment: `{}`",
                                                   owner,
                                                   shown(**server)),
                                       "write it as https://HOST:PORT[/PATH]"));
  }
  // Keep libcurl's normalised form (lower-case scheme, `//` restored), so the URL the client
  // builds is exactly the one checked here.
  char* normalised = nullptr;
  curl_url_get(url.get(), CURLUPART_URL, &normalised, 0);
  access.server = normalised ? normalised : "";
  curl_free(normalised);
  if (!access.server.starts_with("https://")) {
    return tl::unexpected(
      m_yaml.error(&server_node,
                   fmt::format("`server` of {} is not a URL: `{}`", owner, shown(**server)),
                   "write it as https://HOST:PORT"));
  }
  while (!access.server.empty() && access.server.back() == '/') {
    access.server.pop_back();
  }

  auto insecure = m_yaml.flag(cluster, "insecure-skip-tls-verify", owner);
  if (!insecure) {
    return tl::unexpected(insecure.error());
  }
  access.insecure_skip_tls_verify = *insecure;

  auto ca =
    pem_item(cluster, "certificate-authority", "certificate-authority-data", owner, "CERTIFICATE");
  if (!ca) {
    return tl::unexpected(ca.error());
  }
  if (*ca) {
    if (access.insecure_skip_tls_verify) {
      const YAML::Node node = cluster["insecure-skip-tls-verify"];
      return tl::unexpected(m_yaml.error(
        &node,
        fmt::format("{} has a certificate authority and `insecure-skip-tls-verify: true`", owner),
        "remove `insecure-skip-tls-verify` to verify the server against the CA"));
    }
    access.ca_pem = std::move(**ca);
  }

  auto server_name = m_yaml.scalar(cluster, "tls-server-name", owner);
  if (!server_name) {
    return tl::unexpected(server_name.error());
  }
  if (*server_name) {
    const auto& name = **server_name;
    const bool plain = !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
      return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '_';
    });
    if (!plain) {
      const YAML::Node node = cluster["tls-server-name"];
      return tl::unexpected(m_yaml.error(
        &node,
        fmt::format("`tls-server-name` of {} is not a host name: `{}`", owner, shown(name))));
    }
    access.tls_server_name = name;
  }
  return {};
}

Expected KubeconfigReader::read_user(const YAML::Node& user, ClusterAccess& access) const
{
  const auto owner = fmt::format("user `{}`", shown(access.user));
  for (const char* key : { "exec", "auth-provider" }) {
    const YAML::Node node = user[key];
    if (node.IsDefined() && !node.IsNull() && !user["token"].IsDefined() &&
        !user["tokenFile"].IsDefined() && !user["client-certificate"].IsDefined() &&
        !user["client-certificate-data"].IsDefined()) {
      return tl::unexpected(m_yaml.error(
        &node,
        fmt::format("{} authenticates with `{}`, which dualstack does not run", owner, key),
        "use a token (e.g. `kubectl create token SERVICEACCOUNT`) or a client certificate in the "
        "kubeconfig given to dualstack"));
    }
  }
  for (const char* key : { "username", "password" }) {
    const YAML::Node node = user[key];
    if (node.IsDefined() && !node.IsNull()) {
      return tl::unexpected(m_yaml.error(
        &node,
        fmt::format(
          "{} uses basic authentication (`{}`), which dualstack does not support", owner, key),
        "use a token or a client certificate"));
    }
  }

  auto cert = pem_item(user, "client-certificate", "client-certificate-data", owner, "CERTIFICATE");
  if (!cert) {
    return tl::unexpected(cert.error());
  }
  auto key = pem_item(user, "client-key", "client-key-data", owner, "KEY");
  if (!key) {
    return tl::unexpected(key.error());
  }
  if (cert->has_value() != key->has_value()) {
    return tl::unexpected(
      m_yaml.error(&user,
                   fmt::format("{} has a client {} but no client {}",
                               owner,
                               cert->has_value() ? "certificate" : "key",
                               cert->has_value() ? "key" : "certificate"),
                   cert->has_value() ? "add `client-key-data` (or `client-key`) for the certificate"
                                     : "add `client-certificate-data` (or `client-certificate`)"));
  }
  if (*cert) {
    access.client_cert_pem = std::move(**cert);
    access.client_key_pem = Secret(std::move(**key));
  }

  // As in client-go, an inline token wins over a token file.
  auto token = m_yaml.scalar(user, "token", owner);
  if (!token) {
    return tl::unexpected(token.error());
  }
  const char* token_key = "token";
  if (!*token) {
    auto token_file = m_yaml.scalar(user, "tokenFile", owner);
    if (!token_file) {
      return tl::unexpected(token_file.error());
    }
    if (*token_file) {
      token_key = "tokenFile";
      const YAML::Node node = user["tokenFile"];
      auto bytes = read_file(node, "tokenFile", **token_file, owner);
      if (!bytes) {
        return tl::unexpected(bytes.error());
      }
      *token = std::string(util::trim(*bytes));
      if ((*token)->empty()) {
        return tl::unexpected(m_yaml.error(
          &node,
          fmt::format("`tokenFile` {} of {} is empty", shown(resolve(**token_file)), owner)));
      }
    }
  }
  if (*token) {
    Secret secret(std::move(**token));
    if (!is_visible_ascii(secret.reveal())) {
      const YAML::Node node = user[token_key];
      return tl::unexpected(m_yaml.error(
        &node,
        fmt::format("the {} of {} contains spaces or control characters", token_key, owner),
        "a bearer token is one word of visible ASCII; check for a stray line break"));
    }
    access.token = std::move(secret);
  }
  return {};
}

tl::expected<ClusterAccess, Error> KubeconfigReader::read(
  std::string_view text,
  const std::optional<std::string>& context_name)
{
  if (text.size() > max_kubeconfig_bytes) {
    return tl::unexpected(m_yaml.error(
      nullptr, fmt::format("kubeconfig is larger than {} bytes", max_kubeconfig_bytes)));
  }
  YAML::Node loaded;
  try {
    loaded = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    Error err = m_yaml.error(nullptr,
                             fmt::format("kubeconfig is not valid YAML: {}", shown(e.msg)),
                             "check the YAML syntax (quotes, indentation) near this line");
    if (!e.mark.is_null()) {
      err.pos = SourcePos{ e.mark.line + 1, e.mark.column + 1 };
    }
    return tl::unexpected(err);
  }
  const YAML::Node root = loaded;
  if (!root.IsMap()) {
    return tl::unexpected(
      m_yaml.error(root.IsDefined() && !root.IsNull() ? &root : nullptr,
                   "kubeconfig is not a YAML mapping",
                   "a kubeconfig has `clusters`, `contexts`, `users` and "
                   "`current-context`; check --kubeconfig names the right file"));
  }

  ClusterAccess access;
  access.kubeconfig = m_yaml.path();
  // Never assign one YAML::Node to another: yaml-cpp's operator= rewrites the referenced node.
  std::optional<YAML::Node> referrer_node;
  std::string referrer_text;
  if (context_name) {
    referrer_node.emplace(root);
    access.context = *context_name;
    referrer_text = "--context names context";
  } else {
    auto current = m_yaml.scalar(root, "current-context", "the kubeconfig");
    if (!current) {
      return tl::unexpected(current.error());
    }
    if (!*current || (*current)->empty()) {
      const auto names = YamlReader::entry_names(root, "contexts");
      return tl::unexpected(
        m_yaml.error(nullptr,
                     "kubeconfig has no `current-context`",
                     fmt::format("pass --context NAME (contexts here: {})", join_names(names))));
    }
    access.context = **current;
    referrer_node.emplace(root["current-context"]);
    referrer_text = "`current-context` names context";
  }

  const YAML::Node& context_referrer = *referrer_node;
  auto context_entry = m_yaml.named_entry(
    root, "contexts", "context", access.context, context_referrer, referrer_text);
  if (!context_entry) {
    return tl::unexpected(context_entry.error());
  }
  const YAML::Node* context = &*context_entry;
  const auto context_owner = fmt::format("context `{}`", shown(access.context));
  auto cluster_name = m_yaml.scalar(*context, "cluster", context_owner);
  if (!cluster_name) {
    return tl::unexpected(cluster_name.error());
  }
  if (!*cluster_name || (*cluster_name)->empty()) {
    return tl::unexpected(m_yaml.error(context->size() > 0 ? context : &context_referrer,
                                       fmt::format("{} names no `cluster`", context_owner),
                                       "add `cluster: NAME` to the context"));
  }
  access.cluster = **cluster_name;
  auto user_name = m_yaml.scalar(*context, "user", context_owner);
  if (!user_name) {
    return tl::unexpected(user_name.error());
  }
  auto namespace_name = m_yaml.scalar(*context, "namespace", context_owner);
  if (!namespace_name) {
    return tl::unexpected(namespace_name.error());
  }
  access.default_namespace = namespace_name->value_or("");

  const YAML::Node cluster_ref = (*context)["cluster"];
  auto cluster = m_yaml.named_entry(root,
                                    "clusters",
                                    "cluster",
                                    access.cluster,
                                    cluster_ref,
                                    fmt::format("{} names cluster", context_owner));
  if (!cluster) {
    return tl::unexpected(cluster.error());
  }
  if (cluster->size() == 0) {
    return tl::unexpected(
      m_yaml.error(&cluster_ref,
                   fmt::format("cluster `{}` is empty", shown(access.cluster)),
                   "add `server: https://HOST:6443` and its certificate authority"));
  }
  if (auto ok = read_cluster(*cluster, access); !ok) {
    return tl::unexpected(ok.error());
  }

  if (*user_name && !(*user_name)->empty()) {
    access.user = **user_name;
    const YAML::Node user_ref = (*context)["user"];
    auto user = m_yaml.named_entry(
      root, "users", "user", access.user, user_ref, fmt::format("{} names user", context_owner));
    if (!user) {
      return tl::unexpected(user.error());
    }
    if (auto ok = read_user(*user, access); !ok) {
      return tl::unexpected(ok.error());
    }
  }
  return access;
}

} // namespace

tl::expected<ClusterAccess, Error> parse_kubeconfig(std::string_view text,
                                                    const std::string& path,
                                                    const std::optional<std::string>& context,
                                                    const FileReader& files)
{
  KubeconfigReader reader(path, files);
  try {
    return reader.read(text, context);
  } catch (const YAML::Exception& e) {
    // yaml-cpp throws on shapes the checks above did not foresee; still a kubeconfig error.
    Error err;
    err.kind = ErrorKind::kubeconfig;
    err.where = path;
    err.message = fmt::format("kubeconfig could not be read: {}", shown(e.msg));
    if (!e.mark.is_null()) {
      err.pos = SourcePos{ e.mark.line + 1, e.mark.column + 1 };
    }
    return tl::unexpected(err);
  }
}

tl::expected<ClusterAccess, Error> load_kubeconfig(const std::string& path,
                                                   const std::optional<std::string>& context,
                                                   const FileReader& files)
{
  auto text = files.read(path, max_kubeconfig_bytes);
  if (!text) {
    Error err;
    err.kind = ErrorKind::kubeconfig;
    err.where = path;
    err.message = fmt::format("cannot read kubeconfig: {}", text.error());
    err.hint = "pass the cluster's kubeconfig, e.g. --kubeconfig ~/.kube/config";
    return tl::unexpected(err);
  }
  return parse_kubeconfig(*text, path, context, files);
}

} // namespace dualstack::verify::kube
