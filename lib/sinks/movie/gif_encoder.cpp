#include "sinks/movie/gif_encoder.hpp"

#include <algorithm>
#include <cstring>
#include <thread>

extern "C" {
#include <libavutil/mathematics.h>
}

#include "sinks/movie/gif_dither.hpp"
#include "sinks/movie/gif_lzw.hpp"

namespace frameout {

namespace {

constexpr int kMaxColours = 255;  // 256 table entries less the transparent one
// A palette is kept while its error on the new frame is at most this factor of its error on its own frame
// plus the slack (squared RGB distance per pixel): palettes change at cuts and slow drifts, not on noise.
constexpr double kSceneTolerance = 1.25;
constexpr double kSceneSlack = 2.0;
// Below this height one band: the seam between bands is not worth a thread.
constexpr int kMinBandedHeight = 64;

void put16(std::vector<uint8_t>& out, int v) {
  out.push_back(static_cast<uint8_t>(v));
  out.push_back(static_cast<uint8_t>(v >> 8));
}

void put_table(std::vector<uint8_t>& out, const GifPalette& palette) {
  for (int i = 0; i < 1 << palette.table_bits(); ++i) {
    const uint32_t c = palette.colours[static_cast<size_t>(i)];
    out.insert(out.end(), {static_cast<uint8_t>(c >> 16), static_cast<uint8_t>(c >> 8), static_cast<uint8_t>(c)});
  }
}

// Mean squared distance of the frame's colour counts to their nearest palette entries.
double palette_error(const std::vector<ColourCount>& counts, NearestColour& nearest) {
  double error = 0, pixels = 0;
  for (const ColourCount& c : counts) {
    const int i = nearest.find(static_cast<int>(c.r + 0.5f), static_cast<int>(c.g + 0.5f), static_cast<int>(c.b + 0.5f));
    const double dr = c.r - nearest.red(i), dg = c.g - nearest.green(i), db = c.b - nearest.blue(i);
    error += c.count * (dr * dr + dg * dg + db * db);
    pixels += c.count;
  }
  return pixels > 0 ? error / pixels : 0;
}

}  // namespace

int64_t gif_centiseconds(int64_t pts, AVRational time_base) {
  return av_rescale_rnd(pts, static_cast<int64_t>(time_base.num) * 100, time_base.den, AV_ROUND_DOWN);
}

GifEncoder::GifEncoder(int width, int height, AVRational time_base)
    : width_(width), height_(height), time_base_(time_base) {
  const auto pixels = static_cast<size_t>(width) * static_cast<size_t>(height);
  indices_.resize(pixels);
  previous_indices_.resize(pixels);
  previous_pixels_.resize(pixels);
  shown_.assign(pixels, 0);
}

void GifEncoder::choose_palette(const AVFrame& frame) {
  histogram_.clear();
  histogram_.add(frame.data[0], width_, height_, frame.linesize[0]);
  const std::vector<ColourCount> counts = histogram_.counts();
  if (has_palette_) {
    // A few exact colours are reproduced exactly or not at all; anything else may be near enough.
    const std::vector<uint32_t> few = histogram_.few_colours();
    NearestColour& nearest = nearest_[0];
    const bool keep = !few.empty() ? std::all_of(few.begin(), few.end(),
                                                 [&](uint32_t c) {
                                                   const int r = c >> 16 & 0xFF, g = c >> 8 & 0xFF, b = c & 0xFF;
                                                   return nearest.distance(nearest.find(r, g, b), r, g, b) == 0;
                                                 })
                                   : palette_error(counts, nearest) <= palette_error_ * kSceneTolerance + kSceneSlack;
    if (keep) return;
  }
  palette_ = fit_palette(histogram_, kMaxColours);
  has_palette_ = true;
  ++palette_serial_;
  for (NearestColour& n : nearest_) n.reset(palette_);
  palette_error_ = palette_error(counts, nearest_[0]);
}

void GifEncoder::dither(const AVFrame& frame) {
  const bool keep = previous_serial_ == palette_serial_;
  const int bands = height_ >= kMinBandedHeight ? 2 : 1;
  auto band = [&](int b) {
    const DitherBand rows{frame.data[0],
                          frame.linesize[0],
                          keep ? previous_pixels_.data() : nullptr,
                          keep ? previous_indices_.data() : nullptr,
                          indices_.data(),
                          width_,
                          height_ * b / bands,
                          height_ * (b + 1) / bands};
    dither_band(rows, nearest_[static_cast<size_t>(b)]);
  };
  if (bands == 1) {
    band(0);
    return;
  }
  std::jthread second(band, 1);
  band(0);
}

AvPacketPtr GifEncoder::encode(const AVFrame& frame) {
  if (last_pts_ != AV_NOPTS_VALUE && frame.pts > last_pts_) last_duration_ = frame.pts - last_pts_;
  if (frame.pkt_duration > 0) last_duration_ = frame.pkt_duration;
  last_pts_ = frame.pts;
  const int64_t start = gif_centiseconds(frame.pts, time_base_);
  if (pending_ && start <= pending_->start) return nullptr;

  choose_palette(frame);
  dither(frame);
  const size_t pixels = indices_.size();

  // Pixels turning transparent over opaque ones need the previous frame cleared after it was shown; clearing
  // only its rectangle would leave older pixels around it, so it then covers the whole canvas.
  bool restore = false;
  if (pending_)
    for (size_t p = 0; p < pixels && !restore; ++p) restore = indices_[p] == kGifTransparentIndex && shown_[p] != 0;
  if (restore) {
    pending_->restore = true;
    pending_->left = pending_->top = 0;
    pending_->right = width_;
    pending_->bottom = height_;
    std::fill(shown_.begin(), shown_.end(), 0);
  }

  Pending next{indices_, std::vector<uint8_t>(pixels, 1), palette_, width_, height_, 0, 0, false, start};
  for (int y = 0; y < height_; ++y) {
    for (int x = 0; x < width_; ++x) {
      const size_t p = static_cast<size_t>(y) * static_cast<size_t>(width_) + static_cast<size_t>(x);
      const uint8_t index = indices_[p];
      const uint32_t colour = index == kGifTransparentIndex ? 0 : 0xFF000000u | palette_.colours[index];
      if (colour == shown_[p]) continue;
      shown_[p] = colour;
      next.shown[p] = 0;
      next.left = std::min(next.left, x), next.right = std::max(next.right, x + 1);
      next.top = std::min(next.top, y), next.bottom = std::max(next.bottom, y + 1);
    }
  }

  // The viewer's canvas now equals this frame's indices: they are what the next frame keeps from.
  std::swap(indices_, previous_indices_);
  previous_serial_ = palette_serial_;
  for (int y = 0; y < height_; ++y)
    std::memcpy(previous_pixels_.data() + static_cast<size_t>(y) * static_cast<size_t>(width_),
                frame.data[0] + static_cast<std::ptrdiff_t>(y) * frame.linesize[0], static_cast<size_t>(width_) * 4);

  const bool unchanged = next.left >= next.right;
  if (pending_ && unchanged && !restore) return nullptr;  // the frame before simply stays longer
  if (unchanged) next.left = next.top = 0, next.right = next.bottom = 1;
  AvPacketPtr packet = pending_ ? write(*pending_, start) : nullptr;
  pending_ = std::move(next);
  return packet;
}

AvPacketPtr GifEncoder::flush() {
  if (!pending_) return nullptr;
  const int64_t end = std::max(gif_centiseconds(last_pts_ + last_duration_, time_base_), pending_->start + 1);
  AvPacketPtr packet = write(*pending_, end);
  pending_.reset();
  return packet;
}

AvPacketPtr GifEncoder::write(const Pending& frame, int64_t end) {
  std::vector<uint8_t> out;
  out.reserve(frame.indices.size() + 2048);
  const bool first = !global_;
  if (first) {
    global_ = frame.palette;
    out.insert(out.end(), {'G', 'I', 'F', '8', '9', 'a'});
    put16(out, width_);
    put16(out, height_);
    // Global table present, 8 bits per primary, its size; background is the transparent entry; square pixels.
    out.insert(out.end(), {static_cast<uint8_t>(0xF0 | (global_->table_bits() - 1)), kGifTransparentIndex, 0});
    put_table(out, *global_);
  }
  const int delay = static_cast<int>(std::clamp<int64_t>(end - frame.start, 0, 0xFFFF));
  // Graphic Control Extension: disposal (1 keep, 2 restore to background), transparent index always on.
  out.insert(out.end(), {0x21, 0xF9, 0x04, static_cast<uint8_t>((frame.restore ? 2 : 1) << 2 | 1)});
  put16(out, delay);
  out.insert(out.end(), {kGifTransparentIndex, 0x00});

  const bool local = frame.palette != *global_;
  out.push_back(0x2C);
  put16(out, frame.left);
  put16(out, frame.top);
  put16(out, frame.right - frame.left);
  put16(out, frame.bottom - frame.top);
  out.push_back(local ? static_cast<uint8_t>(0x80 | (frame.palette.table_bits() - 1)) : 0);
  if (local) put_table(out, frame.palette);
  const size_t corner = static_cast<size_t>(frame.top) * static_cast<size_t>(width_) + static_cast<size_t>(frame.left);
  gif_lzw_compress(frame.indices.data() + corner, frame.shown.data() + corner, kGifTransparentIndex,
                   frame.right - frame.left, frame.bottom - frame.top, width_, frame.palette.table_bits(), out);

  AvPacketPtr packet = allocate_packet(out.size());
  std::memcpy(packet->data, out.data(), out.size());
  packet->pts = packet->dts = frame.start;
  packet->duration = delay;
  if (first) packet->flags |= AV_PKT_FLAG_KEY;
  return packet;
}

}  // namespace frameout
