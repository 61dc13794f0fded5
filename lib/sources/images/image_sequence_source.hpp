#pragma once
// An image sequence (or a single still image) read as a stream of frames.

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "system/error.hpp"
#include "naming/frame_pattern.hpp"
#include "sources/images/frame_range.hpp"
#include "sources/images/image_reader.hpp"
#include "sources/video_source.hpp"

namespace frameout {

//! What a frame of the range without a file becomes.
enum class MissingFrames {
  Error,  //!< an input error naming the first missing file
  Hold,   //!< the previous frame again (before the first existing file: that file), counted as held
};

//! Parses a `--missing-frames` value: "error" or "hold"; nullopt for anything else.
std::optional<MissingFrames> parse_missing_frames(std::string_view text);

//! Reads the files of a frame-numbered pattern (`####`, `%04d`, `$F4`, ...) in the order of a frame range,
//! or one still file when the name has no frame token.
class ImageSequenceSource : public VideoSource {
 public:
  //! Resolves the frames (from `frames`, the `--frames` farm syntax, or else the first to the last file found
  //! on disk, so a gap between them is a missing frame; see covering_span) and reads the first existing one,
  //! which fixes the size and layout of the stream. Throws Error(Usage) for a bad `--frames`, Error(Input)
  //! naming the file when no frame exists, when a frame is missing under MissingFrames::Error, or when the
  //! first file cannot be read.
  //! The stream runs at `rate`, or with `prefer_stored_rate` at the rate the first file stores where its format
  //! has one (see stored_frame_rate).
  ImageSequenceSource(const std::string& pattern, const std::optional<std::string>& frames, MissingFrames missing,
                      ImageReadOptions options, Rational rate, bool prefer_stored_rate = false);
  ImageSequenceSource(const ImageSequenceSource&) = delete;
  ImageSequenceSource& operator=(const ImageSequenceSource&) = delete;

  StreamInfo info() const override;
  //! The next frame of the range; frame.index is its position in the range (0, 1, 2, ...). Throws Error(Input)
  //! naming the file when it cannot be read or differs in size or layout from the first.
  ReadResult read(VideoFrame& frame) override;

  //! Frames that repeated a neighbour because their file was missing (MissingFrames::Hold); safe from any thread.
  int64_t held_frames() const override { return held_frames_.load(); }

 private:
  //! The file of the frame at `position` in the range.
  std::filesystem::path path_at(int64_t position) const;
  //! Reads one file, into the memory of `reuse` (a recycled frame's), and checks that it matches the stream.
  VideoFrame load(const std::filesystem::path& path, std::vector<uint8_t> reuse) const;
  //! The input error for the missing file of the frame at `position`.
  Error missing_error(int64_t position) const;
  //! Where the range came from, for messages: "--frames '1-10'" or the frames found for --input.
  std::string range_source() const;

  StreamInfo info_;
  FramePattern pattern_;
  std::optional<std::string> frames_spec_;
  FrameRange range_;
  MissingFrames missing_;
  ImageReadOptions options_;
  std::filesystem::path first_path_;  // the file that fixed size and layout
  int64_t first_present_ = 0;         // position of the first frame whose file exists
  VideoFrame first_frame_;            // read by the constructor, handed out at first_present_
  VideoFrame previous_;               // the last frame handed out, kept only for MissingFrames::Hold
  int64_t position_ = 0;
  std::atomic<int64_t> held_frames_{0};
};

}  // namespace frameout
