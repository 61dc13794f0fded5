#pragma once
// What the fuzz targets share: the fuzzer's bytes as a file, for the parsers and readers that take a path.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

namespace frameout::fuzzing {

//! Writes the input to a file of this process (rewritten on every run) whose name ends in `extension`,
//! since readers pick the format by extension.
inline std::filesystem::path input_file(const uint8_t* data, size_t size, const std::string& extension) {
  static const std::filesystem::path folder = [] {
    auto path = std::filesystem::temp_directory_path() / ("frameout_fuzz_" + std::to_string(::getpid()));
    std::filesystem::create_directories(path);
    return path;
  }();
  const auto path = folder / ("input" + extension);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  return path;
}

//! Reads every byte of a buffer, so that a reader handing out too short a buffer shows up under ASan.
inline unsigned touch(const uint8_t* bytes, size_t size) {
  unsigned sum = 0;
  for (size_t i = 0; i < size; ++i) sum += bytes[i];
  return sum;
}

}  // namespace frameout::fuzzing
