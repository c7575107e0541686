// DiskFileReader: reads regular files, refuses missing ones, directories and oversized files.
#include <dualstack/verify/kube/file_reader.hpp>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <unistd.h>

using namespace dualstack::verify::kube;

namespace {

std::filesystem::path temp_dir()
{
  auto dir = std::filesystem::temp_directory_path() /
             ("dualstack-file-reader-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  return dir;
}

} // namespace

TEST(DiskFileReader, ReadsAFile)
{
  const auto dir = temp_dir();
  std::ofstream(dir / "f") << "abc\n";
  auto bytes = DiskFileReader().read((dir / "f").string(), 100);
  ASSERT_TRUE(bytes) << bytes.error();
  EXPECT_EQ(*bytes, "abc\n");
  std::filesystem::remove_all(dir);
}

TEST(DiskFileReader, RefusesMissingDirectoriesAndLargeFiles)
{
  const auto dir = temp_dir();
  std::ofstream(dir / "big") << std::string(101, 'x');
  DiskFileReader reader;
  EXPECT_EQ(reader.read((dir / "missing").string(), 100).error(), "No such file or directory");
  EXPECT_EQ(reader.read(dir.string(), 100).error(), "not a regular file");
  EXPECT_EQ(reader.read((dir / "big").string(), 100).error(),
            "file is 101 bytes, more than the 100 accepted");
  std::filesystem::remove_all(dir);
}
