#include "sources/open_source.hpp"

#include <fmt/format.h>

#include "core/error.hpp"
#include "naming/frame_pattern.hpp"
#include "sources/decode_source.hpp"
#include "sources/images/image_sequence_source.hpp"
#include "sources/layered_source.hpp"
#include "sources/raw_frame_source.hpp"
#include "sources/retimed_source.hpp"
#include "sources/testpattern_source.hpp"

namespace frameout {

namespace {

struct RawGeometry {
  int width;
  int height;
  Rational rate;
};

RawGeometry raw_geometry(const Job& job) {
  const auto [width, height] = job.pair("input-size");
  if (width < 1 || height < 1 || width > 16384 || height > 16384)
    throw Error(ExitCode::Usage, fmt::format("--input-size {}: width and height must be 1 to 16384", job.text("input-size")));
  const auto rate = parse_rate(job.text("input-rate"));
  if (!rate)
    throw Error(ExitCode::Usage, fmt::format("--input-rate {}: not a frame rate (use 30, 29.97 or 30000/1001)",
                                             job.text("input-rate")));
  return {static_cast<int>(width), static_cast<int>(height), *rate};
}

bool is_image_input(const std::string& input) {
  return FramePattern::contains_token(input) || has_image_reader(input);
}

std::unique_ptr<VideoSource> open_images(const Job& job, const std::string& input, const ImageReadOptions& options,
                                         Rational rate) {
  const auto missing = parse_missing_frames(job.text("missing-frames"));
  const std::string frames = job.text("frames");
  return std::make_unique<ImageSequenceSource>(input, frames.empty() ? std::nullopt : std::optional(frames), *missing,
                                               options, rate);
}

}  // namespace

std::unique_ptr<VideoSource> open_video_source(const Job& job) {
  const std::string input = job.text("input");
  if (input.empty()) throw Error(ExitCode::Usage, "--input is required: testpattern, '-' (stdin) or a raw frame file");
  const RawGeometry g = raw_geometry(job);
  if (input == "testpattern") {
    if (job.given("input-format"))
      throw Error(ExitCode::Usage, "--input-format describes raw input; the test pattern is always rgba8fixed");
    return std::make_unique<TestPatternSource>(g.width, g.height, g.rate);
  }
  if (input.rfind("shm:", 0) == 0)
    throw Error(ExitCode::Unavailable, fmt::format("--input {}: shared-memory input is not implemented yet", input));
  if (!job.given("input-format")) {
    if (job.given("input-size"))
      throw Error(ExitCode::Usage, fmt::format("--input-size describes raw frames; \"{}\" is decoded with its own size "
                                               "(give --input-format to read it as raw frames)",
                                               input));
    if (is_image_input(input))
      return open_images(job, input, ImageReadOptions{job.text("exr-layer"), job.integer("max-input-pixels")}, g.rate);
    if (job.given("frames")) throw Error(ExitCode::Usage, "--frames selects frames of an image-sequence --input");
    auto source = std::make_unique<DecodeSource>(input == "-" ? "pipe:0" : input, job.integer("max-input-pixels"));
    if (job.given("input-rate")) return std::make_unique<RetimedSource>(std::move(source), g.rate);
    return source;
  }
  const auto format = find_pixel_format(job.text("input-format"));
  return std::make_unique<RawFrameSource>(input, g.width, g.height, *format, g.rate);
}

std::unique_ptr<VideoSource> open_layer_source(const Job& job, const std::string& spec, const std::string& param,
                                               Rational rate) {
  if (spec == "-" || spec == "testpattern" || spec.rfind("shm:", 0) == 0)
    throw Error(ExitCode::Usage, fmt::format("--{} {}: an additional input is an image, an image sequence pattern "
                                             "or a movie file",
                                             param, spec));
  // Sequences take the frame numbers of --frames, so render passes line up with the main sequence.
  const ImageReadOptions options{"", job.integer("max-input-pixels")};
  return naming_layer_param(param, [&]() -> std::unique_ptr<VideoSource> {
    // A single still (no frame token) is one image whatever --frames says.
    if (FramePattern::contains_token(spec)) return open_images(job, spec, options, rate);
    if (has_image_reader(spec))
      return std::make_unique<ImageSequenceSource>(spec, std::nullopt, MissingFrames::Error, options, rate);
    return std::make_unique<DecodeSource>(spec, options.max_pixels);
  });
}

}  // namespace frameout
