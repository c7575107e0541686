// Real-filesystem FileReader.
#include <dualstack/verify/kube/file_reader.hpp>

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <sys/stat.h>

namespace dualstack::verify::kube {

tl::expected<std::string, std::string> DiskFileReader::read(const std::string& path,
                                                            std::size_t max_bytes) const
{
  struct stat info
  {};
  if (::stat(path.c_str(), &info) != 0) {
    return tl::unexpected(std::string(std::strerror(errno)));
  }
  if (!S_ISREG(info.st_mode)) {
    return tl::unexpected(std::string("not a regular file"));
  }
  if (static_cast<std::size_t>(info.st_size) > max_bytes) {
    return tl::unexpected(
      fmt::format("file is {} bytes, more than the {} accepted", info.st_size, max_bytes));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return tl::unexpected(std::string(std::strerror(errno)));
  }
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) {
    return tl::unexpected(std::string("read error"));
  }
  if (bytes.size() > max_bytes) {
    return tl::unexpected(fmt::format("file is more than the {} bytes accepted", max_bytes));
  }
  return bytes;
}

} // namespace dualstack::verify::kube
