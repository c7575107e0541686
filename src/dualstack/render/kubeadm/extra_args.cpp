// extraArgs / kubeletExtraArgs in the shape of the selected kubeadm API.
#include <dualstack/render/kubeadm/extra_args.hpp>

namespace dualstack::render::kubeadm {

Json extra_args(const ExtraArgs& args, const KubeadmApi& api)
{
  if (api.extra_args_as_list) {
    Json list = Json::array();
    for (const auto& [name, value] : args)
      list.push_back(Json{ { "name", name }, { "value", value } });
    return list;
  }
  Json map = Json::object();
  for (const auto& [name, value] : args)
    map[name] = value;
  return map;
}

} // namespace dualstack::render::kubeadm
