#include "plan/image_plan.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "formats/image_formats.hpp"
#include "job/header_table.hpp"
#include "naming/frame_pattern.hpp"
#include "naming/output_target.hpp"
#include "plan/colour_conversion_plan.hpp"
#include "plan/colour_plan.hpp"
#include "plan/exr_layout.hpp"
#include "plan/held_format.hpp"
#include "plan/memory_check.hpp"
#include "plan/output_timing.hpp"
#include "plan/source_plan.hpp"
#include "sinks/image/exr_writer.hpp"
#include "system/error.hpp"

namespace frameout {

namespace {

// imagefiletype given explicitly must match the extension; otherwise the extension decides.
std::string resolve_file_type(const Job& job, std::filesystem::path& file) {
  const std::string extension = file.extension().string();
  const ImageFormat* named = image_format_for(file);
  const std::string_view from_extension = named != nullptr ? named->token : "";
  std::string token = job.text("imagefiletype");
  if (!job.given("imagefiletype") && !from_extension.empty()) token = std::string(from_extension);
  if (!extension.empty() && from_extension != token)
    throw Error(ExitCode::Usage, fmt::format("--file \"{}\" has extension {} but --imagefiletype is {}", file.string(),
                                             extension, token));
  return token;
}

ImageOptions image_options(const Job& job, const ImageFormat& format) {
  const std::string_view token = format.token;
  ImageOptions o;
  // Each format reads only the settings its descriptor lists; any other given one is warned about after planning.
  if (format.uses("quality")) {
    o.quality = job.real("quality");
    if (o.quality < 0.0 || o.quality > 1.0)
      throw Error(ExitCode::Usage, fmt::format("--quality {} must be between 0 and 1", job.text("quality")));
  }
  if (format.uses("jpeg-chroma")) o.chroma_444 = job.text("jpeg-chroma") == "444";
  if (format.uses("mipmaps")) o.mipmaps = job.toggle("mipmaps");
  for (const std::string_view param : {"exr-compression", "tiff-compression", "png-level"})
    if (format.uses(param)) o.compression = job.text(param);
  if (token == "png") {
    const int64_t level = job.integer("png-level");
    if (level < 0 || level > 9) throw Error(ExitCode::Usage, "--png-level must be between 0 and 9");
  }
  if (const std::string table = job.text("headerdat"); !table.empty()) o.header = read_header_table(table);
  // Point File In recognises point data by this attribute.
  if (job.toggle("pointcloud")) o.header.emplace_back("pointcloud", "1");
  if (token == "exr") {
    check_exr_compression(o.compression);
    check_exr_header(o.header);
  } else {
    if (!o.header.empty()) spdlog::warn("{} files carry no header attributes: --headerdat and --pointcloud apply to EXR", token);
  }
  o.deterministic = job.toggle("deterministic");
  return o;
}

}  // namespace

ImageJob plan_images(const Job& job, const StreamInfo& input) {
  ImageJob result;
  ImageSpec& plan = result.spec;
  plan.sequence = job.text("type") == "imagesequence";
  plan.file = job.text("file");
  if (plan.file.empty()) throw Error(ExitCode::Usage, "--file is required: name the image (or the sequence pattern) to write");
  const std::string token = resolve_file_type(job, plan.file);
  plan.writer = make_image_writer(token);
  if (plan.file.extension().empty()) plan.file += std::string(plan.writer->extension());

  const PixelFormat requested = held_format(job, input.format);
  plan.held = requested;
  plan.stored = plan.writer->stored_format(requested);
  if (plan.stored.token != requested.token)
    spdlog::debug("{} cannot hold {}: writing {}", token, requested.token, plan.stored.token);
  const ImageFormat& format = *find_image_format(token);
  if (format.max_side > 0 && std::max(input.width, input.height) > format.max_side)
    throw Error(ExitCode::Usage, fmt::format("input size {}x{} is too large for --imagefiletype {}: {} stores at most "
                                             "{}x{}; scale the input down or choose another file type",
                                             input.width, input.height, token, format.label, format.max_side,
                                             format.max_side));
  plan.options = image_options(job, format);
  plan.colour = plan_colour(job, input.format, true);
  // The files describe the space their pixels end up in: the input's own when --outputcolorspace is not given.
  plan.options.colour.space = plan.colour.to;
  plan.options.colour.white_nits = plan.colour.to_white_nits;
  // Only formats with a place for HDR metadata read the flags; the others leave them to the unused warning.
  if (format.uses("max-cll")) plan.options.colour.hdr = plan_hdr_metadata(job, *plan.colour.to);
  say_image_untagged(*plan.colour.to, token);
  if (token == "exr") {
    ExrLayout layout = exr_layout(job, plan.stored.channels);
    for (const auto& layer : layout.inputs)
      result.layers.push_back(plan_layer_source(job, layer.spec, fmt::format("input{}top", layer.block), input.rate));
    plan.options.channel_names = std::move(layout.names);
  } else if (const std::string param = first_exr_channel_param(job); !param.empty()) {
    throw Error(ExitCode::Usage, fmt::format("--{} is an EXR channel setting, but --imagefiletype is {}: only EXR "
                                             "files hold named and additional channels",
                                             param, token));
  }

  plan.leading_zeros = static_cast<int>(job.integer("leadingzerosdigits"));
  if (plan.leading_zeros < 0 || plan.leading_zeros > 18)
    throw Error(ExitCode::Usage, "--leadingzerosdigits must be between 0 and 18");
  plan.workers = static_cast<int>(job.integer("maxthread"));
  if (plan.workers < 1 || plan.workers > 64) throw Error(ExitCode::Usage, "--maxthread must be between 1 and 64");
  // In flight: a frame per writer plus the queue's one, and each writer's converted copy (a still: one and its copy).
  const int pixel_bytes = std::max({input.format.bytes_per_pixel, plan.held.bytes_per_pixel,
                                    plan.stored.bytes_per_pixel});
  const int64_t in_flight = plan.sequence ? 2 * int64_t{plan.workers} + 1 : 2;
  check_frames_fit_in_memory(input.width, input.height, pixel_bytes, in_flight, plan.workers);
  plan.unique_suffix = job.toggle("uniquesuff");
  plan.overwrite = job.toggle("overwrite") && !plan.unique_suffix;
  // A sequence transcoded without --n keeps its frame numbers: --frames 1001-1100 writes 1001 to 1100.
  const bool follow_input = plan.sequence && !job.given("n") && input.first_number.has_value();
  plan.first_number = follow_input ? *input.first_number : job.integer("n");
  if (!plan.sequence) {
    plan.still_frame = job.integer("frame");
    if (plan.still_frame < 0) throw Error(ExitCode::Usage, "--frame must not be negative");
  }
  // A sound track given to an image job would be lost without a word: refuse it instead.
  if (job.given("audiochop"))
    throw Error(ExitCode::Usage, fmt::format("--audiochop: image files hold no sound; write a movie (--type movie) to "
                                             "keep the track, or the sound alone with 'frameout audio'"));

  plan.fps = resolve_output_rate(job, input.rate);
  if (plan.sequence) plan.frame_limit = resolve_frame_limit(job, plan.fps, input.rate);

  // With uniquesuff the run claims its first free number when it starts (naming/sequence_claim.hpp).
  if (plan.sequence && !plan.unique_suffix) {
    const auto first = FramePattern(plan.file, plan.leading_zeros).path_for(plan.first_number);
    if (!plan.overwrite && name_taken(first))
      throw Error(ExitCode::Output, fmt::format("output \"{}\" (--file) already exists; use --overwrite to replace the "
                                                "sequence or --uniquesuff on to start at a free number",
                                                first.string()));
  }
  return result;
}

}  // namespace frameout
