// The lab's state file: JSON, written atomically after every change.
#include <dualstack/lab/state.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace dualstack::lab {

namespace fs = std::filesystem;

std::string state_root()
{
  const char* env = std::getenv("DUALSTACK_LAB_RUN");
  return env && *env ? env : "/run/dualstack-lab";
}

tl::expected<void, std::string> save_state(const LabState& state)
{
  nlohmann::ordered_json j;
  j["id"] = state.id;
  j["tag"] = state.tag;
  j["config"] = state.config;
  j["run_dir"] = state.run_dir;
  j["nodes"] = state.nodes;
  j["gateways"] = state.gateways;
  j["namespaces"] = state.namespaces;
  j["wg_interfaces"] = state.wg_interfaces;
  j["pids"] = state.pids;
  j["up"] = state.up;
  j["deploy"] = state.deploy;
  j["client"] = state.client;
  std::error_code ec;
  fs::create_directories(state.run_dir, ec);
  const std::string tmp = state.path() + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << j.dump(2) << "\n";
    if (!out)
      return tl::unexpected("cannot write " + tmp);
  }
  fs::rename(tmp, state.path(), ec);
  if (ec)
    return tl::unexpected("cannot write " + state.path() + ": " + ec.message());
  return {};
}

tl::expected<LabState, std::string> load_state(const std::string& id)
{
  const std::string path = state_root() + "/" + id + "/state.json";
  std::ifstream in(path);
  if (!in)
    return tl::unexpected("no lab `" + id + "` (" + path + " missing)");
  std::stringstream text;
  text << in.rdbuf();
  auto j = nlohmann::json::parse(text.str(), nullptr, false);
  if (j.is_discarded() || !j.is_object())
    return tl::unexpected(path + " is not valid JSON");
  LabState s;
  s.id = j.value("id", "");
  s.tag = j.value("tag", "");
  s.config = j.value("config", "");
  s.run_dir = j.value("run_dir", "");
  s.nodes = j.value("nodes", 0);
  s.gateways = j.value("gateways", 0);
  s.namespaces = j.value("namespaces", std::vector<std::string>{});
  s.wg_interfaces = j.value("wg_interfaces", std::vector<std::string>{});
  s.pids = j.value("pids", std::map<std::string, pid_t>{});
  s.up = j.value("up", false);
  s.deploy = j.value("deploy", "");
  s.client = j.value("client", "roaming");
  if (s.id != id)
    return tl::unexpected(path + " belongs to lab `" + s.id + "`, not `" + id + "`");
  return s;
}

std::vector<std::string> list_labs()
{
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(state_root(), ec)) {
    if (fs::exists(entry.path() / "state.json"))
      out.push_back(entry.path().filename().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

} // namespace dualstack::lab
