#pragma once
// Files for unit tests: a fresh folder per test and reading a file back whole.

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <sys/mount.h>
#include <unistd.h>

namespace frameout::testing {

//! An empty folder under the system temp folder, named after `name` and this process.
inline std::filesystem::path fresh_folder(const std::string& name) {
  const auto folder = std::filesystem::temp_directory_path() / ("frameout_" + name + "_" + std::to_string(::getpid()));
  std::filesystem::remove_all(folder);
  std::filesystem::create_directories(folder);
  return folder;
}

//! A folder on a full file system: a one-page tmpfs filled to the brim, where creating a file works and every
//! write fails with ENOSPC, as on a full disk. Mounting needs root (as in CI here); mounted() says if it worked.
class FullFolder {
 public:
  explicit FullFolder(const std::string& name) : path_(fresh_folder(name)) {
    mounted_ = ::mount("tmpfs", path_.c_str(), "tmpfs", 0, "size=4k") == 0;
    if (!mounted_) return;
    std::ofstream filler(path_ / "filler", std::ios::binary);
    const std::string page(4096, 'x');
    for (int i = 0; i < 4 && filler; ++i) filler.write(page.data(), static_cast<std::streamsize>(page.size())).flush();
  }
  ~FullFolder() {
    if (mounted_) ::umount(path_.c_str());
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  FullFolder(const FullFolder&) = delete;
  FullFolder& operator=(const FullFolder&) = delete;
  //! Whether the tmpfs is mounted (false when not root).
  bool mounted() const { return mounted_; }
  //! A name inside the full folder.
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
  bool mounted_ = false;
};

//! The bytes of a file.
inline std::vector<uint8_t> slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace frameout::testing
