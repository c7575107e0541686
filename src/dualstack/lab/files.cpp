// The lab's file helpers.
#include <dualstack/lab/files.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <sys/stat.h>

namespace dualstack::lab {

namespace fs = std::filesystem;

std::string read_file(const std::string& path)
{
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

Status write_file(const std::string& path, const std::string& content, int mode)
{
  std::error_code ec;
  fs::create_directories(fs::path(path).parent_path(), ec);
  fs::remove(path, ec);
  {
    std::ofstream out(path, std::ios::binary);
    if (!out)
      return tl::unexpected("cannot write " + path);
  }
  chmod(path.c_str(),
        static_cast<mode_t>(mode)); // before the content: secrets never world-readable
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << content;
  if (!out)
    return tl::unexpected("cannot write " + path);
  return {};
}

} // namespace dualstack::lab
