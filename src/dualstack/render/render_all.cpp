// The renderer registry.
#include <dualstack/render/render_all.hpp>

namespace dualstack::render {

namespace {

struct PartInfo
{
  Part part;
  std::string_view name;
  std::string_view folder; // top folder of its artifacts
};

constexpr PartInfo parts_table[] = {
  { Part::terraform, "terraform", "terraform" }, { Part::kubeadm, "kubeadm", "kubeadm" },
  { Part::kubeadm, "kubeadm", "dns" }, // the API endpoint's records belong with kubeadm's endpoint
  { Part::kubeadm, "kubeadm", "nodes" }, // what kubeadm's preflight and IPv6 need on each node
  { Part::calico, "calico", "calico" },          { Part::gateway, "gateway", "gateways" },
  { Part::gateway, "gateway", "wireguard" },     { Part::verify, "verify", "verify" },
  { Part::ansible, "ansible", "ansible" },
};

} // namespace

std::optional<Part> part_from_name(std::string_view name)
{
  for (const auto& info : parts_table) {
    if (info.name == name)
      return info.part;
  }
  return std::nullopt;
}

std::string_view part_name(Part part)
{
  for (const auto& info : parts_table) {
    if (info.part == part)
      return info.name;
  }
  return "";
}

std::optional<Part> part_of_path(std::string_view path)
{
  const std::string_view top = path.substr(0, path.find('/'));
  for (const auto& info : parts_table) {
    if (info.folder == top)
      return info.part;
  }
  return std::nullopt;
}

Artifacts render_parts(const plan::Plan& plan, const Secrets& secrets, const std::set<Part>& parts)
{
  auto wanted = [&](Part part) { return parts.empty() || parts.count(part) > 0; };
  Artifacts all;
  auto append = [&](Artifacts more) {
    all.insert(
      all.end(), std::make_move_iterator(more.begin()), std::make_move_iterator(more.end()));
  };
  if (wanted(Part::terraform))
    append(render_terraform(plan));
  if (wanted(Part::kubeadm)) {
    append(render_kubeadm(plan));
    append(render_api_dns(plan));
    append(render_kube_dns(plan));
    append(render_nodes(plan));
  }
  if (wanted(Part::calico))
    append(render_calico(plan));
  if (wanted(Part::gateway))
    append(render_gateways(plan, secrets));
  if (wanted(Part::verify))
    append(render_verify(plan));
  if (wanted(Part::ansible))
    append(render_ansible(plan));
  return all;
}

} // namespace dualstack::render
