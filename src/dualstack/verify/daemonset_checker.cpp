// calico-node DaemonSet check: calico-node-env.
#include <dualstack/verify/checkers.hpp>
#include <dualstack/verify/json_item.hpp>

#include <fmt/format.h>

#include <map>

namespace dualstack::verify {

namespace {

namespace od = json::od;

class DaemonSetChecker final : public ResourceChecker
{
public:
  explicit DaemonSetChecker(CheckContext& context)
    : m_ctx(context)
  {
  }

  tl::expected<void, InputError> on_item(std::string_view json, std::size_t) override
  {
    return m_parser.parse(json, [&](od::object object) {
      m_env.clear();
      m_has_container = false;
      for (auto result : object) {
        od::field field = std::move(result);
        if (field.key() == "kind") {
          m_parser.check_kind(field.value());
        } else if (field.key() == "metadata") {
          m_parser.read_meta(field.value());
        } else if (field.key() == "spec") {
          read_spec(field.value());
        }
      }
      if (m_parser.meta.name == "calico-node") {
        check();
      }
    });
  }

  void finish() override
  {
    if (!m_seen) {
      m_ctx.recorder.examined(Check::calico_node_env);
      m_ctx.recorder.fail(Check::calico_node_env,
                          { "DaemonSet", "", "calico-node" },
                          "present",
                          "absent",
                          "no calico-node DaemonSet");
    }
  }

private:
  // spec.template.spec.containers[name == calico-node].env
  void read_spec(od::value value)
  {
    m_parser.at("spec.template.spec.containers");
    for (auto a : value.get_object()) {
      od::field spec_field = std::move(a);
      if (spec_field.key() != "template") {
        continue;
      }
      for (auto b : spec_field.value().get_object()) {
        od::field template_field = std::move(b);
        if (template_field.key() != "spec") {
          continue;
        }
        for (auto c : template_field.value().get_object()) {
          od::field pod_field = std::move(c);
          if (pod_field.key() == "containers") {
            read_containers(pod_field.value());
          }
        }
      }
    }
  }

  void read_containers(od::value value)
  {
    for (auto container : value.get_array()) {
      std::string_view name;
      std::map<std::string, std::string> env;
      for (auto d : container.get_object()) {
        od::field field = std::move(d);
        if (field.key() == "name") {
          name = field.value().get_string();
        } else if (field.key() == "env") {
          read_env(field.value(), env);
        }
      }
      if (name == "calico-node") {
        m_has_container = true;
        m_env = std::move(env);
      }
    }
  }

  static void read_env(od::value value, std::map<std::string, std::string>& env)
  {
    for (auto entry : value.get_array()) {
      std::string name;
      std::string text;
      for (auto e : entry.get_object()) {
        od::field field = std::move(e);
        if (field.key() == "name") {
          name = std::string(json::string_or_empty(field.value()));
        } else if (field.key() == "value") {
          text = std::string(json::string_or_empty(field.value()));
        }
      }
      env[name] = text;
    }
  }

  void check()
  {
    m_seen = true;
    const json::Meta& meta = m_parser.meta;
    const ObjectRef ref{ "DaemonSet", meta.ns, meta.name };
    m_ctx.recorder.examined(Check::calico_node_env);
    if (!m_has_container) {
      m_ctx.recorder.fail(Check::calico_node_env,
                          ref,
                          "a calico-node container",
                          "none",
                          "DaemonSet calico-node has no calico-node container");
      return;
    }
    std::vector<std::string> expected;
    std::vector<std::string> found;
    auto want = [&](const std::string& name, const std::string& value, bool absent_ok) {
      const auto it = m_env.find(name);
      const bool ok = it == m_env.end() ? absent_ok : it->second == value;
      expected.push_back(fmt::format("{}={}", name, value));
      if (!ok) {
        found.push_back(it == m_env.end() ? name + " unset" : name + "=" + it->second);
      }
    };
    const auto& plan = m_ctx.plan;
    if (plan.has(net::Family::ipv4)) {
      want("IP", "autodetect", true);
      want(
        "IP_AUTODETECTION_METHOD", plan.network(net::Family::ipv4).pool.autodetection_method, true);
    } else {
      want("IP", "none", false);
    }
    if (plan.has(net::Family::ipv6)) {
      want("IP6", "autodetect", false);
      want("FELIX_IPV6SUPPORT", "true", false);
      want("IP6_AUTODETECTION_METHOD",
           plan.network(net::Family::ipv6).pool.autodetection_method,
           true);
    }
    if (!found.empty()) {
      std::string expected_text;
      for (const auto& e : expected) {
        expected_text += (expected_text.empty() ? "" : ", ") + e;
      }
      std::string found_text;
      for (const auto& f : found) {
        found_text += (found_text.empty() ? "" : ", ") + f;
      }
      m_ctx.recorder.fail(Check::calico_node_env,
                          ref,
                          expected_text,
                          found_text,
                          fmt::format("calico-node env: {}", found_text));
    }
  }

  CheckContext& m_ctx;
  json::ItemParser m_parser{ "DaemonSet" };
  std::map<std::string, std::string> m_env;
  bool m_has_container = false;
  bool m_seen = false;
};

} // namespace

std::unique_ptr<ResourceChecker> make_daemonset_checker(CheckContext& context)
{
  return std::make_unique<DaemonSetChecker>(context);
}

} // namespace dualstack::verify
