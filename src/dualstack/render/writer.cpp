// All-or-nothing tree writer and MANIFEST.json.
#include <dualstack/render/writer.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <openssl/evp.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <optional>
#include <random>
#include <set>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

namespace dualstack::render {

std::atomic<bool> g_interrupted{ false };

namespace fs = std::filesystem;

namespace {

std::string sha256_hex(const std::string& data)
{
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(data.data(), data.size(), digest, &length, EVP_sha256(), nullptr);
  std::string hex;
  for (unsigned int i = 0; i < length; ++i)
    hex += fmt::format("{:02x}", digest[i]);
  return hex;
}

// Creates `path` with `mode` (never wider, whatever the umask) and writes `content`.
tl::expected<void, std::string> write_file(const fs::path& path,
                                           const std::string& content,
                                           int mode)
{
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  if (ec)
    return tl::unexpected(
      fmt::format("cannot create {}: {}", path.parent_path().string(), ec.message()));
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode & 0777);
  if (fd < 0)
    return tl::unexpected(fmt::format("cannot create {}: {}", path.string(), std::strerror(errno)));
  ::fchmod(fd, static_cast<mode_t>(mode & 0777));
  std::size_t done = 0;
  while (done < content.size()) {
    const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0) {
      if (errno == EINTR)
        continue;
      const std::string why = std::strerror(errno);
      ::close(fd);
      return tl::unexpected(fmt::format("cannot write {}: {}", path.string(), why));
    }
    done += static_cast<std::size_t>(n);
  }
  if (::close(fd) != 0)
    return tl::unexpected(fmt::format("cannot write {}: {}", path.string(), std::strerror(errno)));
  return {};
}

std::string read_file(const fs::path& path)
{
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// Reads the artifacts of an existing output directory that `keep` selects, using its manifest
// for their metadata.
Artifacts existing_artifacts(const fs::path& dir,
                             const std::function<bool(const std::string&)>& keep)
{
  Artifacts kept;
  const fs::path manifest = dir / "MANIFEST.json";
  if (!fs::exists(manifest))
    return kept;
  auto json = nlohmann::json::parse(read_file(manifest), nullptr, false);
  if (json.is_discarded() || !json.contains("files"))
    return kept;
  for (const auto& file : json["files"]) {
    const std::string path = file.value("path", "");
    if (path.empty() || !keep(path) || !fs::exists(dir / path))
      continue;
    Artifact a;
    a.path = path;
    a.host = file.value("host", "");
    a.target_path = file.value("target_path", "");
    a.mode = std::stoi(file.value("mode", "0644"), nullptr, 8);
    a.purpose = file.value("purpose", "");
    a.secret = file.value("secret", false);
    a.content = read_file(dir / path);
    kept.push_back(std::move(a));
  }
  return kept;
}

// Returns a file in `dir` that its MANIFEST.json does not list (so replacing `dir` would lose
// it), or nullopt. An empty directory has none.
std::optional<std::string> foreign_file(const fs::path& dir)
{
  std::set<std::string> listed{ "MANIFEST.json" };
  const fs::path manifest = dir / "MANIFEST.json";
  if (fs::exists(manifest)) {
    auto json = nlohmann::json::parse(read_file(manifest), nullptr, false);
    if (!json.is_discarded() && json.contains("files") && json["files"].is_array()) {
      for (const auto& file : json["files"]) {
        if (file.is_object())
          listed.insert(file.value("path", ""));
      }
    }
  }
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (entry.is_directory())
      continue;
    const std::string relative = fs::relative(entry.path(), dir).string();
    if (!listed.count(relative))
      return relative;
  }
  return std::nullopt;
}

std::string unique_suffix()
{
  std::random_device random;
  return fmt::format("{}-{:08x}", ::getpid(), random());
}

} // namespace

std::string manifest_json(const Artifacts& artifacts, const std::string& cluster_name)
{
  nlohmann::ordered_json files = nlohmann::ordered_json::array();
  for (const auto& a : artifacts) {
    files.push_back({ { "path", a.path },
                      { "host", a.host },
                      { "target_path", a.target_path },
                      { "mode", fmt::format("{:04o}", a.secret ? 0600 : a.mode) },
                      { "purpose", a.purpose },
                      { "secret", a.secret },
                      { "sha256", sha256_hex(a.content) } });
  }
  nlohmann::ordered_json manifest = { { "schema_version", 1 },
                                      { "cluster", cluster_name },
                                      { "files", files } };
  return manifest.dump(2) + "\n";
}

tl::expected<void, std::string> write_tree(const fs::path& dir,
                                           Artifacts artifacts,
                                           const std::string& cluster_name,
                                           const WriteOptions& options)
{
  const fs::path target = fs::absolute(dir).lexically_normal();
  const fs::path parent = target.parent_path();
  std::error_code ec;
  if (!fs::is_directory(parent, ec)) {
    return tl::unexpected(
      fmt::format("the parent of the output directory, {}, does not exist", parent.string()));
  }
  if (fs::exists(target) && !fs::is_directory(target)) {
    return tl::unexpected(fmt::format("{} exists and is not a directory", target.string()));
  }
  if (fs::is_directory(target)) {
    if (auto foreign = foreign_file(target)) {
      return tl::unexpected(
        fmt::format("{} holds {}, which no dualstack render wrote; refusing to replace it",
                    target.string(),
                    *foreign));
    }
  }
  if (options.keep_existing && fs::is_directory(target)) {
    Artifacts kept = existing_artifacts(target, options.keep_existing);
    artifacts.insert(
      artifacts.end(), std::make_move_iterator(kept.begin()), std::make_move_iterator(kept.end()));
  }
  std::sort(artifacts.begin(), artifacts.end(), [](const Artifact& a, const Artifact& b) {
    return a.path < b.path;
  });
  for (std::size_t i = 1; i < artifacts.size(); ++i) {
    if (artifacts[i].path == artifacts[i - 1].path) {
      return tl::unexpected(fmt::format("two artifacts want the same path {} (a bug in a renderer)",
                                        artifacts[i].path));
    }
  }

  const fs::path temp =
    parent / fmt::format(".{}.tmp-{}", target.filename().string(), unique_suffix());
  if (!fs::create_directory(temp, ec)) {
    return tl::unexpected(fmt::format("cannot create {}: {}", temp.string(), ec.message()));
  }
  auto fail = [&](std::string message) -> tl::expected<void, std::string> {
    std::error_code ignored;
    fs::remove_all(temp, ignored);
    return tl::unexpected(std::move(message));
  };
  for (const auto& a : artifacts) {
    if (g_interrupted.load())
      return fail("interrupted; nothing was changed");
    if (options.before_file && !options.before_file(a.path))
      return fail(fmt::format("stopped before {}; nothing was changed", a.path));
    const fs::path relative(a.path);
    if (relative.is_absolute() || a.path.find("..") != std::string::npos) {
      return fail(
        fmt::format("artifact path {} leaves the output directory (a bug in a renderer)", a.path));
    }
    if (auto written = write_file(temp / relative, a.content, a.secret ? 0600 : a.mode); !written) {
      return fail(written.error());
    }
  }
  if (auto written =
        write_file(temp / "MANIFEST.json", manifest_json(artifacts, cluster_name), 0644);
      !written) {
    return fail(written.error());
  }
  if (g_interrupted.load())
    return fail("interrupted; nothing was changed");

  // Swap: old out of the way, new in, old removed. If the second rename fails, put old back.
  if (fs::exists(target)) {
    const fs::path old =
      parent / fmt::format(".{}.old-{}", target.filename().string(), unique_suffix());
    fs::rename(target, old, ec);
    if (ec)
      return fail(fmt::format("cannot move {} aside: {}", target.string(), ec.message()));
    fs::rename(temp, target, ec);
    if (ec) {
      std::error_code ignored;
      fs::rename(old, target, ignored);
      return fail(
        fmt::format("cannot move the new tree into {}: {}", target.string(), ec.message()));
    }
    fs::remove_all(old, ec);
    return {};
  }
  fs::rename(temp, target, ec);
  if (ec)
    return fail(fmt::format("cannot move the new tree into {}: {}", target.string(), ec.message()));
  return {};
}

} // namespace dualstack::render
