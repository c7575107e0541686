// Writes a rendered tree all or nothing: into a temporary directory beside the output, then
// swapped into place. On any error (or an interrupt) the output directory is left exactly as it
// was.
#pragma once

#include <dualstack/render/artifact.hpp>

#include <tl/expected.hpp>

#include <atomic>
#include <filesystem>
#include <functional>
#include <string>

namespace dualstack::render {

// Set by the CLI's SIGINT/SIGTERM handler; the writer stops between files when it is set.
extern std::atomic<bool> g_interrupted;

struct WriteOptions
{
  // Files of the existing output directory to carry over unchanged (for `--only`): called with
  // each existing relative path; true keeps it.
  std::function<bool(const std::string&)> keep_existing;
  // Test seam: called before each file is written; returning false fails the write there.
  std::function<bool(const std::string&)> before_file;
};

// Writes `artifacts` (and MANIFEST.json listing them) as the new content of `dir`. Secret files
// are created 0600 from the start. Returns an error message on failure, with `dir` untouched.
tl::expected<void, std::string> write_tree(const std::filesystem::path& dir,
                                           Artifacts artifacts,
                                           const std::string& cluster_name,
                                           const WriteOptions& options = {});

// Returns MANIFEST.json for `artifacts`: every file with host, target path, mode, purpose,
// secret flag and SHA-256, sorted by path.
std::string manifest_json(const Artifacts& artifacts, const std::string& cluster_name);

} // namespace dualstack::render
