#include "convert/frame_converter.hpp"

#include <algorithm>
#include <cstring>

#include <fmt/format.h>

extern "C" {
#include <libavutil/imgutils.h>
#include <libavutil/pixdesc.h>
#include <libswscale/swscale.h>
}

#include "convert/rgb_to_yuv.hpp"
#include "convert/unpack.hpp"
#include "system/error.hpp"

namespace frameout {

namespace {

// Alignment of frame buffers and rows handed to encoders, for their SIMD code.
constexpr int kAlign = 64;
// Rows widened (and colour-converted) at a time before they are written out: a band stays in the core's cache
// between the two passes, where a whole staged frame (16 MB at 1080p) went through memory. Even, for 4:2:0.
constexpr int kBandRows = 16;

int sws_colorspace(AVColorSpace matrix) {
  switch (matrix) {
    case AVCOL_SPC_BT470BG:
    case AVCOL_SPC_SMPTE170M: return SWS_CS_ITU601;
    case AVCOL_SPC_BT2020_NCL:
    case AVCOL_SPC_BT2020_CL: return SWS_CS_BT2020;
    default: return SWS_CS_ITU709;
  }
}

}  // namespace

FrameConverter::FrameConverter(const StreamInfo& input, const OutputFormat& output)
    : input_(input), output_(output), same_size_(input.width == output.width && input.height == output.height) {
  const bool plain_rgba8 = input.format.sample == SampleType::U8 && input.format.channels == ChannelSet::RGBA;
  // Deep input stays 16-bit unless the output is 8-bit RGB anyway: narrowing here rounds exactly, where
  // swscale's 64-bit RGBA to 8-bit RGB path rounds half the levels up.
  const AVPixFmtDescriptor* out_desc = av_pix_fmt_desc_get(output.pixel_format);
  const bool eight_bit_rgb_out = (out_desc->flags & AV_PIX_FMT_FLAG_RGB) && out_desc->comp[0].depth == 8;
  source_pixel_format_ = unpacks_to_16bit(input.format) && !eight_bit_rgb_out ? AV_PIX_FMT_RGBA64LE : AV_PIX_FMT_RGBA;
  if (output.conversion.converts()) {
    // Converted values are staged at the output's depth: 8 bits for 8-bit outputs, 16 for deeper ones.
    transform_ = std::make_unique<ColourTransform>(output.conversion, true);
    source_pixel_format_ = out_desc->comp[0].depth > 8 ? AV_PIX_FMT_RGBA64LE : AV_PIX_FMT_RGBA;
  }
  needs_unpack_ = !plain_rgba8 || transform_ != nullptr;
  // Scaling reads the whole frame; otherwise one band of rows is staged at a time.
  staged_rows_ = same_size_ ? std::min(kBandRows, input.height) : input.height;
  if (needs_unpack_)
    widened_.resize(static_cast<size_t>(input.width) * staged_rows_ * (source_pixel_format_ == AV_PIX_FMT_RGBA ? 4 : 8));

  sws_ = sws_getContext(input.width, input.height, source_pixel_format_, output.width, output.height,
                        output.pixel_format, SWS_BICUBIC, nullptr, nullptr, nullptr);
  if (sws_ == nullptr)
    throw Error(ExitCode::Unavailable, fmt::format("cannot convert {} frames to {} ({}x{})", input.format.token,
                                                   av_get_pix_fmt_name(output.pixel_format), output.width,
                                                   output.height));
  // Source RGB is full range; the destination matrix and range follow the output colour space.
  const int* coefficients = sws_getCoefficients(sws_colorspace(output.colour.matrix));
  const int full_range_out = output.colour.range == AVCOL_RANGE_JPEG ? 1 : 0;
  sws_setColorspaceDetails(sws_, coefficients, 1, coefficients, full_range_out, 0, 1 << 16, 1 << 16);

  // Rows aligned for SIMD in encoders; a little slack after the last plane for over-reads.
  av_image_fill_linesizes(linesizes_, output.pixel_format, FFALIGN(output.width, kAlign));
  ptrdiff_t strides[4] = {linesizes_[0], linesizes_[1], linesizes_[2], linesizes_[3]};
  size_t plane_sizes[4] = {};
  av_image_fill_plane_sizes(plane_sizes, output.pixel_format, output.height, strides);
  size_t total = kAlign;
  for (const size_t plane : plane_sizes) total += plane;
  pool_ = av_buffer_pool_init(total, nullptr);
}

FrameConverter::~FrameConverter() {
  sws_freeContext(sws_);
  av_buffer_pool_uninit(&pool_);  // buffers still held by encoders are freed when they are released
}

AvFramePtr FrameConverter::convert(const VideoFrame& frame) {
  AvFramePtr out(av_frame_alloc());
  out->format = output_.pixel_format;
  out->width = output_.width;
  out->height = output_.height;
  out->color_primaries = output_.colour.primaries;
  out->color_trc = output_.colour.transfer;
  out->colorspace = output_.colour.matrix;
  out->color_range = output_.colour.range;
  const bool same_layout = same_size_ && !needs_unpack_ && source_pixel_format_ == output_.pixel_format;
  if (same_layout && frame.view && reinterpret_cast<uintptr_t>(frame.view.get()) % kAlign == 0) {
    // Mapped input the encoder takes as it is (Hap's RGBA): hand it the mapping itself, kept alive by the
    // frame, instead of copying 8 MB per 1080p frame.
    auto* keep = new std::shared_ptr<const uint8_t>(frame.view);
    out->buf[0] = av_buffer_create(const_cast<uint8_t*>(frame.view.get()), frame.byte_size(),
                                   [](void* opaque, uint8_t*) { delete static_cast<std::shared_ptr<const uint8_t>*>(opaque); },
                                   keep, AV_BUFFER_FLAG_READONLY);
    if (out->buf[0] == nullptr) {
      delete keep;
      throw Error(ExitCode::Output, fmt::format("out of memory for a {}x{} frame", out->width, out->height));
    }
    out->data[0] = out->buf[0]->data;
    out->linesize[0] = frame.width * 4;
    return out;
  }
  out->buf[0] = av_buffer_pool_get(pool_);
  if (out->buf[0] == nullptr)
    throw Error(ExitCode::Output, fmt::format("out of memory for a {}x{} frame", out->width, out->height));
  av_image_fill_pointers(out->data, output_.pixel_format, output_.height, out->buf[0]->data, linesizes_);
  std::copy(std::begin(linesizes_), std::end(linesizes_), out->linesize);

  if (!needs_unpack_) {
    write_rows(frame.pixels(), *out, 0, frame.height);
    return out;
  }
  const size_t row_bytes = frame.format.frame_bytes(frame.width, 1);
  for (int first = 0; first < frame.height; first += staged_rows_) {
    const int rows = std::min(staged_rows_, frame.height - first);
    const uint8_t* source = frame.pixels() + row_bytes * static_cast<size_t>(first);
    const size_t pixels = static_cast<size_t>(frame.width) * rows;
    if (transform_ && source_pixel_format_ == AV_PIX_FMT_RGBA)
      clipped_ += transform_->to_rgba8(frame.format, source, widened_.data(), pixels);
    else if (transform_)
      clipped_ += transform_->to_rgba16(frame.format, source, reinterpret_cast<uint16_t*>(widened_.data()), pixels);
    else if (source_pixel_format_ == AV_PIX_FMT_RGBA)
      unpack_to_rgba8(frame.format, source, widened_.data(), pixels);
    else
      unpack_to_rgba16(frame.format, source, reinterpret_cast<uint16_t*>(widened_.data()), pixels);
    write_rows(widened_.data(), *out, first, rows);
  }
  return out;
}

void FrameConverter::write_rows(const uint8_t* source, AVFrame& out, int first_row, int rows) {
  const int source_stride = input_.width * (source_pixel_format_ == AV_PIX_FMT_RGBA ? 4 : 8);
  if (same_size_ && source_pixel_format_ == output_.pixel_format) {
    av_image_copy_plane(out.data[0] + static_cast<ptrdiff_t>(first_row) * out.linesize[0], out.linesize[0], source,
                        source_stride, source_stride, rows);
  } else if (same_size_ && source_pixel_format_ == AV_PIX_FMT_RGBA && rgba8_to_yuv_supported(output_.pixel_format)) {
    rgba8_to_yuv(source, source_stride, out, output_.colour.matrix, output_.colour.range, first_row, rows);
  } else if (same_size_ && source_pixel_format_ == AV_PIX_FMT_RGBA64LE &&
             rgba16_to_yuv10_supported(output_.pixel_format)) {
    rgba16_to_yuv10(reinterpret_cast<const uint16_t*>(source), input_.width * 4, out, output_.colour.matrix,
                    output_.colour.range, first_row, rows);
  } else {
    // swscale takes a frame as slices from the top down.
    const uint8_t* planes[4] = {source, nullptr, nullptr, nullptr};
    const int strides[4] = {source_stride, 0, 0, 0};
    sws_scale(sws_, planes, strides, first_row, rows, out.data, out.linesize);
  }
}

}  // namespace frameout
