// The render pipeline every command shares: the WireGuard keys loaded (or created) from a keys
// directory, the files of the Plan rendered with them, the key files appended, the tree written
// all or nothing.
#pragma once

#include <dualstack/plan/plan.hpp>
#include <dualstack/render/artifact.hpp>
#include <dualstack/render/secrets.hpp>
#include <dualstack/render/writer.hpp>

#include <tl/expected.hpp>

#include <filesystem>
#include <functional>
#include <set>
#include <string>
#include <vector>

namespace dualstack::render {

// Produces the files of `plan` with `secrets`: render_parts over some parts, or a caller's own
// producer (e.g. migrate::migration_artifacts).
using Producer = std::function<Artifacts(const plan::Plan& plan, const Secrets& secrets)>;

// Returns a producer that renders `parts` (every part when empty).
Producer parts_producer(std::set<Part> parts = {});

// A rendered tree, not yet written.
struct RenderedTree
{
  Secrets secrets;
  std::vector<std::string> generated_keys; // paths of the keys created by this render
  Artifacts artifacts;                     // the producer's files, then the key files
};

// Loads the key of every WireGuard endpoint of `plan` from `keys_dir` (an earlier render's
// output; missing keys are created), runs `produce` with them and appends the key files. Returns
// the key store's error (e.g. a key file that holds no key) on failure.
tl::expected<RenderedTree, std::string> render_tree(const plan::Plan& plan,
                                                    const std::filesystem::path& keys_dir,
                                                    const Producer& produce);

// Writes `tree` as the new content of `dir` (render/writer.hpp: all or nothing, MANIFEST.json).
tl::expected<void, std::string> write_rendered(const std::filesystem::path& dir,
                                               const RenderedTree& tree,
                                               const plan::Plan& plan,
                                               const WriteOptions& options = {});

// Returns the write options of `render --only`: the files of parts not in `parts` stay as they
// are in the output directory (no option when `parts` is empty: the whole tree is replaced).
WriteOptions keep_other_parts(const std::set<Part>& parts);

// What `dualstack render -o DIR [--only PARTS]` does: render_tree with DIR as the keys directory,
// then write_rendered into DIR keeping the other parts' files. Returns the tree written.
tl::expected<RenderedTree, std::string> render_to(const std::filesystem::path& dir,
                                                  const plan::Plan& plan,
                                                  const std::set<Part>& parts = {});

} // namespace dualstack::render
