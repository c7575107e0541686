// The API endpoint by name in the lab: the client's hosts file, the URL, the certificate names.
#include <dualstack/lab/api_name.hpp>

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace dualstack::lab {

namespace fs = std::filesystem;

namespace {

tl::expected<std::string, std::string> read_text(const std::string& path)
{
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return tl::unexpected("cannot read " + path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

} // namespace

std::string netns_etc_path(const std::string& ns, const std::string& file)
{
  return "/etc/netns/" + ns + "/" + file;
}

std::string client_hosts(const std::string& system_hosts, const std::string& fragment)
{
  std::string out = system_hosts;
  if (!out.empty() && out.back() != '\n')
    out += '\n';
  return out + fragment;
}

std::string api_url_by_name(const plan::Plan& plan)
{
  if (plan.api.dns_name.empty())
    return "";
  return fmt::format("https://{}:{}/", plan.api.dns_name, plan.api.frontend_port);
}

std::string api_subject_alt_name(const plan::Plan& plan)
{
  std::string out;
  for (const auto& san : plan.api.cert_sans) {
    out += (out.empty() ? "" : ",") + std::string(Address::parse(san) ? "IP:" : "DNS:") + san;
  }
  return out;
}

Status install_client_hosts(LabContext& lab, const std::string& render_dir)
{
  if (lab.plan.api.dns_name.empty())
    return {};
  const std::string rendered = (render_dir.empty() ? lab.render_dir() : render_dir) + "/dns/hosts";
  auto fragment = read_text(rendered);
  if (!fragment) {
    return tl::unexpected(fmt::format("render wrote no {} although the API endpoint is the name {}",
                                      rendered,
                                      lab.plan.api.dns_name));
  }
  auto system = read_text("/etc/hosts");
  if (!system) {
    return tl::unexpected(std::string(
      "/etc/hosts does not exist, so `ip netns exec` cannot put the client's hosts file over it"));
  }
  const std::string target = netns_etc_path(lab.topology.client.ns, "hosts");
  std::error_code ec;
  fs::create_directories(fs::path(target).parent_path(), ec);
  std::ofstream out(target, std::ios::binary | std::ios::trunc);
  out << client_hosts(*system, *fragment);
  if (!out)
    return tl::unexpected("cannot write " + target);
  fs::permissions(target,
                  fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read |
                    fs::perms::others_read,
                  ec);
  return {};
}

} // namespace dualstack::lab
