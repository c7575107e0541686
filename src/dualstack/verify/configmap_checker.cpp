// ConfigMap checks: kubeadm-config-networking (ClusterConfiguration YAML inside kubeadm-config)
// and kube-proxy-cluster-cidr (KubeProxyConfiguration YAML inside kube-proxy).
#include <dualstack/verify/checkers.hpp>
#include <dualstack/verify/json_item.hpp>
#include <dualstack/verify/text.hpp>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

namespace dualstack::verify {

namespace {

namespace od = json::od;

// Returns the comma-separated prefixes in `text`, or nullopt if one does not parse.
std::optional<std::vector<net::Prefix>> parse_prefix_list(std::string_view text)
{
  std::vector<net::Prefix> prefixes;
  while (!text.empty()) {
    const auto comma = text.find(',');
    std::string_view part = text.substr(0, comma);
    while (!part.empty() && part.front() == ' ') {
      part.remove_prefix(1);
    }
    while (!part.empty() && part.back() == ' ') {
      part.remove_suffix(1);
    }
    auto prefix = net::Prefix::parse(part);
    if (!prefix) {
      return std::nullopt;
    }
    prefixes.push_back(*prefix);
    if (comma == std::string_view::npos) {
      break;
    }
    text.remove_prefix(comma + 1);
  }
  return prefixes;
}

class ConfigMapChecker final : public ResourceChecker
{
public:
  explicit ConfigMapChecker(CheckContext& context)
    : m_ctx(context)
  {
  }

  tl::expected<void, InputError> on_item(std::string_view json, std::size_t) override
  {
    return m_parser.parse(json, [&](od::object object) {
      // kubectl prints `data` before `metadata`: keep the two YAML documents of interest from
      // any ConfigMap, decide by name at the end.
      std::string cluster_configuration;
      std::string proxy_configuration;
      for (auto result : object) {
        od::field field = std::move(result);
        if (field.key() == "kind") {
          m_parser.check_kind(field.value());
        } else if (field.key() == "metadata") {
          m_parser.read_meta(field.value());
        } else if (field.key() == "data") {
          m_parser.at("data");
          if (field.value().is_null()) {
            continue;
          }
          for (auto entry : field.value().get_object()) {
            od::field data = std::move(entry);
            if (data.key() == "ClusterConfiguration") {
              cluster_configuration = std::string(json::string_or_empty(data.value()));
            } else if (data.key() == "config.conf") {
              proxy_configuration = std::string(json::string_or_empty(data.value()));
            }
          }
        }
      }
      const auto& meta = m_parser.meta;
      if (meta.ns != "kube-system") {
        return;
      }
      if (meta.name == "kubeadm-config") {
        m_seen_kubeadm = true;
        check_kubeadm(cluster_configuration);
      } else if (meta.name == "kube-proxy") {
        m_seen_proxy = true;
        check_proxy(proxy_configuration);
      }
    });
  }

  void finish() override
  {
    if (!m_seen_kubeadm) {
      missing(Check::kubeadm_config_networking, "kubeadm-config");
    }
    if (!m_seen_proxy) {
      missing(Check::kube_proxy_cluster_cidr, "kube-proxy");
    }
  }

private:
  void missing(Check check, std::string_view name)
  {
    m_ctx.recorder.examined(check);
    m_ctx.recorder.fail(check,
                        { "ConfigMap", "kube-system", name },
                        "present",
                        "absent",
                        fmt::format("ConfigMap kube-system/{} is missing", name));
  }

  std::vector<net::Prefix> planned(bool pods) const
  {
    std::vector<net::Prefix> prefixes;
    for (net::Family family : m_ctx.plan.families()) {
      const auto& network = m_ctx.plan.network(family);
      prefixes.push_back(pods ? network.pod_subnet : network.service_subnet);
    }
    return prefixes;
  }

  // Compares the YAML scalar at `path` (e.g. networking.podSubnet) with `expected`.
  void compare(Check check,
               std::string_view name,
               const YAML::Node& root,
               std::initializer_list<const char*> path,
               const std::vector<net::Prefix>& expected)
  {
    std::string dotted;
    YAML::Node node;
    node.reset(root);
    for (const char* key : path) {
      dotted += (dotted.empty() ? "" : ".") + std::string(key);
      // reset(), not operator=: assigning one yaml-cpp Node to another rewrites the tree.
      node.reset(node.IsMap() ? node[key] : YAML::Node());
    }
    const std::string text = node && node.IsScalar() ? node.Scalar() : std::string();
    const auto found = parse_prefix_list(text);
    if (!found || *found != expected) {
      m_ctx.recorder.fail(check,
                          { "ConfigMap", "kube-system", name },
                          fmt::format("{}: {}", dotted, expected_text(expected)),
                          fmt::format("{}: {}", dotted, text.empty() ? "unset" : text),
                          fmt::format("ConfigMap kube-system/{}: {} is not the planned {}",
                                      name,
                                      dotted,
                                      expected_text(expected)));
    }
  }

  static std::string expected_text(const std::vector<net::Prefix>& prefixes)
  {
    std::string out;
    for (const auto& prefix : prefixes) {
      out += (out.empty() ? "" : ",") + prefix.to_string();
    }
    return out;
  }

  std::optional<YAML::Node> load(Check check,
                                 std::string_view name,
                                 const std::string& yaml,
                                 std::string_view key)
  {
    m_ctx.recorder.examined(check);
    try {
      YAML::Node root = YAML::Load(yaml);
      if (root.IsMap()) {
        return root;
      }
    } catch (const YAML::Exception&) {
    }
    m_ctx.recorder.fail(check,
                        { "ConfigMap", "kube-system", name },
                        fmt::format("data.{}: a YAML mapping", key),
                        yaml.empty() ? "missing" : "not a YAML mapping",
                        fmt::format("ConfigMap kube-system/{}: data.{} is {}",
                                    name,
                                    key,
                                    yaml.empty() ? "missing" : "not a YAML mapping"));
    return std::nullopt;
  }

  void check_kubeadm(const std::string& yaml)
  {
    const auto root =
      load(Check::kubeadm_config_networking, "kubeadm-config", yaml, "ClusterConfiguration");
    if (root) {
      compare(Check::kubeadm_config_networking,
              "kubeadm-config",
              *root,
              { "networking", "podSubnet" },
              planned(true));
      compare(Check::kubeadm_config_networking,
              "kubeadm-config",
              *root,
              { "networking", "serviceSubnet" },
              planned(false));
    }
  }

  void check_proxy(const std::string& yaml)
  {
    const auto root = load(Check::kube_proxy_cluster_cidr, "kube-proxy", yaml, "config.conf");
    if (root) {
      compare(
        Check::kube_proxy_cluster_cidr, "kube-proxy", *root, { "clusterCIDR" }, planned(true));
    }
  }

  CheckContext& m_ctx;
  json::ItemParser m_parser{ "ConfigMap" };
  bool m_seen_kubeadm = false;
  bool m_seen_proxy = false;
};

} // namespace

std::unique_ptr<ResourceChecker> make_configmap_checker(CheckContext& context)
{
  return std::make_unique<ConfigMapChecker>(context);
}

} // namespace dualstack::verify
