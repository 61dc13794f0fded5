#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <unistd.h>
#include <vector>

#include <vorbis/vorbisfile.h>

#include "temp_files.hpp"
#include "system/error.hpp"
#include "sinks/audio/ogg_vorbis_writer.hpp"

using namespace frameout;
namespace fs = std::filesystem;

// The files are decoded with libvorbisfile, which shares no code with the writer.

using frameout::testing::fresh_folder;
using frameout::testing::FullFolder;
using frameout::testing::slurp;

namespace {

constexpr int kRate = 48000;
constexpr int kChannels = 2;
constexpr double kPi = 3.14159265358979323846;

// A different sine per channel, half of full scale.
double sine(int64_t frame, int channel) {
  const double hz = channel == 0 ? 440.0 : 1000.0;
  return 0.5 * std::sin(2 * kPi * hz * static_cast<double>(frame) / kRate);
}

// Frames [first, first + frames) of the sines, stored little-endian in `format`.
AudioBlock sine_block(SampleFormat format, int64_t first, int64_t frames) {
  AudioBlock block;
  block.format = format;
  block.channels = kChannels;
  block.first_frame = first;
  for (int64_t f = first; f < first + frames; ++f) {
    for (int c = 0; c < kChannels; ++c) {
      const double x = sine(f, c);
      uint8_t bytes[4];
      int n = 4;
      if (format == SampleFormat::F32) {
        const float v = static_cast<float>(x);
        std::memcpy(bytes, &v, 4);
      } else {
        n = format == SampleFormat::S16 ? 2 : format == SampleFormat::S24 ? 3 : 4;
        const auto v = static_cast<uint32_t>(static_cast<int64_t>(std::lround(x * std::ldexp(1.0, 8 * n - 1))));
        for (int k = 0; k < n; ++k) bytes[k] = static_cast<uint8_t>(v >> (8 * k));
      }
      block.data.insert(block.data.end(), bytes, bytes + n);
    }
  }
  return block;
}

AudioFileOptions ogg_options(bool deterministic = true) {
  AudioFileOptions options;
  options.vorbis_quality = 0.5;
  options.deterministic = deterministic;
  options.metadata = {{"title", "My Take"}, {"artist", "The Band"}, {"ICMT", "first pass"}, {"a=b", "left out"}};
  return options;
}

// Writes the sines in blocks of every sample format; returns the sample frames written.
int64_t write_sines(const fs::path& path, const AudioFileOptions& options) {
  OggVorbisWriter writer(options);
  writer.open(path, kRate, kChannels);
  int64_t at = 0;
  for (const auto& [format, frames] : {std::pair{SampleFormat::S16, int64_t{12345}},
                                       std::pair{SampleFormat::F32, int64_t{30000}},
                                       std::pair{SampleFormat::S24, int64_t{7}},
                                       std::pair{SampleFormat::S32, int64_t{20001}}}) {
    writer.write(sine_block(format, at, frames));
    at += frames;
  }
  writer.close();
  return at;
}

uint32_t first_page_serial(const std::vector<uint8_t>& bytes) {
  REQUIRE(bytes.size() >= 27);
  REQUIRE(std::string(bytes.begin(), bytes.begin() + 4) == "OggS");
  return bytes[14] | bytes[15] << 8 | bytes[16] << 16 | static_cast<uint32_t>(bytes[17]) << 24;
}

}  // namespace

TEST_CASE("OGG Vorbis decodes to the samples written, with their count, layout and comments", "[audio]") {
  const fs::path folder = fresh_folder("ogg_decode");
  const fs::path path = folder / "take.ogg";
  const int64_t written = write_sines(path, ogg_options());

  const std::vector<uint8_t> bytes = slurp(path);
  // Vorbis I in Ogg: the identification header alone on the first page (one 30-byte segment).
  REQUIRE(bytes.size() > 28);
  CHECK(bytes[5] == 0x02);  // beginning of stream
  CHECK(bytes[26] == 1);
  CHECK(bytes[27] == 30);

  OggVorbis_File vf;
  REQUIRE(ov_fopen(path.c_str(), &vf) == 0);
  const vorbis_info* info = ov_info(&vf, -1);
  CHECK(info->channels == kChannels);
  CHECK(info->rate == kRate);
  CHECK(ov_pcm_total(&vf, -1) == written);

  vorbis_comment* comment = ov_comment(&vf, -1);
  REQUIRE(vorbis_comment_query(comment, "title", 0) != nullptr);
  CHECK(std::string(vorbis_comment_query(comment, "title", 0)) == "My Take");
  REQUIRE(vorbis_comment_query(comment, "ARTIST", 0) != nullptr);
  CHECK(std::string(vorbis_comment_query(comment, "ARTIST", 0)) == "The Band");
  REQUIRE(vorbis_comment_query(comment, "ICMT", 0) != nullptr);
  CHECK(std::string(vorbis_comment_query(comment, "ICMT", 0)) == "first pass");
  CHECK(comment->comments == 3);  // "a=b" cannot name a Vorbis comment
  CHECK(OggVorbisWriter(ogg_options()).unsupported_metadata() == std::vector<std::string>{"a=b"});

  double signal[kChannels] = {}, noise[kChannels] = {};
  int64_t decoded = 0;
  for (;;) {
    float** pcm = nullptr;
    int section = 0;
    const long n = ov_read_float(&vf, &pcm, 4096, &section);
    REQUIRE(n >= 0);
    if (n == 0) break;
    for (long i = 0; i < n; ++i, ++decoded)
      for (int c = 0; c < kChannels; ++c) {
        const double expected = sine(decoded, c);
        signal[c] += expected * expected;
        noise[c] += (pcm[c][i] - expected) * (pcm[c][i] - expected);
      }
  }
  ov_clear(&vf);
  CHECK(decoded == written);
  for (int c = 0; c < kChannels; ++c) {
    const double snr_db = 10 * std::log10(signal[c] / noise[c]);
    INFO("channel " << c << ": SNR " << snr_db << " dB");
    CHECK(snr_db > 20);
  }
  fs::remove_all(folder);
}

TEST_CASE("OGG Vorbis with the deterministic option writes the same bytes on every run", "[audio]") {
  const fs::path folder = fresh_folder("ogg_deterministic");
  write_sines(folder / "a.ogg", ogg_options(true));
  write_sines(folder / "b.ogg", ogg_options(true));
  CHECK(slurp(folder / "a.ogg") == slurp(folder / "b.ogg"));

  // Without it each file gets its own stream serial, so chained files stay distinguishable.
  write_sines(folder / "c.ogg", ogg_options(false));
  write_sines(folder / "d.ogg", ogg_options(false));
  CHECK(first_page_serial(slurp(folder / "c.ogg")) != first_page_serial(slurp(folder / "d.ogg")));
  fs::remove_all(folder);
}

TEST_CASE("OGG Vorbis without samples is still a valid empty stream", "[audio]") {
  const fs::path folder = fresh_folder("ogg_empty");
  const fs::path path = folder / "empty.ogg";
  OggVorbisWriter writer(ogg_options());
  writer.open(path, kRate, 1);
  writer.close();
  OggVorbis_File vf;
  REQUIRE(ov_fopen(path.c_str(), &vf) == 0);
  CHECK(ov_info(&vf, -1)->channels == 1);
  CHECK(ov_pcm_total(&vf, -1) == 0);
  ov_clear(&vf);
  fs::remove_all(folder);
}

TEST_CASE("OGG Vorbis reports unwritable files as output errors naming them", "[audio]") {
  const fs::path folder = fresh_folder("ogg_unwritable");
  const fs::path missing = folder / "no such folder" / "take.ogg";
  OggVorbisWriter writer(ogg_options());
  try {
    writer.open(missing, kRate, kChannels);
    FAIL("expected an error for a missing folder");
  } catch (const Error& e) {
    CHECK(e.code() == ExitCode::Output);
    CHECK_THAT(e.what(), Catch::Contains(missing.string()) && Catch::Contains("No such file or directory"));
  }
  CHECK_FALSE(fs::exists(missing));
  writer.close();  // nothing to close: no effect

  if (const FullFolder full("ogg_full"); full.mounted()) {  // a full disk: every write fails with ENOSPC
    const fs::path take = full / "take.ogg";
    try {
      writer.open(take, kRate, kChannels);
      for (int i = 0; i < 10; ++i) writer.write(sine_block(SampleFormat::F32, i * 100000, 100000));
      writer.close();
      FAIL("expected an error on a full disk");
    } catch (const Error& e) {
      CHECK(e.code() == ExitCode::Output);
      CHECK_THAT(e.what(), Catch::Contains(take.string()) && Catch::Contains("No space left on device"));
    }
  }
  fs::remove_all(folder);
}
