#include "sources/testpattern_source.hpp"

#include <algorithm>
#include <array>
#include <string>

#include "system/interrupt.hpp"

namespace frameout {

namespace {

struct Rgb {
  uint8_t r, g, b;
};

// 75% SMPTE-style bars: white, yellow, cyan, green, magenta, red, blue.
constexpr std::array<Rgb, 7> kBars = {{{191, 191, 191},
                                       {191, 191, 0},
                                       {0, 191, 191},
                                       {0, 191, 0},
                                       {191, 0, 191},
                                       {191, 0, 0},
                                       {0, 0, 191}}};

// Seven-segment digits: bit 0 top, 1 top-right, 2 bottom-right, 3 bottom, 4 bottom-left, 5 top-left, 6 middle.
constexpr std::array<uint8_t, 10> kSegments = {0x3f, 0x06, 0x5b, 0x4f, 0x66, 0x6d, 0x7d, 0x07, 0x7f, 0x6f};

void fill_rect(VideoFrame& f, int x0, int y0, int w, int h, Rgb c, uint8_t a = 255) {
  const int x1 = std::min(f.width, x0 + w), y1 = std::min(f.height, y0 + h);
  x0 = std::max(0, x0);
  y0 = std::max(0, y0);
  for (int y = y0; y < y1; ++y) {
    uint8_t* p = f.data.data() + (static_cast<size_t>(y) * f.width + x0) * 4;
    for (int x = x0; x < x1; ++x, p += 4) {
      p[0] = c.r;
      p[1] = c.g;
      p[2] = c.b;
      p[3] = a;
    }
  }
}

}  // namespace

TestPatternSource::TestPatternSource(int width, int height, Rational rate) {
  info_ = {width, height, *find_pixel_format("rgba8fixed"), rate, std::nullopt, "testpattern"};
}

// Drawn on the first read, not when the source opens: the output is planned after the inputs open, and a frame
// too large for it (1 GiB at 16384x16384) is refused there before any memory is set aside for it.
void TestPatternSource::draw_background() {
  const int width = info_.width, height = info_.height;
  VideoFrame bg{std::vector<uint8_t>(static_cast<size_t>(width) * height * 4), width, height, info_.format, 0};
  const int bars_bottom = height * 2 / 3;
  for (size_t i = 0; i < kBars.size(); ++i) {
    const int x0 = static_cast<int>(i * width / kBars.size());
    const int x1 = static_cast<int>((i + 1) * width / kBars.size());
    fill_rect(bg, x0, 0, x1 - x0, bars_bottom, kBars[i]);
  }
  // A horizontal grey ramp below the bars; its lower half fades alpha from opaque (left) to clear (right).
  const int ramp_alpha_top = bars_bottom + (height - bars_bottom) / 2;
  for (int y = bars_bottom; y < height; ++y) {
    uint8_t* p = bg.data.data() + static_cast<size_t>(y) * width * 4;
    for (int x = 0; x < width; ++x, p += 4) {
      const auto v = static_cast<uint8_t>(x * 255 / std::max(1, width - 1));
      p[0] = p[1] = p[2] = v;
      p[3] = y >= ramp_alpha_top ? static_cast<uint8_t>(255 - v) : 255;
    }
  }
  background_ = std::move(bg.data);
}

StreamInfo TestPatternSource::info() const { return info_; }

ReadResult TestPatternSource::read(VideoFrame& frame) {
  if (interrupt_requested()) return ReadResult::End;
  frame.width = info_.width;
  frame.height = info_.height;
  frame.format = info_.format;
  frame.index = next_index_++;
  if (background_.empty()) draw_background();
  frame.data = background_;
  draw_moving_box(frame);
  draw_counter(frame);
  return ReadResult::Frame;
}

void TestPatternSource::draw_moving_box(VideoFrame& frame) const {
  // One sweep across the frame every two seconds, so motion is visible at any rate.
  const int size = std::max(4, info_.height / 8);
  const int64_t period = std::max<int64_t>(1, 2 * info_.rate.num / info_.rate.den);
  const int travel = std::max(1, info_.width - size);
  const int x = static_cast<int>((frame.index % period) * travel / period);
  fill_rect(frame, x, info_.height * 2 / 3 - size - size / 4, size, size, {255, 255, 255});
}

void TestPatternSource::draw_counter(VideoFrame& frame) const {
  const std::string digits = std::to_string(frame.index);
  const int seg = std::max(2, info_.height / 54);  // segment thickness
  const int dw = seg * 4, dh = seg * 7, gap = seg * 2;
  const int box_w = static_cast<int>(digits.size()) * (dw + gap) + gap, box_h = dh + 2 * gap;
  fill_rect(frame, gap, gap, box_w, box_h, {0, 0, 0});
  const Rgb on{255, 255, 255};
  for (size_t i = 0; i < digits.size(); ++i) {
    const uint8_t s = kSegments[digits[i] - '0'];
    const int x = 2 * gap + static_cast<int>(i) * (dw + gap), y = 2 * gap, mid = y + (dh - seg) / 2;
    if (s & 0x01) fill_rect(frame, x, y, dw, seg, on);
    if (s & 0x02) fill_rect(frame, x + dw - seg, y, seg, dh / 2, on);
    if (s & 0x04) fill_rect(frame, x + dw - seg, y + dh / 2, seg, dh - dh / 2, on);
    if (s & 0x08) fill_rect(frame, x, y + dh - seg, dw, seg, on);
    if (s & 0x10) fill_rect(frame, x, y + dh / 2, seg, dh - dh / 2, on);
    if (s & 0x20) fill_rect(frame, x, y, seg, dh / 2, on);
    if (s & 0x40) fill_rect(frame, x, mid, dw, seg, on);
  }
}

}  // namespace frameout
