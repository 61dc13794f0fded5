#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "convert/sample_convert.hpp"
#include "system/error.hpp"
#include "job/header_table.hpp"
#include "sources/tone_source.hpp"

using namespace frameout;

namespace {

AudioBlock block_of(SampleFormat format, std::vector<uint8_t> bytes) {
  AudioBlock b;
  b.format = format;
  b.channels = 1;
  b.data = std::move(bytes);
  return b;
}

}  // namespace

TEST_CASE("sample conversion widens exactly and narrows with rounding", "[audio]") {
  // s24 0x123456 and -1.
  const AudioBlock s24 = block_of(SampleFormat::S24, {0x56, 0x34, 0x12, 0xff, 0xff, 0xff});
  const AudioBlock s32 = convert_samples(s24, SampleFormat::S32);
  int32_t v[2];
  std::memcpy(v, s32.data.data(), 8);
  CHECK(v[0] == 0x12345600);
  CHECK(v[1] == -256);
  CHECK(convert_samples(s32, SampleFormat::S24).data == s24.data);  // and back, bit-exact

  const AudioBlock s16 = convert_samples(s24, SampleFormat::S16);
  int16_t w[2];
  std::memcpy(w, s16.data.data(), 4);
  CHECK(w[0] == 0x1234);  // 0x123456 rounds down (0x56 < 0x80)
  CHECK(w[1] == 0);       // -1/256 of an s16 step rounds to 0

  const float floats[3] = {1.0f, -1.0f, 0.5f};
  AudioBlock f32 = block_of(SampleFormat::F32, std::vector<uint8_t>(12));
  std::memcpy(f32.data.data(), floats, 12);
  const AudioBlock clipped = convert_samples(f32, SampleFormat::S16);
  int16_t c[3];
  std::memcpy(c, clipped.data.data(), 6);
  CHECK(c[0] == 32767);
  CHECK(c[1] == -32768);
  CHECK(c[2] == 16384);
}

TEST_CASE("f32 narrows to the nearest integer, clamped, in either byte order, for any run length", "[audio]") {
  // Values on both sides of every rounding case: exact halves, just above and below, past full scale.
  std::vector<float> values = {0.0f, -0.0f, 1.0f, -1.0f, 2.0f, -3.0f, 0.99999994f, -0.99999994f};
  for (int k = -40; k <= 40; ++k) {
    values.push_back((static_cast<float>(k) + 0.5f) / 32768.0f);
    values.push_back((static_cast<float>(k) + 0.5f) / 8388608.0f);
    values.push_back(std::nextafter((static_cast<float>(k) + 0.5f) / 32768.0f, 1.0f));
    values.push_back(std::nextafter((static_cast<float>(k) + 0.5f) / 32768.0f, -1.0f));
    values.push_back(static_cast<float>(k) * 0.0247f);
  }
  for (const SampleFormat to : {SampleFormat::S16, SampleFormat::S24, SampleFormat::S32}) {
    const int bytes = sample_bytes(to);
    const double scale = to == SampleFormat::S16 ? 32768.0 : to == SampleFormat::S24 ? 8388608.0 : 2147483648.0;
    // Every run length up to the whole list, so both the vector loop and the scalar tail are covered.
    for (size_t n = 1; n <= values.size(); n += (n < 12 ? 1 : 37)) {
      CAPTURE(sample_format_token(to), n);
      std::vector<uint8_t> little(n * bytes + 8, 0xAB), big(n * bytes + 8, 0xAB);
      convert_sample_run(reinterpret_cast<const uint8_t*>(values.data()), SampleFormat::F32, little.data(), to, n);
      convert_sample_run(reinterpret_cast<const uint8_t*>(values.data()), SampleFormat::F32, big.data(), to, n,
                         ByteOrder::Big);
      CHECK(little[n * bytes] == 0xAB);  // nothing written past the run
      CHECK(big[n * bytes] == 0xAB);
      for (size_t i = 0; i < n; ++i) {
        const double expected = std::clamp(std::nearbyint(static_cast<double>(values[i]) * scale), -scale, scale - 1);
        int64_t le = 0, be = 0;
        for (int b = 0; b < bytes; ++b) {
          le |= static_cast<int64_t>(little[i * bytes + b]) << (8 * b);
          be = be << 8 | big[i * bytes + b];
        }
        const int64_t sign = int64_t{1} << (8 * bytes - 1);
        CHECK(((le ^ sign) - sign) == static_cast<int64_t>(expected));
        CHECK(((be ^ sign) - sign) == static_cast<int64_t>(expected));
      }
    }
  }
}

TEST_CASE("integer samples keep their value when only the byte order changes", "[audio]") {
  const std::vector<uint8_t> s24 = {0x56, 0x34, 0x12, 0x01, 0x00, 0x80};
  std::vector<uint8_t> big(6);
  convert_sample_run(s24.data(), SampleFormat::S24, big.data(), SampleFormat::S24, 2, ByteOrder::Big);
  CHECK(big == std::vector<uint8_t>{0x12, 0x34, 0x56, 0x80, 0x00, 0x01});
  const std::vector<uint8_t> s16 = {0x34, 0x12};
  std::vector<uint8_t> same(2);
  convert_sample_run(s16.data(), SampleFormat::S16, same.data(), SampleFormat::S16, 1);
  CHECK(same == s16);
}

TEST_CASE("the test tone is continuous across blocks of any size", "[audio]") {
  ToneSource one(48000, 2, 1000, 0.0), other(48000, 2, 1000, 0.0);
  AudioBlock whole, a, b;
  one.read(whole, 100);
  other.read(a, 37);
  other.read(b, 63);
  a.data.insert(a.data.end(), b.data.begin(), b.data.end());
  CHECK(a.data == whole.data);
  CHECK(b.first_frame == 37);
}

TEST_CASE("header tables take tab or comma rows and name the bad line", "[audio]") {
  const auto path = std::filesystem::temp_directory_path() / ("frameout_header_" + std::to_string(getpid()) + ".tsv");
  std::ofstream(path) << "# comment\ntitle\tShot 10, take 2\n\nartist,\"Jane, Doe\"\n";
  const auto rows = read_header_table(path);
  REQUIRE(rows.size() == 2);
  CHECK(rows[0] == std::pair<std::string, std::string>{"title", "Shot 10, take 2"});
  CHECK(rows[1] == std::pair<std::string, std::string>{"artist", "Jane, Doe"});
  std::ofstream(path) << "title\tok\nlonely\n";
  try {
    read_header_table(path);
    FAIL("expected an error");
  } catch (const Error& e) {
    CHECK(e.code() == ExitCode::Usage);
    CHECK_THAT(e.what(), Catch::Contains("line 2") && Catch::Contains("--headerdat"));
  }
  std::filesystem::remove(path);
}
