#include "convert/rgb_to_yuv.hpp"

#include <algorithm>
#include <cmath>

namespace frameout {

namespace {

//! Fixed-point weights with 16 fractional bits; offsets already hold the rounding half.
struct Weights {
  int32_t yr, yg, yb, y_offset;
  int32_t ur, ug, ub, vr, vg, vb;
};

Weights weights_for(AVColorSpace matrix, AVColorRange range) {
  double kr = 0.2126, kb = 0.0722;  // BT.709
  if (matrix == AVCOL_SPC_BT470BG || matrix == AVCOL_SPC_SMPTE170M) kr = 0.299, kb = 0.114;
  if (matrix == AVCOL_SPC_BT2020_NCL || matrix == AVCOL_SPC_BT2020_CL) kr = 0.2627, kb = 0.0593;
  const double kg = 1.0 - kr - kb;
  const bool full = range == AVCOL_RANGE_JPEG;
  const double y_scale = (full ? 255.0 : 219.0) / 255.0 * 65536.0;
  const double c_scale = (full ? 255.0 : 224.0) / 255.0 * 65536.0;
  const double cb = 2.0 * (1.0 - kb), cr = 2.0 * (1.0 - kr);
  auto fixed = [](double v) { return static_cast<int32_t>(std::lround(v)); };
  return {fixed(kr * y_scale), fixed(kg * y_scale), fixed(kb * y_scale), ((full ? 0 : 16) << 16) + (1 << 15),
          fixed(-kr / cb * c_scale), fixed(-kg / cb * c_scale), fixed((1.0 - kb) / cb * c_scale),
          fixed((1.0 - kr) / cr * c_scale), fixed(-kg / cr * c_scale), fixed(-kb / cr * c_scale)};
}

inline uint8_t clamp8(int32_t v) { return static_cast<uint8_t>(std::clamp(v, 0, 255)); }

// The row loops are compiled twice, for AVX2 and for plain x86-64, and the loader picks one at start-up.
__attribute__((target_clones("avx2", "default"))) void luma_row(const uint8_t* __restrict src,
                                                                  uint8_t* __restrict y, int width, Weights w) {
  for (int x = 0; x < width; ++x)
    y[x] = clamp8((w.yr * src[4 * x] + w.yg * src[4 * x + 1] + w.yb * src[4 * x + 2] + w.y_offset) >> 16);
}

// Each chroma sample is the mean of four pixels: the block's pixels, repeated where there is no subsampling
// (`bottom` == `top` without vertical subsampling, `step` 4 without horizontal), so one loop serves all three.
__attribute__((target_clones("avx2", "default"))) void chroma_row(const uint8_t* __restrict top,
                                                                    const uint8_t* __restrict bottom,
                                                                    uint8_t* __restrict u, uint8_t* __restrict v,
                                                                    int chroma_width, int step, Weights w) {
  constexpr int32_t kOffset = (128 << 18) + (1 << 17);
  const int second = step == 8 ? 4 : 0;
  for (int x = 0; x < chroma_width; ++x) {
    const uint8_t* a = top + step * x;
    const uint8_t* b = bottom + step * x;
    const int32_t r = a[0] + a[second] + b[0] + b[second];
    const int32_t g = a[1] + a[second + 1] + b[1] + b[second + 1];
    const int32_t bl = a[2] + a[second + 2] + b[2] + b[second + 2];
    u[x] = clamp8((w.ur * r + w.ug * g + w.ub * bl + kOffset) >> 18);
    v[x] = clamp8((w.vr * r + w.vg * g + w.vb * bl + kOffset) >> 18);
  }
}

}  // namespace

bool rgba8_to_yuv_supported(AVPixelFormat format) {
  switch (format) {
    case AV_PIX_FMT_YUV420P:
    case AV_PIX_FMT_YUVJ420P:
    case AV_PIX_FMT_YUV422P:
    case AV_PIX_FMT_YUVJ422P:
    case AV_PIX_FMT_YUV444P:
    case AV_PIX_FMT_YUVJ444P: return true;
    default: return false;
  }
}

void rgba8_to_yuv(const uint8_t* source, int source_stride, AVFrame& out, AVColorSpace matrix, AVColorRange range) {
  const auto format = static_cast<AVPixelFormat>(out.format);
  const bool vertical = format == AV_PIX_FMT_YUV420P || format == AV_PIX_FMT_YUVJ420P;
  const bool horizontal = vertical || format == AV_PIX_FMT_YUV422P || format == AV_PIX_FMT_YUVJ422P;
  const Weights w = weights_for(matrix, range);
  const int chroma_width = horizontal ? out.width / 2 : out.width;
  for (int y = 0; y < out.height; ++y) {
    const uint8_t* row = source + static_cast<size_t>(y) * source_stride;
    luma_row(row, out.data[0] + static_cast<size_t>(y) * out.linesize[0], out.width, w);
    if (vertical && y % 2 == 1) continue;
    const uint8_t* below = vertical ? row + source_stride : row;
    const int chroma_y = vertical ? y / 2 : y;
    chroma_row(row, below, out.data[1] + static_cast<size_t>(chroma_y) * out.linesize[1],
               out.data[2] + static_cast<size_t>(chroma_y) * out.linesize[2], chroma_width, horizontal ? 8 : 4, w);
  }
}

}  // namespace frameout
