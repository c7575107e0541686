// The render pipeline: keys, files, key files, writer.
#include <dualstack/render/pipeline.hpp>

#include <dualstack/render/key_store.hpp>
#include <dualstack/render/render_all.hpp>

namespace dualstack::render {

Producer parts_producer(std::set<Part> parts)
{
  return [parts = std::move(parts)](const plan::Plan& plan, const Secrets& secrets) {
    return render_parts(plan, secrets, parts);
  };
}

tl::expected<RenderedTree, std::string> render_tree(const plan::Plan& plan,
                                                    const std::filesystem::path& keys_dir,
                                                    const Producer& produce)
{
  RenderedTree tree;
  auto secrets = load_or_create_secrets(keys_dir, plan, tree.generated_keys);
  if (!secrets)
    return tl::unexpected(secrets.error());
  tree.secrets = std::move(*secrets);
  tree.artifacts = produce(plan, tree.secrets);
  Artifacts keys = secret_artifacts(tree.secrets);
  tree.artifacts.insert(tree.artifacts.end(),
                        std::make_move_iterator(keys.begin()),
                        std::make_move_iterator(keys.end()));
  return tree;
}

tl::expected<void, std::string> write_rendered(const std::filesystem::path& dir,
                                               const RenderedTree& tree,
                                               const plan::Plan& plan,
                                               const WriteOptions& options)
{
  return write_tree(dir, tree.artifacts, plan.cluster_name, options);
}

WriteOptions keep_other_parts(const std::set<Part>& parts)
{
  WriteOptions options;
  if (!parts.empty()) {
    options.keep_existing = [parts](const std::string& path) {
      auto part = part_of_path(path);
      return part && parts.count(*part) == 0;
    };
  }
  return options;
}

tl::expected<RenderedTree, std::string> render_to(const std::filesystem::path& dir,
                                                  const plan::Plan& plan,
                                                  const std::set<Part>& parts)
{
  auto tree = render_tree(plan, dir, parts_producer(parts));
  if (!tree)
    return tree;
  if (auto written = write_rendered(dir, *tree, plan, keep_other_parts(parts)); !written)
    return tl::unexpected(written.error());
  return tree;
}

} // namespace dualstack::render
