// config.toml -> Config: yaook-k8s's layout, its defaults, and the seed's older spellings.
#include <dualstack/config/loader.hpp>

#include <dualstack/config/sections.hpp>
#include <dualstack/config/toml_reader.hpp>

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <sys/stat.h>

namespace dualstack::config {

namespace {

Finding unusable(const std::string& path,
                 std::string rule,
                 SourcePos pos,
                 std::string message,
                 std::string hint = {})
{
  return Finding{
    std::move(rule), Severity::error, path, pos, std::move(message), std::move(hint)
  };
}

// Reads the IPAM state file named by `config.peer_state_path` (relative to the config's
// folder) into `config.peer_state`, if it exists. Makes the path absolute-or-relative-to-cwd.
tl::expected<void, Finding> load_peer_state(Config& config, const std::string& config_path)
{
  std::filesystem::path state(config.peer_state_path);
  if (state.is_relative()) {
    state = std::filesystem::path(config_path).parent_path() / state;
  }
  config.peer_state_path = state.string();
  std::error_code ec;
  if (!std::filesystem::is_regular_file(state, ec)) {
    return {};
  }
  if (std::filesystem::file_size(state, ec) > max_config_bytes) {
    return tl::unexpected(unusable(state.string(),
                                   "input-size",
                                   {},
                                   "the WireGuard IPAM state file is too large",
                                   "restore it from version control"));
  }
  try {
    const toml::table root = toml::parse_file(state.string());
    if (const toml::table* slots = root["slots"].as_table()) {
      for (const auto& [ident, node] : *slots) {
        auto slot = node.value_exact<std::int64_t>();
        if (!slot || *slot < 1) {
          return tl::unexpected(unusable(
            state.string(),
            "value-type",
            position_of(node),
            fmt::format("slot of peer `{}` must be a positive integer", ident.str()),
            "this file is written by `dualstack render`; restore it from version control"));
        }
        config.peer_state[std::string(ident.str())] = static_cast<std::uint64_t>(*slot);
      }
    }
  } catch (const toml::parse_error& error) {
    const auto& begin = error.source().begin;
    return tl::unexpected(
      unusable(state.string(),
               "toml-syntax",
               { static_cast<int>(begin.line), static_cast<int>(begin.column) },
               std::string(error.description()),
               "this file is written by `dualstack render`; restore it from version control"));
  }
  return {};
}

} // namespace

tl::expected<LoadResult, Finding> load_config_text(std::string text, const std::string& path)
{
  if (text.size() > max_config_bytes) {
    return tl::unexpected(
      unusable(path,
               "input-size",
               {},
               fmt::format("the file is {} bytes, larger than the {} bytes a config may have",
                           text.size(),
                           max_config_bytes),
               "is this the right file? config.toml is a few kilobytes"));
  }
  if (text.find('\0') != std::string::npos) {
    return tl::unexpected(unusable(path,
                                   "toml-syntax",
                                   { 1, 1 },
                                   "the file contains NUL bytes; it is not a TOML text file",
                                   "pass the cluster's config/config.toml"));
  }
  toml::table root;
  try {
    root = toml::parse(text, path);
  } catch (const toml::parse_error& error) {
    const auto& begin = error.source().begin;
    return tl::unexpected(unusable(path,
                                   "toml-syntax",
                                   { static_cast<int>(begin.line), static_cast<int>(begin.column) },
                                   std::string(error.description()),
                                   "fix the TOML syntax here; see https://toml.io"));
  }

  LoadResult result{ Config{}, Findings(path), std::move(text) };
  Config& config = result.config;
  config.file = path;
  std::optional<Finding> fatal;
  read_config_tables(root, config, result.findings, fatal);
  if (fatal) {
    return tl::unexpected(*fatal);
  }
  return result;
}

tl::expected<LoadResult, Finding> load_config_file(const std::string& path)
{
  struct stat info
  {};
  if (::stat(path.c_str(), &info) != 0) {
    return tl::unexpected(unusable(
      path, "input-file", {}, "no such file", "pass the path of the cluster's config.toml"));
  }
  if (!S_ISREG(info.st_mode)) {
    return tl::unexpected(unusable(
      path, "input-file", {}, "not a regular file", "pass the path of the cluster's config.toml"));
  }
  if (static_cast<std::size_t>(info.st_size) > max_config_bytes) {
    return tl::unexpected(
      unusable(path,
               "input-size",
               {},
               fmt::format("the file is {} bytes, larger than the {} bytes a config may have",
                           info.st_size,
                           max_config_bytes),
               "is this the right file? config.toml is a few kilobytes"));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return tl::unexpected(
      unusable(path, "input-file", {}, "cannot be read", "check its permissions"));
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  auto result = load_config_text(buffer.str(), path);
  if (result) {
    if (auto state = load_peer_state(result->config, path); !state) {
      return tl::unexpected(state.error());
    }
  }
  return result;
}

} // namespace dualstack::config
