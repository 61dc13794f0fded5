#pragma once
// Where an output goes: the final name (with a unique suffix when asked), the temporary name it is
// written under, and the rename that publishes it only when it is complete.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "system/error.hpp"

namespace frameout {

//! Naming rules of one output file.
struct NamingRules {
  bool unique_suffix = false;  //!< uniquesuff: never overwrite, pick the first free number from `n`
  int64_t n = 0;               //!< the number for a frame token in the name; the first one tried by uniquesuff
  bool overwrite = false;      //!< --overwrite: replace an existing file (without uniquesuff)
};

//! Whether anything, even a dangling link, occupies `path` (std::filesystem::exists follows links and says no);
//! throws Error(Output) naming --file when the name cannot be looked up (too long, a file in its folder path).
bool name_taken(const std::filesystem::path& path);

//! The hidden temporary name for `final_name`: ".NAME.frameout-RANDOM.part", RANDOM unpredictable to other
//! users, NAME shortened when needed so the whole stays within the 255-byte file-name limit.
std::string temporary_name(const std::string& final_name);
//! ".NAME" + `suffix`, NAME shortened (at a UTF-8 character boundary) so the whole fits in 255 bytes.
std::string hidden_name(const std::string& final_name, const std::string& suffix);

//! The final name a temporary name of temporary_name() stands for (a shortened NAME stays shortened), or
//! nullopt when `name` is not such a temporary name.
std::optional<std::string> name_behind_temporary(const std::string& name);

//! An output file being written under a temporary name beside its final name.
class OutputTarget {
 public:
  //! Checks the folder (creating missing folders) and the final name before anything is written;
  //! throws Error(Output) naming the file when it exists (and may not be replaced) or cannot be written.
  OutputTarget(const std::filesystem::path& requested, const NamingRules& rules);
  ~OutputTarget();
  OutputTarget(const OutputTarget&) = delete;
  OutputTarget& operator=(const OutputTarget&) = delete;

  //! The name the finished file will have.
  const std::filesystem::path& final_path() const { return final_; }
  //! The hidden name the file is written under; writers create it with create_new_file (core/new_file.hpp).
  const std::filesystem::path& temp_path() const { return temp_; }
  //! Renames the finished temporary file to its final name (never replacing a file that appeared meanwhile
  //! unless overwriting is allowed; with uniquesuff the next free number is taken instead).
  void commit();
  //! Removes the temporary file; called on failure so nothing partial is left.
  void discard();
  //! `e` with the temporary name in its message replaced by the final one: users know the output by that name.
  Error with_final_name(const Error& e) const;

 private:
  std::filesystem::path candidate(int64_t number) const;
  void pick_final_name();

  std::filesystem::path requested_;
  NamingRules rules_;
  std::filesystem::path final_;
  std::filesystem::path temp_;
  int64_t number_ = 0;
  bool committed_ = false;
};

}  // namespace frameout
