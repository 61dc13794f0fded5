#include "sinks/movie/qtrle_encoder.hpp"

#include <algorithm>
#include <cstring>
#include <thread>

namespace frameout {

namespace {

// Longest runs one code can describe: a skip byte holds skip + 1 (<= 255), a literal code 1..127
// pixels, a repeat code -1..-128.
constexpr int kMaxSkip = 254;
constexpr int kMaxLiteral = 127;
constexpr int kMaxRepeat = 128;

bool same_pixel(const uint8_t* a, const uint8_t* b, int pixel) {
  if (pixel == 4) {
    uint32_t x, y;
    std::memcpy(&x, a, 4);
    std::memcpy(&y, b, 4);
    return x == y;
  }
  return a[0] == b[0] && a[1] == b[1] && a[2] == b[2];
}

void put_be16(std::vector<uint8_t>& out, int v) {
  out.push_back(static_cast<uint8_t>(v >> 8));
  out.push_back(static_cast<uint8_t>(v));
}

// Emits a skip of `count` pixels after the first code of a line: code 0 plus skip + 1, as often as needed.
void put_skip(std::vector<uint8_t>& out, int count) {
  for (; count > 0; count -= kMaxSkip) {
    out.push_back(0);
    out.push_back(static_cast<uint8_t>(std::min(count, kMaxSkip) + 1));
  }
}

// Whether a line differs from the one before it (always, without a previous frame).
bool line_changed(const uint8_t* line, const uint8_t* previous, size_t bytes) {
  return previous == nullptr || std::memcmp(line, previous, bytes) != 0;
}

}  // namespace

void qtrle_encode_line(const uint8_t* line, const uint8_t* previous, int width, int pixel, std::vector<uint8_t>& out) {
  auto unchanged = [&](int x) { return previous != nullptr && same_pixel(line + x * pixel, previous + x * pixel, pixel); };
  // The first byte is the leading skip + 1 (it cannot hold a longer skip; the rest follows as skip codes).
  int x = 0;
  while (x < width && unchanged(x)) ++x;
  if (x == width) {  // nothing changed: skip 0 and end the line, the decoder keeps the previous pixels
    out.push_back(1);
    out.push_back(0xFF);
    return;
  }
  const int lead = std::min(x, kMaxSkip);
  out.push_back(static_cast<uint8_t>(lead + 1));
  put_skip(out, x - lead);
  while (x < width) {
    int run = 0;
    while (x + run < width && unchanged(x + run)) ++run;
    if (run > 0) {
      if (x + run == width) break;  // trailing unchanged pixels need no code at all
      put_skip(out, run);
      x += run;
      continue;
    }
    // Equal neighbours: one repeat code (1 + pixel bytes) beats two or more literals.
    int repeat = 1;
    while (x + repeat < width && repeat < kMaxRepeat && !unchanged(x + repeat) &&
           same_pixel(line + (x + repeat) * pixel, line + x * pixel, pixel))
      ++repeat;
    if (repeat >= 2) {
      out.push_back(static_cast<uint8_t>(-repeat));
      out.insert(out.end(), line + x * pixel, line + (x + 1) * pixel);
      x += repeat;
      continue;
    }
    // Literals up to the next skip or repeat.
    int count = 1;
    while (x + count < width && count < kMaxLiteral && !unchanged(x + count) &&
           !(x + count + 1 < width && same_pixel(line + (x + count) * pixel, line + (x + count + 1) * pixel, pixel)))
      ++count;
    out.push_back(static_cast<uint8_t>(count));
    out.insert(out.end(), line + x * pixel, line + (x + count) * pixel);
    x += count;
  }
  out.push_back(0xFF);  // -1: end of line
}

QtrleEncoder::QtrleEncoder(int width, int height, int bytes_per_pixel, int keyframe_interval)
    : width_(width), height_(height), pixel_(bytes_per_pixel), keyframe_interval_(std::max(1, keyframe_interval)) {}

AvPacketPtr QtrleEncoder::encode(const AVFrame& frame) {
  const bool key = frames_++ % keyframe_interval_ == 0 || !previous_;
  const uint8_t* prev_base = key ? nullptr : previous_->data[0];
  const int prev_stride = key ? 0 : previous_->linesize[0];
  auto row = [&](int y) { return frame.data[0] + static_cast<ptrdiff_t>(y) * frame.linesize[0]; };
  auto prev_row = [&](int y) { return prev_base == nullptr ? nullptr : prev_base + static_cast<ptrdiff_t>(y) * prev_stride; };
  const size_t line_bytes = static_cast<size_t>(width_) * pixel_;

  // Only the lines from the first to the last changed one are coded.
  int first = 0, last = height_;
  while (first < height_ && !line_changed(row(first), prev_row(first), line_bytes)) ++first;
  while (last > first && !line_changed(row(last - 1), prev_row(last - 1), line_bytes)) --last;

  // Bands of lines coded on every core, joined in order.
  const int bands = std::clamp(static_cast<int>(std::thread::hardware_concurrency()), 1, std::max(1, (last - first) / 16));
  std::vector<std::vector<uint8_t>> coded(static_cast<size_t>(bands));
  auto code_band = [&](int band) {
    auto& out = coded[static_cast<size_t>(band)];
    const int begin = first + (last - first) * band / bands, end = first + (last - first) * (band + 1) / bands;
    out.reserve(static_cast<size_t>(end - begin) * (line_bytes + line_bytes / 64 + 4));
    for (int y = begin; y < end; ++y) qtrle_encode_line(row(y), prev_row(y), width_, pixel_, out);
  };
  {
    std::vector<std::jthread> helpers;
    for (int band = 1; band < bands; ++band) helpers.emplace_back(code_band, band);
    code_band(0);
  }

  std::vector<uint8_t> header;
  header.resize(4);  // chunk size, filled in below
  if ((first == 0 && last == height_) || first == height_) {
    put_be16(header, 0);  // every line follows (or, with nothing changed, no line: a frame the decoder keeps)
  } else {
    put_be16(header, 0x0008);
    put_be16(header, first);
    put_be16(header, 0);
    put_be16(header, last - first);
    put_be16(header, 0);
  }
  size_t size = header.size() + 1;  // + the closing zero
  for (const auto& part : coded) size += part.size();
  for (int i = 0; i < 4; ++i) header[static_cast<size_t>(i)] = static_cast<uint8_t>(size >> (8 * (3 - i)));

  AvPacketPtr packet = allocate_packet(size);
  uint8_t* p = std::copy(header.begin(), header.end(), packet->data);
  for (const auto& part : coded) p = std::copy(part.begin(), part.end(), p);
  *p = 0;
  packet->pts = packet->dts = frame.pts;
  packet->duration = 1;
  if (key) packet->flags |= AV_PKT_FLAG_KEY;
  previous_.reset(av_frame_clone(&frame));
  return packet;
}

}  // namespace frameout
