#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <vector>

#include "convert/reformat.hpp"
#include "convert/unpack.hpp"
#include "media/pixel_format.hpp"
#include "media/rational.hpp"

using namespace frameout;

TEST_CASE("frame rates parse exactly, NTSC rates included", "[media]") {
  CHECK(parse_rate("30") == Rational{30, 1});
  CHECK(parse_rate("29.97") == Rational{30000, 1001});
  CHECK(parse_rate("59.94") == Rational{60000, 1001});
  CHECK(parse_rate("23.976") == Rational{24000, 1001});
  CHECK(parse_rate("30000/1001") == Rational{30000, 1001});
  CHECK(parse_rate("12.5") == Rational{25, 2});
  CHECK_FALSE(parse_rate("0"));
  CHECK_FALSE(parse_rate("-5"));
  CHECK_FALSE(parse_rate("abc"));
  CHECK_FALSE(parse_rate("30/0"));
  CHECK(to_string(Rational{30000, 1001}) == "30000/1001");
}

TEST_CASE("every Common-page pixel format has its byte size", "[media]") {
  CHECK(pixel_formats().size() == 27);
  CHECK(find_pixel_format("rgba32float")->bytes_per_pixel == 16);
  CHECK(find_pixel_format("rgb10a2fixed")->bytes_per_pixel == 4);
  CHECK(find_pixel_format("monoalpha16float")->bytes_per_pixel == 4);
  CHECK(find_pixel_format("a8fixed")->has_alpha());
  CHECK_FALSE(find_pixel_format("rgb32float")->has_alpha());
  CHECK_FALSE(find_pixel_format("rgba7fixed"));
}

TEST_CASE("unpacking widens every layout to RGBA", "[convert]") {
  SECTION("10-bit RGB with 2-bit alpha") {
    const uint32_t word = 1023u | (512u << 10) | (0u << 20) | (3u << 30);
    uint16_t out[4];
    unpack_to_rgba16(*find_pixel_format("rgb10a2fixed"), reinterpret_cast<const uint8_t*>(&word), out, 1);
    CHECK(out[0] == 65535);
    CHECK(out[1] == ((512 << 6) | (512 >> 4)));
    CHECK(out[2] == 0);
    CHECK(out[3] == 65535);
  }
  SECTION("floats clamp to 0..1, half floats decode") {
    const float px[4] = {0.5f, 2.0f, -1.0f, 1.0f};
    uint16_t out[4];
    unpack_to_rgba16(*find_pixel_format("rgba32float"), reinterpret_cast<const uint8_t*>(px), out, 1);
    CHECK(out[0] == 32768);
    CHECK(out[1] == 65535);
    CHECK(out[2] == 0);
    CHECK(half_to_float(0x3c00) == 1.0f);
    CHECK(half_to_float(0x3800) == 0.5f);
    CHECK(half_to_float(0xc000) == -2.0f);
  }
  SECTION("11/11/10 float RGB is opaque") {
    // R = 1.0 (exponent 15, mantissa 0), G = 0.5 (exponent 14), B = 0.
    const uint32_t word = (15u << 6) | ((14u << 6) << 11);
    uint16_t out[4];
    unpack_to_rgba16(*find_pixel_format("rgba11float"), reinterpret_cast<const uint8_t*>(&word), out, 1);
    CHECK(out[0] == 65535);
    CHECK(out[1] == 32768);
    CHECK(out[2] == 0);
    CHECK(out[3] == 65535);
  }
  SECTION("8-bit channel sets") {
    const uint8_t mono_alpha[2] = {10, 20};
    uint8_t out[4];
    unpack_to_rgba8(*find_pixel_format("monoalpha8fixed"), mono_alpha, out, 1);
    CHECK((out[0] == 10 && out[1] == 10 && out[2] == 10 && out[3] == 20));
    const uint8_t rg[2] = {1, 2};
    unpack_to_rgba8(*find_pixel_format("rg8fixed"), rg, out, 1);
    CHECK((out[0] == 1 && out[1] == 2 && out[2] == 0 && out[3] == 255));
    const uint8_t alpha[1] = {77};
    unpack_to_rgba8(*find_pixel_format("a8fixed"), alpha, out, 1);
    CHECK((out[0] == 77 && out[3] == 77));
  }
}

TEST_CASE("reformat from 16-bit gives every value its nearest 8-bit, half and float value", "[convert]") {
  // Every 16-bit value once, as a 256x256 mono frame, through the per-sample path reformat takes.
  VideoFrame frame{std::vector<uint8_t>(65536 * 2), 256, 256, *find_pixel_format("mono16fixed"), 0};
  for (uint32_t v = 0; v < 65536; ++v) {
    frame.data[2 * v] = static_cast<uint8_t>(v);
    frame.data[2 * v + 1] = static_cast<uint8_t>(v >> 8);
  }
  const VideoFrame u8 = reformat(frame, *find_pixel_format("mono8fixed"));
  const VideoFrame f16 = reformat(frame, *find_pixel_format("mono16float"));
  const VideoFrame f32 = reformat(frame, *find_pixel_format("mono32float"));
  for (uint32_t v = 0; v < 65536; ++v) {
    CAPTURE(v);
    CHECK(u8.data[v] == static_cast<uint8_t>(std::lround(v / 257.0)));
    const double exact = static_cast<float>(v) / 65535.0f;  // the value in float, as every path computes it
    float as_float = 0;
    std::memcpy(&as_float, f32.data.data() + 4 * v, 4);
    CHECK(as_float == static_cast<float>(v) / 65535.0f);
    uint16_t half_bits = 0;
    std::memcpy(&half_bits, f16.data.data() + 2 * v, 2);
    // The nearest half: no other half value is closer.
    const double got = half_to_float(half_bits);
    CHECK(std::abs(got - exact) <= std::abs(half_to_float(static_cast<uint16_t>(half_bits + 1)) - exact));
    if (half_bits > 0)
      CHECK(std::abs(got - exact) <= std::abs(half_to_float(static_cast<uint16_t>(half_bits - 1)) - exact));
  }
}

TEST_CASE("a held layout keeps its meaning in the layout a writer stores it in", "[convert]") {
  auto layout = [](const char* token) { return *find_pixel_format(token); };
  // One rgba8 pixel with every channel different; the Rec.709 luma of (200, 100, 50) is 117.65 in 8-bit codes.
  const VideoFrame rgba{{200, 100, 50, 30}, 1, 1, layout("rgba8fixed"), 0};
  auto bytes = [&](const char* held, const char* stored) {
    const VideoFrame out = reformat_held(rgba, layout(held), layout(stored));
    CHECK(out.format.token == stored);
    return out.data;
  };
  CHECK(bytes("rg8fixed", "rgb8fixed") == std::vector<uint8_t>{200, 100, 0});          // PNG, TIFF, BMP
  CHECK(bytes("rg8fixed", "rgba8fixed") == std::vector<uint8_t>{200, 100, 0, 255});    // DDS
  CHECK(bytes("mono8fixed", "rgb8fixed") == std::vector<uint8_t>{118, 118, 118});      // BMP
  CHECK(bytes("mono8fixed", "rgba8fixed") == std::vector<uint8_t>{118, 118, 118, 255});  // DDS
  CHECK(bytes("a8fixed", "monoalpha8fixed") == std::vector<uint8_t>{30, 30});          // PNG, TIFF
  CHECK(bytes("a8fixed", "rgba8fixed") == std::vector<uint8_t>{30, 30, 30, 30});       // BMP, DDS
  CHECK(bytes("a8fixed", "mono8fixed") == std::vector<uint8_t>{30});                   // JPEG
  // A layout the writer stores as it is converts once, as before.
  CHECK(bytes("rgba8fixed", "rgb8fixed") == std::vector<uint8_t>{200, 100, 50});

  SECTION("the held precision applies before the stored one") {
    // 16-bit 0x8101 is 128.5 in 8-bit codes: held in 8 bits it becomes 129, stored in 16 bits 129 * 257 = 0x8181.
    const VideoFrame deep{{0x01, 0x81, 0, 0, 0, 0, 0xff, 0xff}, 1, 1, layout("rgba16fixed"), 0};
    const VideoFrame out = reformat_held(deep, layout("rg8fixed"), layout("rgb16fixed"));
    CHECK(out.data == std::vector<uint8_t>{0x81, 0x81, 0, 0, 0, 0});
  }
  SECTION("a float alpha is its own grey, exactly") {
    const float a = 0.123456789f;
    VideoFrame f{std::vector<uint8_t>(16), 1, 1, layout("rgba32float"), 0};
    std::memcpy(f.data.data() + 12, &a, 4);
    const VideoFrame out = reformat_held(f, layout("a32float"), layout("monoalpha32float"));
    float grey = 0, alpha = 0;
    std::memcpy(&grey, out.data.data(), 4);
    std::memcpy(&alpha, out.data.data() + 4, 4);
    CHECK(grey == a);
    CHECK(alpha == a);
  }
}
