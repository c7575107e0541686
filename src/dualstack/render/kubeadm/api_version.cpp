// kubeadm API version selection.
#include <dualstack/render/kubeadm/api_version.hpp>

#include <charconv>
#include <stdexcept>
#include <utility>

namespace dualstack::render::kubeadm {

namespace {

std::pair<int, int> major_minor(std::string_view text)
{
  if (!text.empty() && text.front() == 'v')
    text.remove_prefix(1);
  int major = 0;
  int minor = 0;
  const char* end = text.data() + text.size();
  auto [p1, e1] = std::from_chars(text.data(), end, major);
  if (e1 != std::errc() || p1 == end || *p1 != '.') {
    throw std::logic_error("kubeadm: Kubernetes version `" + std::string(text) +
                           "` is not MAJOR.MINOR[.PATCH]");
  }
  auto [p2, e2] = std::from_chars(p1 + 1, end, minor);
  if (e2 != std::errc()) {
    throw std::logic_error("kubeadm: Kubernetes version `" + std::string(text) +
                           "` is not MAJOR.MINOR[.PATCH]");
  }
  return { major, minor };
}

} // namespace

KubeadmApi select_api(std::string_view kubernetes_version)
{
  if (major_minor(kubernetes_version) < std::pair{ 1, 31 })
    return { "kubeadm.k8s.io/v1beta3", false };
  return { "kubeadm.k8s.io/v1beta4", true };
}

std::string kubernetes_version_tag(std::string_view kubernetes_version)
{
  if (!kubernetes_version.empty() && kubernetes_version.front() == 'v')
    return std::string(kubernetes_version);
  return "v" + std::string(kubernetes_version);
}

} // namespace dualstack::render::kubeadm
