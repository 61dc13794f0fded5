#include "sources/images/image_sequence_source.hpp"

#include <utility>

#include <fmt/format.h>

#include "system/error.hpp"
#include "system/interrupt.hpp"
#include "sources/images/format_readers.hpp"
#include "sources/images/stored_rate.hpp"

namespace frameout {

namespace {

bool file_exists(const std::filesystem::path& path) {
  std::error_code ec;
  return std::filesystem::is_regular_file(path, ec);
}

}  // namespace

std::optional<MissingFrames> parse_missing_frames(std::string_view text) {
  if (text == "error") return MissingFrames::Error;
  if (text == "hold") return MissingFrames::Hold;
  return std::nullopt;
}

ImageSequenceSource::ImageSequenceSource(const std::string& pattern, const std::optional<std::string>& frames,
                                         MissingFrames missing, ImageReadOptions options, Rational rate,
                                         bool prefer_stored_rate)
    : pattern_(pattern, 0), frames_spec_(frames), missing_(missing), options_(std::move(options)) {
  info_.name = pattern;  // also the still's path when there is no frame token
  if (!pattern_.has_token()) {
    if (frames)
      throw Error(ExitCode::Usage, fmt::format("--frames '{}': --input \"{}\" has no frame number token (####, %04d, "
                                               "$F4) and is read as one still image",
                                               *frames, pattern));
    range_.append(0);
  } else if (frames) {
    range_ = parse_frame_range(*frames);
  } else {
    const FrameRange found = discover_frames(pattern_);
    if (found.empty())
      throw Error(ExitCode::Input, fmt::format("--input \"{}\": no files match the pattern (for example \"{}\")", pattern,
                                               pattern_.path_for(1).string()));
    range_.append(covering_span(found));
  }

  // Every file is looked for now, so a missing frame fails the job before any output is opened. With Hold,
  // the first existing file fixes the stream and also stands in for any missing frames before it.
  first_present_ = range_.size();
  for (int64_t p = 0; p < range_.size(); ++p) {
    if (file_exists(path_at(p))) {
      if (first_present_ == range_.size()) first_present_ = p;
      if (missing_ == MissingFrames::Hold) break;
    } else if (missing_ == MissingFrames::Error) {
      throw missing_error(p);
    }
  }
  if (first_present_ == range_.size()) {
    if (range_.size() == 1) throw missing_error(0);
    throw Error(ExitCode::Input, fmt::format("none of the {} frames of \"{}\" exist, from \"{}\" on ({})", range_.size(),
                                             pattern, path_at(0).string(), range_source()));
  }

  first_path_ = path_at(first_present_);
  first_frame_ = read_image(first_path_, options_);
  info_.width = first_frame_.width;
  info_.height = first_frame_.height;
  info_.format = first_frame_.format;
  const std::optional<Rational> stored = prefer_stored_rate ? stored_frame_rate(first_path_) : std::nullopt;
  info_.rate = stored.value_or(rate);
  info_.rate_stored = stored.has_value();
  if (pattern_.has_token()) info_.first_number = range_.at(0);
  info_.frame_count = range_.size();
}

StreamInfo ImageSequenceSource::info() const { return info_; }

ReadResult ImageSequenceSource::read(VideoFrame& frame) {
  if (interrupt_requested() || position_ >= range_.size()) return ReadResult::End;
  if (position_ < first_present_) {
    frame = first_frame_;
    ++held_frames_;
  } else if (position_ == first_present_) {
    frame = std::move(first_frame_);
  } else if (const std::filesystem::path path = path_at(position_); file_exists(path)) {
    frame = load(path, std::move(frame.data));
  } else if (missing_ == MissingFrames::Hold) {
    frame = previous_;
    ++held_frames_;
  } else {
    throw missing_error(position_);  // deleted after the constructor looked
  }
  if (missing_ == MissingFrames::Hold && position_ >= first_present_) previous_ = frame;
  frame.index = position_++;
  return ReadResult::Frame;
}

std::filesystem::path ImageSequenceSource::path_at(int64_t position) const {
  if (!pattern_.has_token()) return info_.name;
  return pattern_.path_for(range_.at(position));
}

VideoFrame ImageSequenceSource::load(const std::filesystem::path& path, std::vector<uint8_t> reuse) const {
  VideoFrame frame = read_image(path, options_, std::move(reuse));
  if (frame.width != info_.width || frame.height != info_.height || frame.format.token != info_.format.token)
    throw Error(ExitCode::Input, fmt::format("cannot read image \"{}\" (--input): it is {}x{} {}, but the sequence is "
                                             "{}x{} {} (from \"{}\"); every frame must have the same size and layout",
                                             path.string(), frame.width, frame.height, frame.format.token, info_.width,
                                             info_.height, info_.format.token, first_path_.string()));
  return frame;
}

Error ImageSequenceSource::missing_error(int64_t position) const {
  const std::filesystem::path path = path_at(position);
  if (!pattern_.has_token()) return image_read_error(path, "no such file");
  const char* hint = missing_ == MissingFrames::Error ? "; --missing-frames hold repeats the previous frame instead" : "";
  return Error(ExitCode::Input, fmt::format("frame {} is missing: \"{}\" does not exist ({}{})", range_.at(position),
                                            path.string(), range_source(), hint));
}

std::string ImageSequenceSource::range_source() const {
  if (frames_spec_) return fmt::format("--frames '{}'", *frames_spec_);
  return fmt::format("--input found frames {} to {} on disk", range_.at(0), range_.at(range_.size() - 1));
}

}  // namespace frameout
