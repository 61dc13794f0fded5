#include "convert/rgb_to_yuv.hpp"

#include <algorithm>

namespace frameout {

namespace {

struct Layout {
  int depth;       // output bits per sample
  int shift_x;     // chroma subsampling, log2
  int shift_y;
  bool has_alpha;  // a fourth plane
};

bool layout_of(AVPixelFormat format, Layout& layout) {
  switch (format) {
    case AV_PIX_FMT_YUV420P:
    case AV_PIX_FMT_YUVJ420P: layout = {8, 1, 1, false}; return true;
    case AV_PIX_FMT_YUV422P:
    case AV_PIX_FMT_YUVJ422P: layout = {8, 1, 0, false}; return true;
    case AV_PIX_FMT_YUV444P:
    case AV_PIX_FMT_YUVJ444P: layout = {8, 0, 0, false}; return true;
    case AV_PIX_FMT_YUV422P10LE: layout = {10, 1, 0, false}; return true;
    case AV_PIX_FMT_YUV444P10LE: layout = {10, 0, 0, false}; return true;
    case AV_PIX_FMT_YUVA444P10LE: layout = {10, 0, 0, true}; return true;
    default: return false;
  }
}

//! Luma weights of the matrix.
struct Weights {
  float kr, kg, kb;
};

Weights weights_of(AVColorSpace matrix) {
  switch (matrix) {
    case AVCOL_SPC_BT470BG:
    case AVCOL_SPC_SMPTE170M: return {0.299f, 0.587f, 0.114f};
    case AVCOL_SPC_BT2020_NCL:
    case AVCOL_SPC_BT2020_CL: return {0.2627f, 0.6780f, 0.0593f};
    default: return {0.2126f, 0.7152f, 0.0722f};
  }
}

//! Per-format scale factors: value = offset + scale * normalised component.
struct Coefficients {
  float yr, yg, yb, y_offset;  // luma from RGB in source units
  float ur, ug, ub;            // Cb
  float vr, vg, vb;            // Cr
  float c_offset;
  float a_scale;
  float max_value;
};

Coefficients coefficients_for(const Layout& layout, AVColorSpace matrix, AVColorRange range, float source_max) {
  const Weights w = weights_of(matrix);
  const float unit = static_cast<float>(1 << (layout.depth - 8));
  const bool full = range == AVCOL_RANGE_JPEG;
  const float max_value = static_cast<float>((1 << layout.depth) - 1);
  const float y_range = full ? max_value : 219.0f * unit;
  const float c_range = full ? max_value : 224.0f * unit;
  const float y_scale = y_range / source_max, c_scale = c_range / source_max;
  const float cb = 2.0f * (1.0f - w.kb), cr = 2.0f * (1.0f - w.kr);
  Coefficients c{};
  c.yr = w.kr * y_scale;
  c.yg = w.kg * y_scale;
  c.yb = w.kb * y_scale;
  c.y_offset = (full ? 0.0f : 16.0f * unit) + 0.5f;  // + 0.5: round when truncating
  c.ur = -w.kr / cb * c_scale;
  c.ug = -w.kg / cb * c_scale;
  c.ub = (1.0f - w.kb) / cb * c_scale;
  c.vr = (1.0f - w.kr) / cr * c_scale;
  c.vg = -w.kg / cr * c_scale;
  c.vb = -w.kb / cr * c_scale;
  c.c_offset = static_cast<float>(1 << (layout.depth - 1)) + 0.5f;
  c.a_scale = max_value / source_max;
  c.max_value = max_value;
  return c;
}

template <typename Out>
inline Out clamp_to(float v, float max_value) {
  return static_cast<Out>(std::clamp(v, 0.0f, max_value));
}

template <typename In, typename Out>
void convert(const uint8_t* source, int source_stride, AVFrame& out, const Layout& layout, const Coefficients& c) {
  const int width = out.width, height = out.height;
  const int block_w = 1 << layout.shift_x, block_h = 1 << layout.shift_y;
  for (int y0 = 0; y0 < height; y0 += block_h) {
    // Luma (and alpha) for every row of the block.
    for (int y = y0; y < std::min(height, y0 + block_h); ++y) {
      const In* row = reinterpret_cast<const In*>(source + static_cast<size_t>(y) * source_stride);
      Out* luma = reinterpret_cast<Out*>(out.data[0] + static_cast<size_t>(y) * out.linesize[0]);
      for (int x = 0; x < width; ++x) {
        const float r = row[4 * x], g = row[4 * x + 1], b = row[4 * x + 2];
        luma[x] = clamp_to<Out>(c.yr * r + c.yg * g + c.yb * b + c.y_offset, c.max_value);
      }
      if (layout.has_alpha) {
        Out* alpha = reinterpret_cast<Out*>(out.data[3] + static_cast<size_t>(y) * out.linesize[3]);
        for (int x = 0; x < width; ++x) alpha[x] = clamp_to<Out>(c.a_scale * row[4 * x + 3] + 0.5f, c.max_value);
      }
    }
    // Chroma from the mean RGB of each block (the conversion is linear, so this is the mean chroma).
    const int rows = std::min(block_h, height - y0);
    const In* top = reinterpret_cast<const In*>(source + static_cast<size_t>(y0) * source_stride);
    const In* bottom = reinterpret_cast<const In*>(source + static_cast<size_t>(y0 + rows - 1) * source_stride);
    Out* cb = reinterpret_cast<Out*>(out.data[1] + static_cast<size_t>(y0 >> layout.shift_y) * out.linesize[1]);
    Out* cr = reinterpret_cast<Out*>(out.data[2] + static_cast<size_t>(y0 >> layout.shift_y) * out.linesize[2]);
    const int chroma_width = (width + block_w - 1) >> layout.shift_x;
    for (int cx = 0; cx < chroma_width; ++cx) {
      const int x0 = cx << layout.shift_x, x1 = std::min(width - 1, x0 + block_w - 1);
      float r = 0, g = 0, b = 0;
      for (const In* row : {top, bottom}) {
        r += static_cast<float>(row[4 * x0]) + static_cast<float>(row[4 * x1]);
        g += static_cast<float>(row[4 * x0 + 1]) + static_cast<float>(row[4 * x1 + 1]);
        b += static_cast<float>(row[4 * x0 + 2]) + static_cast<float>(row[4 * x1 + 2]);
      }
      // Four samples were summed whatever the block size (rows and columns repeat when not subsampled).
      r *= 0.25f;
      g *= 0.25f;
      b *= 0.25f;
      cb[cx] = clamp_to<Out>(c.ur * r + c.ug * g + c.ub * b + c.c_offset, c.max_value);
      cr[cx] = clamp_to<Out>(c.vr * r + c.vg * g + c.vb * b + c.c_offset, c.max_value);
    }
  }
}

}  // namespace

bool rgba_to_yuv_supported(AVPixelFormat format) {
  Layout layout{};
  return layout_of(format, layout);
}

void rgba_to_yuv(const uint8_t* source, int source_stride, bool source_16bit, AVFrame& out, AVColorSpace matrix,
                 AVColorRange range) {
  Layout layout{};
  layout_of(static_cast<AVPixelFormat>(out.format), layout);
  const Coefficients c = coefficients_for(layout, matrix, range, source_16bit ? 65535.0f : 255.0f);
  if (source_16bit) {
    if (layout.depth > 8) convert<uint16_t, uint16_t>(source, source_stride, out, layout, c);
    else convert<uint16_t, uint8_t>(source, source_stride, out, layout, c);
  } else {
    if (layout.depth > 8) convert<uint8_t, uint16_t>(source, source_stride, out, layout, c);
    else convert<uint8_t, uint8_t>(source, source_stride, out, layout, c);
  }
}

}  // namespace frameout
