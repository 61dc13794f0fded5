#include "convert/rgb_to_yuv.hpp"

#include <algorithm>
#include <cmath>

namespace frameout {

namespace {

//! Fixed-point weights with 16 fractional bits for one output depth; offsets already hold the rounding half.
struct Weights {
  int32_t yr, yg, yb, y_offset;
  int32_t ur, ug, ub, vr, vg, vb;
  int32_t chroma_center;  // 128 for 8 bits, 512 for 10
  int32_t max;            // 255 or 1023
};

//! Y'CbCr weights of a matrix: Y = kr R + kg G + kb B, Cb and Cr scaled to ±0.5.
struct Matrix {
  double yr, yg, yb, ur, ug, ub, vr, vg, vb;
};

Matrix matrix_for(AVColorSpace matrix) {
  double kr = 0.2126, kb = 0.0722;  // BT.709
  if (matrix == AVCOL_SPC_BT470BG || matrix == AVCOL_SPC_SMPTE170M) kr = 0.299, kb = 0.114;
  if (matrix == AVCOL_SPC_BT2020_NCL || matrix == AVCOL_SPC_BT2020_CL) kr = 0.2627, kb = 0.0593;
  const double kg = 1.0 - kr - kb, cb = 2.0 * (1.0 - kb), cr = 2.0 * (1.0 - kr);
  return {kr, kg, kb, -kr / cb, -kg / cb, (1.0 - kb) / cb, (1.0 - kr) / cr, -kg / cr, -kb / cr};
}

// Weights taking 8-bit RGB to `depth`-bit Y'CbCr.
Weights weights_for(AVColorSpace matrix, AVColorRange range, int depth) {
  const Matrix m = matrix_for(matrix);
  const bool full = range == AVCOL_RANGE_JPEG;
  const double unit = static_cast<double>(1 << (depth - 8));
  const double max = static_cast<double>((1 << depth) - 1);
  const double y_scale = (full ? max : 219.0 * unit) / 255.0 * 65536.0;
  const double c_scale = (full ? max : 224.0 * unit) / 255.0 * 65536.0;
  auto fixed = [](double v) { return static_cast<int32_t>(std::lround(v)); };
  return {fixed(m.yr * y_scale), fixed(m.yg * y_scale), fixed(m.yb * y_scale),
          ((full ? 0 : 16 << (depth - 8)) << 16) + (1 << 15), fixed(m.ur * c_scale), fixed(m.ug * c_scale),
          fixed(m.ub * c_scale), fixed(m.vr * c_scale), fixed(m.vg * c_scale), fixed(m.vb * c_scale),
          1 << (depth - 1), (1 << depth) - 1};
}

inline uint16_t clamp10(float v) { return static_cast<uint16_t>(std::clamp(v, 0.0f, 1023.0f)); }

template <typename Out>
inline __attribute__((always_inline)) Out clamp_out(int32_t v, int32_t max) {
  return static_cast<Out>(std::clamp(v, 0, max));
}

template <typename Out>
inline __attribute__((always_inline)) void luma(const uint8_t* __restrict src, Out* __restrict y, int width,
                                                const Weights& w) {
  for (int x = 0; x < width; ++x)
    y[x] = clamp_out<Out>((w.yr * src[4 * x] + w.yg * src[4 * x + 1] + w.yb * src[4 * x + 2] + w.y_offset) >> 16,
                          w.max);
}

// Each chroma sample is the mean of four pixels: the block's pixels, repeated where there is no vertical
// subsampling (`bottom` == `top`). Horizontal subsampling takes two neighbours (8 bytes apart).
template <typename Out>
inline __attribute__((always_inline)) void chroma_pairs(const uint8_t* __restrict top, const uint8_t* __restrict bottom,
                                                        Out* __restrict u, Out* __restrict v, int chroma_width,
                                                        const Weights& w) {
  const int32_t offset = (w.chroma_center << 18) + (1 << 17);
  for (int x = 0; x < chroma_width; ++x) {
    const uint8_t* a = top + 8 * x;
    const uint8_t* b = bottom + 8 * x;
    const int32_t r = a[0] + a[4] + b[0] + b[4], g = a[1] + a[5] + b[1] + b[5], bl = a[2] + a[6] + b[2] + b[6];
    u[x] = clamp_out<Out>((w.ur * r + w.ug * g + w.ub * bl + offset) >> 18, w.max);
    v[x] = clamp_out<Out>((w.vr * r + w.vg * g + w.vb * bl + offset) >> 18, w.max);
  }
}

template <typename Out>
inline __attribute__((always_inline)) void chroma_single(const uint8_t* __restrict top, Out* __restrict u,
                                                         Out* __restrict v, int width, const Weights& w) {
  const int32_t offset = (w.chroma_center << 16) + (1 << 15);
  for (int x = 0; x < width; ++x) {
    const uint8_t* a = top + 4 * x;
    u[x] = clamp_out<Out>((w.ur * a[0] + w.ug * a[1] + w.ub * a[2] + offset) >> 16, w.max);
    v[x] = clamp_out<Out>((w.vr * a[0] + w.vg * a[1] + w.vb * a[2] + offset) >> 16, w.max);
  }
}

// The row loops are compiled twice, for AVX2 and for plain x86-64, and the loader picks one at start-up.
// The three loops are separate so each vectorises with constant strides.
template <typename Out>
struct RowFunctions;

template <>
struct RowFunctions<uint8_t> {
  __attribute__((target_clones("avx2", "default"))) static void luma_row(const uint8_t* src, uint8_t* y, int width,
                                                                         const Weights& w) {
    luma(src, y, width, w);
  }
  __attribute__((target_clones("avx2", "default"))) static void pairs_row(const uint8_t* top, const uint8_t* bottom,
                                                                          uint8_t* u, uint8_t* v, int width,
                                                                          const Weights& w) {
    chroma_pairs(top, bottom, u, v, width, w);
  }
  __attribute__((target_clones("avx2", "default"))) static void single_row(const uint8_t* top, uint8_t* u, uint8_t* v,
                                                                           int width, const Weights& w) {
    chroma_single(top, u, v, width, w);
  }
};

template <>
struct RowFunctions<uint16_t> {
  __attribute__((target_clones("avx2", "default"))) static void luma_row(const uint8_t* src, uint16_t* y, int width,
                                                                         const Weights& w) {
    luma(src, y, width, w);
  }
  __attribute__((target_clones("avx2", "default"))) static void pairs_row(const uint8_t* top, const uint8_t* bottom,
                                                                          uint16_t* u, uint16_t* v, int width,
                                                                          const Weights& w) {
    chroma_pairs(top, bottom, u, v, width, w);
  }
  __attribute__((target_clones("avx2", "default"))) static void single_row(const uint8_t* top, uint16_t* u,
                                                                           uint16_t* v, int width, const Weights& w) {
    chroma_single(top, u, v, width, w);
  }
};

template <typename Out>
void convert_rows(const uint8_t* source, int source_stride, AVFrame& out, const Weights& w, bool horizontal,
                  bool vertical, int first_row, int rows) {
  using Rows = RowFunctions<Out>;
  auto plane = [&](int index, int y) {
    return reinterpret_cast<Out*>(out.data[index] + static_cast<size_t>(y) * out.linesize[index]);
  };
  const int chroma_width = horizontal ? out.width / 2 : out.width;
  for (int y = first_row; y < first_row + rows; ++y) {
    const uint8_t* row = source + static_cast<size_t>(y - first_row) * source_stride;
    Rows::luma_row(row, plane(0, y), out.width, w);
    if (vertical && y % 2 == 1) continue;
    const int chroma_y = vertical ? y / 2 : y;
    if (horizontal) Rows::pairs_row(row, vertical ? row + source_stride : row, plane(1, chroma_y), plane(2, chroma_y),
                                    chroma_width, w);
    else Rows::single_row(row, plane(1, chroma_y), plane(2, chroma_y), chroma_width, w);
  }
}

// 16-bit rows to 10-bit planes in float (exact enough: 24-bit mantissa); `pairs` averages chroma of pixel pairs.
__attribute__((target_clones("avx2", "default"))) void row_16_to_10(const uint16_t* __restrict src,
                                                                      uint16_t* __restrict y, uint16_t* __restrict u,
                                                                      uint16_t* __restrict v, uint16_t* __restrict a,
                                                                      int width, bool pairs, const float* k) {
  // k: luma weights ×3, luma offset, Cb weights ×3, Cr weights ×3, chroma offset, alpha scale.
  for (int x = 0; x < width; ++x) {
    const float r = src[4 * x], g = src[4 * x + 1], b = src[4 * x + 2];
    y[x] = clamp10(k[0] * r + k[1] * g + k[2] * b + k[3]);
    if (a != nullptr) a[x] = clamp10(k[11] * src[4 * x + 3] + 0.5f);
  }
  const int step = pairs ? 2 : 1;
  for (int x = 0; x < width / step; ++x) {
    const uint16_t* p = src + 4 * step * x;
    const uint16_t* q = p + 4 * (step - 1);
    const float r = 0.5f * (p[0] + q[0]), g = 0.5f * (p[1] + q[1]), b = 0.5f * (p[2] + q[2]);
    u[x] = clamp10(k[4] * r + k[5] * g + k[6] * b + k[10]);
    v[x] = clamp10(k[7] * r + k[8] * g + k[9] * b + k[10]);
  }
}

}  // namespace

bool rgba16_to_yuv10_supported(AVPixelFormat format) {
  return format == AV_PIX_FMT_YUV422P10LE || format == AV_PIX_FMT_YUV444P10LE || format == AV_PIX_FMT_YUVA444P10LE;
}

void rgba16_to_yuv10(const uint16_t* source, int source_stride_pixels, AVFrame& out, AVColorSpace matrix,
                     AVColorRange range, int first_row, int rows) {
  const Matrix m = matrix_for(matrix);
  const bool full = range == AVCOL_RANGE_JPEG;
  const float y_scale = static_cast<float>((full ? 1023.0 : 876.0) / 65535.0);
  const float c_scale = static_cast<float>((full ? 1023.0 : 896.0) / 65535.0);
  const float k[12] = {static_cast<float>(m.yr) * y_scale, static_cast<float>(m.yg) * y_scale,
                       static_cast<float>(m.yb) * y_scale, (full ? 0.0f : 64.0f) + 0.5f,
                       static_cast<float>(m.ur) * c_scale, static_cast<float>(m.ug) * c_scale,
                       static_cast<float>(m.ub) * c_scale, static_cast<float>(m.vr) * c_scale,
                       static_cast<float>(m.vg) * c_scale, static_cast<float>(m.vb) * c_scale, 512.5f,
                       1023.0f / 65535.0f};
  const bool pairs = out.format == AV_PIX_FMT_YUV422P10LE;
  const bool alpha = out.format == AV_PIX_FMT_YUVA444P10LE;
  auto plane_row = [&](int plane, int y) {
    return reinterpret_cast<uint16_t*>(out.data[plane] + static_cast<size_t>(y) * out.linesize[plane]);
  };
  for (int y = first_row; y < first_row + rows; ++y)
    row_16_to_10(source + static_cast<size_t>(y - first_row) * source_stride_pixels, plane_row(0, y), plane_row(1, y),
                 plane_row(2, y), alpha ? plane_row(3, y) : nullptr, out.width, pairs, k);
}

bool rgba8_to_yuv_supported(AVPixelFormat format) {
  switch (format) {
    case AV_PIX_FMT_YUV420P:
    case AV_PIX_FMT_YUVJ420P:
    case AV_PIX_FMT_YUV422P:
    case AV_PIX_FMT_YUVJ422P:
    case AV_PIX_FMT_YUV444P:
    case AV_PIX_FMT_YUVJ444P:
    case AV_PIX_FMT_YUV422P10LE:
    case AV_PIX_FMT_YUV444P10LE:
    case AV_PIX_FMT_YUVA444P10LE: return true;
    default: return false;
  }
}

void rgba8_to_yuv(const uint8_t* source, int source_stride, AVFrame& out, AVColorSpace matrix, AVColorRange range,
                  int first_row, int rows) {
  const auto format = static_cast<AVPixelFormat>(out.format);
  const bool vertical = format == AV_PIX_FMT_YUV420P || format == AV_PIX_FMT_YUVJ420P;
  const bool horizontal = vertical || format == AV_PIX_FMT_YUV422P || format == AV_PIX_FMT_YUVJ422P ||
                          format == AV_PIX_FMT_YUV422P10LE;
  const bool ten_bit = format == AV_PIX_FMT_YUV422P10LE || format == AV_PIX_FMT_YUV444P10LE ||
                       format == AV_PIX_FMT_YUVA444P10LE;
  const Weights w = weights_for(matrix, range, ten_bit ? 10 : 8);
  if (!ten_bit) {
    convert_rows<uint8_t>(source, source_stride, out, w, horizontal, vertical, first_row, rows);
    return;
  }
  convert_rows<uint16_t>(source, source_stride, out, w, horizontal, vertical, first_row, rows);
  if (format == AV_PIX_FMT_YUVA444P10LE)
    for (int y = first_row; y < first_row + rows; ++y) {
      const uint8_t* row = source + static_cast<size_t>(y - first_row) * source_stride;
      auto* alpha = reinterpret_cast<uint16_t*>(out.data[3] + static_cast<size_t>(y) * out.linesize[3]);
      for (int x = 0; x < out.width; ++x) alpha[x] = static_cast<uint16_t>((row[4 * x + 3] * 1023 + 127) / 255);
    }
}

}  // namespace frameout
