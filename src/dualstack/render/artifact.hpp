// Artifact: one rendered file, where it goes and what it is for. Renderers return Artifacts;
// only the writer (render/writer.hpp) touches the filesystem.
#pragma once

#include <string>
#include <vector>

namespace dualstack::render {

struct Artifact
{
  std::string path; // relative path in the output directory, e.g. "gateways/gw-0/bird.conf"
  std::string host; // the host it belongs on (a Plan host name), or "operator" / "cluster"
  std::string
    target_path;       // its path on that host, e.g. "/etc/bird/bird.conf" ("" for operator files)
  int mode = 0644;     // file mode; secrets are 0600
  std::string purpose; // one line: what the file is for
  std::string content;
  bool secret = false; // holds a private key or token: 0600, never printed
};

using Artifacts = std::vector<Artifact>;

// The parts `--only` can select.
enum class Part
{
  terraform,
  kubeadm,
  calico,
  gateway,
  verify,
  ansible
};

} // namespace dualstack::render
