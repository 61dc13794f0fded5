#pragma once
// Frame-numbered file names: `####`, `@@@@`, `%04d` and `$F4` tokens, or, without a token, the number
// placed before the extension. Used for output sequences and for reading image-sequence inputs.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace frameout {

//! A file name with a place for the frame number.
class FramePattern {
 public:
  //! Parses `path`; `min_digits` (leadingzerosdigits) widens the token's own padding.
  FramePattern(const std::filesystem::path& path, int min_digits);

  //! Whether the name had an explicit frame token.
  bool has_token() const { return has_token_; }
  //! Digits the number is padded to.
  int digits() const { return digits_; }
  //! The name for frame `number` (negative numbers keep their sign before the padding).
  std::filesystem::path path_for(int64_t number) const;

  //! Whether `text` contains a frame token (`#`, `@`, `%0Nd`/`%d`, `$F`/`$FN`).
  static bool contains_token(const std::string& text);

 private:
  std::string prefix_;  // folder and name before the number
  std::string suffix_;  // after the number (extension included)
  int digits_ = 0;
  bool has_token_ = false;
};

}  // namespace frameout
