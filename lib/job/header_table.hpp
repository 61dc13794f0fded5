#pragma once
// headerdat: a two-column table file (tab- or comma-separated key and value per row) whose rows become
// file metadata (EXR attributes, RIFF INFO, ID3, Vorbis comments, AIFF chunks).

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace frameout {

//! Rows of a header table in file order; blank lines and lines starting with '#' are skipped.
//! Throws Error(Usage) naming the file, the line and --headerdat for a row without a key or value column.
std::vector<std::pair<std::string, std::string>> read_header_table(const std::filesystem::path& path);

}  // namespace frameout
