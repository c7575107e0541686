// `dualstack render CONFIG -o DIR`: every artifact of the cluster, written all or nothing.
#include <dualstack/cli/commands.hpp>
#include <dualstack/cli/session.hpp>
#include <dualstack/render/peer_state.hpp>
#include <dualstack/render/pipeline.hpp>
#include <dualstack/render/render_all.hpp>
#include <dualstack/util/exit_status.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <csignal>
#include <iostream>
#include <map>

namespace dualstack::cli {

namespace {

struct RenderOptions
{
  std::string config;
  std::string output;
  std::vector<std::string> only;
  Format format = Format::text;
};

void on_render_signal(int)
{
  render::g_interrupted.store(true);
}

int run_render(const RenderOptions& options)
{
  int exit_code = exit_ok;
  auto session = open_session(options.config, options.format, std::cout, std::cerr, exit_code);
  if (!session)
    return exit_code;
  if (!session->plan.plan) {
    print_findings(
      *session, options.format, options.format == Format::json ? std::cout : std::cerr, false);
    std::cerr << "render: nothing written; fix the errors above first\n";
    return exit_code;
  }
  const plan::Plan& plan = *session->plan.plan;
  std::set<render::Part> parts;
  for (const auto& name : options.only)
    parts.insert(*render::part_from_name(name));

  auto tree = render::render_tree(plan, options.output, render::parts_producer(parts));
  if (!tree) {
    std::cerr << "render: " << tree.error() << "\n";
    return exit_unusable;
  }
  std::signal(SIGINT, on_render_signal);
  std::signal(SIGTERM, on_render_signal);
  if (auto written =
        render::write_rendered(options.output, *tree, plan, render::keep_other_parts(parts));
      !written) {
    std::cerr << "render: " << written.error() << "\n";
    return exit_unusable;
  }
  const render::Artifacts& artifacts = tree->artifacts;
  const std::vector<std::string>& generated = tree->generated_keys;
  const auto slots = render::peer_slots(plan);
  const bool state_changed =
    slots != session->load.config.peer_state && !plan.wireguard_peers.empty();
  if (state_changed) {
    if (auto saved = render::write_peer_state(session->load.config.peer_state_path, slots);
        !saved) {
      std::cerr << "render: " << saved.error() << "\n";
      return exit_unusable;
    }
  }

  std::map<std::string, int> per_part;
  for (const auto& a : artifacts) {
    auto part = render::part_of_path(a.path);
    per_part[part ? std::string(render::part_name(*part)) : "keys"]++;
  }
  if (options.format == Format::json) {
    nlohmann::ordered_json out = { { "output", options.output },
                                   { "files", artifacts.size() },
                                   { "parts", per_part },
                                   { "generated_keys", generated } };
    if (state_changed)
      out["peer_state"] = session->load.config.peer_state_path;
    std::cout << out.dump(2) << "\n";
    return exit_ok;
  }
  std::cout << fmt::format(
    "render: wrote {} files to {} (MANIFEST.json lists them)\n", artifacts.size(), options.output);
  for (const auto& [part, count] : per_part)
    std::cout << fmt::format("  {:<10} {} files\n", part, count);
  for (const auto& key : generated) {
    std::cout << fmt::format("  new key    {} (0600; keep it: later renders reuse it)\n", key);
  }
  if (state_changed) {
    std::cout << fmt::format("  recorded WireGuard peer slots in {} (commit it with config.toml)\n",
                             session->load.config.peer_state_path);
  }
  return exit_ok;
}

} // namespace

void add_render_command(CLI::App& app, int& exit_code)
{
  auto options = std::make_shared<RenderOptions>();
  CLI::App* command = app.add_subcommand("render",
                                         "Render every file of the cluster (Terraform, kubeadm, "
                                         "Calico, gateways, Ansible) from the Plan");
  command->add_option("CONFIG", options->config, "Path of the cluster's config.toml")->required();
  command
    ->add_option("-o,--output",
                 options->output,
                 "Output directory (replaced as a whole, or left untouched on error)")
    ->required();
  command
    ->add_option(
      "--only", options->only, "Render only these parts; the others' files in DIR stay as they are")
    ->check(CLI::IsMember({ "terraform", "kubeadm", "calico", "gateway", "verify", "ansible" }));
  add_format_option(*command, options->format);
  command->footer(
    "Files go to a temporary directory beside DIR and are swapped in at the end: on any error DIR "
    "is\n"
    "left exactly as it was. Two renders give byte-identical trees; WireGuard keys are created "
    "once\n"
    "in DIR/secrets/ (0600) and reused. DIR/MANIFEST.json lists every file with its host, target\n"
    "path, mode and purpose. A config with errors renders nothing (exit 1).");
  command->callback([options, &exit_code] { exit_code = run_render(*options); });
}

} // namespace dualstack::cli
