#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>
#include <unistd.h>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "temp_files.hpp"
#include "convert/sample_convert.hpp"
#include "system/error.hpp"
#include "sinks/audio/aiff_writer.hpp"
#include "sinks/audio/wav_writer.hpp"

using namespace frameout;
namespace fs = std::filesystem;
using namespace std::chrono_literals;

// The readers below follow the published layouts (Microsoft RIFF/WAVE and WAVEFORMATEXTENSIBLE, EBU Tech 3306
// RF64, Apple AIFF 1.3) and share no code with the writers.

using frameout::testing::fresh_folder;
using frameout::testing::FullFolder;
using frameout::testing::slurp;

namespace {

uint64_t le(const std::vector<uint8_t>& b, size_t at, int bytes) {
  REQUIRE(at + static_cast<size_t>(bytes) <= b.size());
  uint64_t v = 0;
  for (int i = bytes - 1; i >= 0; --i) v = (v << 8) | b[at + static_cast<size_t>(i)];
  return v;
}

uint64_t be(const std::vector<uint8_t>& b, size_t at, int bytes) {
  REQUIRE(at + static_cast<size_t>(bytes) <= b.size());
  uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) v = (v << 8) | b[at + static_cast<size_t>(i)];
  return v;
}

std::string four_cc(const std::vector<uint8_t>& b, size_t at) {
  REQUIRE(at + 4 <= b.size());
  return std::string(reinterpret_cast<const char*>(b.data() + at), 4);
}

int bytes_of(SampleFormat f) { return f == SampleFormat::S16 ? 2 : f == SampleFormat::S24 ? 3 : 4; }

// Signed sample values from raw bytes in either byte order.
std::vector<int32_t> samples(const uint8_t* p, size_t bytes, SampleFormat f, bool big_endian) {
  const int n = bytes_of(f);
  std::vector<int32_t> out;
  for (size_t i = 0; i + static_cast<size_t>(n) <= bytes; i += static_cast<size_t>(n)) {
    uint32_t v = 0;
    for (int k = 0; k < n; ++k) {
      const uint8_t byte = big_endian ? p[i + static_cast<size_t>(k)] : p[i + static_cast<size_t>(n - 1 - k)];
      v = (v << 8) | byte;
    }
    const int shift = 32 - 8 * n;
    out.push_back(static_cast<int32_t>(v << shift) >> shift);  // sign-extend
  }
  return out;
}

// Pseudo-random samples over the whole range, starting with the extremes.
AudioBlock make_block(SampleFormat f, int channels, int64_t frames, uint32_t seed) {
  AudioBlock block;
  block.format = f;
  block.channels = channels;
  block.data.resize(static_cast<size_t>(frames) * static_cast<size_t>(channels * bytes_of(f)));
  uint32_t x = seed * 2654435761u + 1;
  for (auto& byte : block.data) {
    x ^= x << 13, x ^= x >> 17, x ^= x << 5;
    byte = static_cast<uint8_t>(x >> 7);
  }
  const int n = bytes_of(f);
  if (block.data.size() >= static_cast<size_t>(2 * n)) {
    for (int k = 0; k < n; ++k) block.data[static_cast<size_t>(k)] = k == n - 1 ? 0x7F : 0xFF;  // max
    for (int k = 0; k < n; ++k) block.data[static_cast<size_t>(n + k)] = k == n - 1 ? 0x80 : 0x00;  // min
  }
  return block;
}

std::vector<uint8_t> concat(const std::vector<AudioBlock>& blocks, size_t up_to = SIZE_MAX) {
  std::vector<uint8_t> all;
  for (size_t i = 0; i < blocks.size() && i < up_to; ++i)
    all.insert(all.end(), blocks[i].data.begin(), blocks[i].data.end());
  return all;
}

struct Wav {
  std::string riff_id;
  uint64_t riff_size = 0;  // from ds64 for RF64
  uint32_t riff_size32 = 0;
  bool ds64 = false;
  uint64_t ds64_frames = 0;
  uint32_t fmt_size = 0;
  uint16_t format_tag = 0, channels = 0, block_align = 0, bits = 0, extension_size = 0, valid_bits = 0;
  uint32_t rate = 0, byte_rate = 0, channel_mask = 0;
  std::vector<uint8_t> subformat;
  uint32_t data_size32 = 0;
  uint64_t data_offset = 0, data_size = 0;  // real size (ds64 for RF64)
  std::vector<std::string> chunks;
  std::vector<std::pair<std::string, std::string>> info;
};

Wav parse_wav(const std::vector<uint8_t>& b) {
  Wav w;
  REQUIRE(b.size() >= 12);
  w.riff_id = four_cc(b, 0);
  REQUIRE((w.riff_id == "RIFF" || w.riff_id == "RF64"));
  w.riff_size32 = static_cast<uint32_t>(le(b, 4, 4));
  w.riff_size = w.riff_size32;
  REQUIRE(four_cc(b, 8) == "WAVE");
  uint64_t ds64_data = 0;
  size_t at = 12;
  while (at + 8 <= b.size() && at < 8 + w.riff_size) {
    const std::string id = four_cc(b, at);
    uint64_t size = le(b, at + 4, 4);
    const size_t body = at + 8;
    w.chunks.push_back(id);
    if (id == "ds64") {
      w.ds64 = true;
      w.riff_size = le(b, body, 8);
      ds64_data = le(b, body + 8, 8);
      w.ds64_frames = le(b, body + 16, 8);
    } else if (id == "fmt ") {
      w.fmt_size = static_cast<uint32_t>(size);
      w.format_tag = static_cast<uint16_t>(le(b, body, 2));
      w.channels = static_cast<uint16_t>(le(b, body + 2, 2));
      w.rate = static_cast<uint32_t>(le(b, body + 4, 4));
      w.byte_rate = static_cast<uint32_t>(le(b, body + 8, 4));
      w.block_align = static_cast<uint16_t>(le(b, body + 12, 2));
      w.bits = static_cast<uint16_t>(le(b, body + 14, 2));
      if (size >= 40) {
        w.extension_size = static_cast<uint16_t>(le(b, body + 16, 2));
        w.valid_bits = static_cast<uint16_t>(le(b, body + 18, 2));
        w.channel_mask = static_cast<uint32_t>(le(b, body + 20, 4));
        w.subformat.assign(b.begin() + static_cast<long>(body + 24), b.begin() + static_cast<long>(body + 40));
      }
    } else if (id == "data") {
      w.data_size32 = static_cast<uint32_t>(size);
      if (w.riff_id == "RF64" && size == 0xFFFFFFFF) size = ds64_data;
      w.data_offset = body;
      w.data_size = size;
    } else if (id == "LIST" && four_cc(b, body) == "INFO") {
      for (size_t sub = body + 4; sub + 8 <= body + size;) {
        const uint64_t sub_size = le(b, sub + 4, 4);
        std::string text(reinterpret_cast<const char*>(b.data() + sub + 8), sub_size);
        CHECK(text.back() == '\0');  // ZSTR
        text.pop_back();
        w.info.emplace_back(four_cc(b, sub), text);
        sub += 8 + sub_size + (sub_size % 2);
      }
    }
    at = body + size + (size % 2);
  }
  return w;
}

struct Aiff {
  uint32_t form_size = 0;
  uint16_t channels = 0, bits = 0;
  uint32_t frames = 0;
  double rate = 0;
  std::vector<uint8_t> rate_bytes;
  uint32_t ssnd_size = 0, ssnd_offset = 0, ssnd_block = 0;
  uint64_t data_offset = 0, data_size = 0;
  std::vector<std::string> chunks;
  std::vector<std::pair<std::string, std::string>> texts;
};

Aiff parse_aiff(const std::vector<uint8_t>& b) {
  Aiff a;
  REQUIRE(b.size() >= 12);
  REQUIRE(four_cc(b, 0) == "FORM");
  a.form_size = static_cast<uint32_t>(be(b, 4, 4));
  REQUIRE(four_cc(b, 8) == "AIFF");
  size_t at = 12;
  while (at + 8 <= b.size() && at < 8 + static_cast<uint64_t>(a.form_size)) {
    const std::string id = four_cc(b, at);
    const uint64_t size = be(b, at + 4, 4);
    const size_t body = at + 8;
    a.chunks.push_back(id);
    if (id == "COMM") {
      CHECK(size == 18);
      a.channels = static_cast<uint16_t>(be(b, body, 2));
      a.frames = static_cast<uint32_t>(be(b, body + 2, 4));
      a.bits = static_cast<uint16_t>(be(b, body + 6, 2));
      a.rate_bytes.assign(b.begin() + static_cast<long>(body + 8), b.begin() + static_cast<long>(body + 18));
      const int exponent = static_cast<int>(be(b, body + 8, 2) & 0x7FFF);
      a.rate = std::ldexp(static_cast<double>(be(b, body + 10, 8)), exponent - 16383 - 63);
    } else if (id == "SSND") {
      a.ssnd_size = static_cast<uint32_t>(size);
      a.ssnd_offset = static_cast<uint32_t>(be(b, body, 4));
      a.ssnd_block = static_cast<uint32_t>(be(b, body + 4, 4));
      a.data_offset = body + 8 + a.ssnd_offset;
      a.data_size = size - 8 - a.ssnd_offset;
    } else if (id == "NAME" || id == "AUTH" || id == "(c) " || id == "ANNO") {
      a.texts.emplace_back(id, std::string(reinterpret_cast<const char*>(b.data() + body), size));
    }
    at = body + size + (size % 2);
  }
  return a;
}

const std::vector<uint8_t> kPcmGuid = {0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x00,
                                       0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71};

AudioFileOptions pcm_options(SampleFormat f) {
  AudioFileOptions options;
  options.sample_format = f;
  return options;
}

// Frame counts chosen so some blocks are odd (24-bit mono then needs a pad byte) and one crosses 1 MiB.
const std::vector<int64_t> kBlockFrames = {1, 1001, 48000, 200003, 7};

}  // namespace

TEST_CASE("WAV holds the exact samples with the fmt fields of its layout", "[audio]") {
  const SampleFormat f = GENERATE(SampleFormat::S16, SampleFormat::S24, SampleFormat::S32);
  const int channels = GENERATE(1, 2, 6);
  CAPTURE(sample_format_token(f), channels);
  const fs::path folder = fresh_folder("pcm_wav_round_trip");
  const fs::path path = folder / "take.wav";

  std::vector<AudioBlock> blocks;
  {
    auto writer = make_wav_writer(pcm_options(f));
    writer->open(path, 48000, channels);
    for (size_t i = 0; i < kBlockFrames.size(); ++i) {
      blocks.push_back(make_block(f, channels, kBlockFrames[i], static_cast<uint32_t>(i + 1)));
      writer->write(blocks.back());
    }
    writer->close();
    writer->close();  // a second close does nothing
  }
  const auto bytes = slurp(path);
  const auto expected = concat(blocks);
  const Wav w = parse_wav(bytes);
  const int n = bytes_of(f);
  const bool extensible = channels > 2 || n > 2;

  CHECK(w.riff_id == "RIFF");
  CHECK(w.riff_size == bytes.size() - 8);
  CHECK(bytes.size() % 2 == 0);
  CHECK(w.chunks == std::vector<std::string>{"JUNK", "fmt ", "data"});
  CHECK(w.format_tag == (extensible ? 0xFFFE : 1));
  CHECK(w.fmt_size == (extensible ? 40u : 16u));
  CHECK(w.channels == channels);
  CHECK(w.rate == 48000);
  CHECK(w.block_align == channels * n);
  CHECK(w.byte_rate == 48000u * static_cast<uint32_t>(channels * n));
  CHECK(w.bits == 8 * n);
  if (extensible) {
    CHECK(w.extension_size == 22);
    CHECK(w.valid_bits == 8 * n);
    CHECK(w.channel_mask == (channels == 1 ? 0x4u : channels == 2 ? 0x3u : 0x3Fu));
    CHECK(w.subformat == kPcmGuid);
  }
  REQUIRE(w.data_size == expected.size());
  CHECK(w.data_offset == 12 + 36 + 8 + w.fmt_size + 8);
  REQUIRE(w.data_offset + w.data_size <= bytes.size());
  CHECK(samples(bytes.data() + w.data_offset, w.data_size, f, false) ==
        samples(expected.data(), expected.size(), f, false));
  fs::remove_all(folder);
}

TEST_CASE("AIFF holds the exact samples big-endian with its COMM and SSND fields", "[audio]") {
  const SampleFormat f = GENERATE(SampleFormat::S16, SampleFormat::S24, SampleFormat::S32);
  const int channels = GENERATE(1, 2, 6);
  CAPTURE(sample_format_token(f), channels);
  const fs::path folder = fresh_folder("pcm_aiff_round_trip");
  const fs::path path = folder / "take.aiff";

  std::vector<AudioBlock> blocks;
  auto writer = make_aiff_writer(pcm_options(f));
  writer->open(path, 44100, channels);
  for (size_t i = 0; i < kBlockFrames.size(); ++i) {
    blocks.push_back(make_block(f, channels, kBlockFrames[i], static_cast<uint32_t>(i + 11)));
    writer->write(blocks.back());
  }
  writer->close();

  const auto bytes = slurp(path);
  const auto expected = concat(blocks);
  const Aiff a = parse_aiff(bytes);
  const int n = bytes_of(f);
  int64_t frames = 0;
  for (const auto& b : blocks) frames += b.frames();

  CHECK(a.form_size == bytes.size() - 8);
  CHECK(bytes.size() % 2 == 0);
  CHECK(a.chunks == std::vector<std::string>{"COMM", "SSND"});
  CHECK(a.channels == channels);
  CHECK(a.bits == 8 * n);
  CHECK(a.frames == frames);
  CHECK(a.rate == 44100.0);
  CHECK(a.rate_bytes == std::vector<uint8_t>{0x40, 0x0E, 0xAC, 0x44, 0, 0, 0, 0, 0, 0});  // the classic 44.1 kHz
  CHECK(a.ssnd_offset == 0);
  CHECK(a.ssnd_block == 0);
  REQUIRE(a.data_size == expected.size());
  REQUIRE(a.data_offset + a.data_size <= bytes.size());
  CHECK(samples(bytes.data() + a.data_offset, a.data_size, f, true) ==
        samples(expected.data(), expected.size(), f, false));
  fs::remove_all(folder);
}

TEST_CASE("AIFF stores other sample rates exactly as 80-bit extended floats", "[audio]") {
  const int rate = GENERATE(8000, 22050, 48000, 96000, 192000, 11025, 1);
  const fs::path folder = fresh_folder("pcm_aiff_rate");
  const fs::path path = folder / "rate.aiff";
  auto writer = make_aiff_writer(pcm_options(SampleFormat::S16));
  writer->open(path, rate, 2);
  writer->close();
  const Aiff a = parse_aiff(slurp(path));
  CHECK(a.rate == static_cast<double>(rate));
  CHECK(a.frames == 0);
  CHECK(a.ssnd_size == 8);
  fs::remove_all(folder);
}

TEST_CASE("WAV channel masks follow the usual speaker layouts up to 8 channels", "[audio]") {
  CHECK(wav_channel_mask(1) == 0x4);
  CHECK(wav_channel_mask(2) == 0x3);
  CHECK(wav_channel_mask(4) == 0x33);
  CHECK(wav_channel_mask(6) == 0x3F);
  CHECK(wav_channel_mask(8) == 0x63F);
  CHECK(wav_channel_mask(9) == 0);
  CHECK(wav_channel_mask(16) == 0);

  const fs::path folder = fresh_folder("pcm_wav_mask");
  for (const int channels : {8, 16}) {
    const fs::path path = folder / fmt::format("c{}.wav", channels);  // not "c" + to_string: GCC 12 -Wrestrict false alarm
    auto writer = make_wav_writer(pcm_options(SampleFormat::S16));
    writer->open(path, 48000, channels);
    writer->write(make_block(SampleFormat::S16, channels, 100, 3));
    writer->close();
    const Wav w = parse_wav(slurp(path));
    CHECK(w.format_tag == 0xFFFE);
    CHECK(w.channels == channels);
    CHECK(w.channel_mask == wav_channel_mask(channels));
    CHECK(w.data_size == 100u * 2 * static_cast<unsigned>(channels));
  }
  fs::remove_all(folder);
}

TEST_CASE("WAV metadata is a LIST/INFO chunk after the data", "[audio]") {
  const fs::path folder = fresh_folder("pcm_wav_info");
  const fs::path path = folder / "tagged.wav";
  AudioFileOptions options = pcm_options(SampleFormat::S24);
  options.metadata = {{"title", "Take 1"},        {"Artist", "The Band"}, {"comment", "odd"},
                      {"copyright", "(c) 2024"},  {"date", "2024-05-01"}, {"genre", "Field"},
                      {"software", "frameout"},   {"album", "Session"},   {"track", "3"},
                      {"IENG", "Engineer"},       {"mood", "calm"},       {"Ieng", "not an id"}};
  auto writer = make_wav_writer(options);
  CHECK(writer->unsupported_metadata() == std::vector<std::string>{"mood", "Ieng"});
  writer->open(path, 48000, 1);
  writer->write(make_block(SampleFormat::S24, 1, 3, 5));  // 9 bytes: the data chunk needs a pad byte
  writer->close();

  const auto bytes = slurp(path);
  const Wav w = parse_wav(bytes);
  CHECK(w.riff_size == bytes.size() - 8);
  CHECK(w.data_size == 9);
  CHECK(w.chunks == std::vector<std::string>{"JUNK", "fmt ", "data", "LIST"});
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"INAM", "Take 1"},     {"IART", "The Band"}, {"ICMT", "odd"},     {"ICOP", "(c) 2024"},
      {"ICRD", "2024-05-01"}, {"IGNR", "Field"},    {"ISFT", "frameout"}, {"IPRD", "Session"},
      {"ITRK", "3"},          {"IENG", "Engineer"}};
  CHECK(w.info == expected);
  fs::remove_all(folder);
}

TEST_CASE("AIFF metadata is NAME, AUTH, (c) and ANNO chunks before the samples", "[audio]") {
  const fs::path folder = fresh_folder("pcm_aiff_text");
  const fs::path path = folder / "tagged.aiff";
  AudioFileOptions options = pcm_options(SampleFormat::S16);
  options.metadata = {{"title", "Take 1"},      {"artist", "The Band"},  {"copyright", "(c) 2024"},
                      {"comment", "first note"}, {"comment", "second"}, {"genre", "Field"},
                      {"album", "Session"}};
  auto writer = make_aiff_writer(options);
  CHECK(writer->unsupported_metadata() == std::vector<std::string>{"genre", "album"});
  writer->open(path, 48000, 2);
  const AudioBlock block = make_block(SampleFormat::S16, 2, 500, 9);
  writer->write(block);
  writer->close();

  const auto bytes = slurp(path);
  const Aiff a = parse_aiff(bytes);
  CHECK(a.form_size == bytes.size() - 8);
  CHECK(a.chunks == std::vector<std::string>{"COMM", "NAME", "AUTH", "(c) ", "ANNO", "ANNO", "SSND"});
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"NAME", "Take 1"}, {"AUTH", "The Band"}, {"(c) ", "(c) 2024"}, {"ANNO", "first note"}, {"ANNO", "second"}};
  CHECK(a.texts == expected);
  CHECK(a.frames == 500);
  REQUIRE(a.data_size == block.data.size());
  CHECK(samples(bytes.data() + a.data_offset, a.data_size, SampleFormat::S16, true) ==
        samples(block.data.data(), block.data.size(), SampleFormat::S16, false));
  fs::remove_all(folder);
}

TEST_CASE("the live header covers the samples written before its last refresh", "[audio]") {
  const bool wav = GENERATE(true, false);
  CAPTURE(wav);
  const fs::path folder = fresh_folder("pcm_live");
  const fs::path path = folder / (wav ? "live.wav" : "live.aiff");
  const SampleFormat f = SampleFormat::S24;
  const int channels = 2;
  PcmWriterLimits limits;
  limits.header_refresh = 100ms;
  auto writer = wav ? make_wav_writer(pcm_options(f), limits) : make_aiff_writer(pcm_options(f), limits);
  writer->open(path, 48000, channels);

  // Right after open the file is a valid empty recording.
  if (wav) {
    const Wav w = parse_wav(slurp(path));
    CHECK(w.data_size == 0);
    CHECK(w.riff_size == slurp(path).size() - 8);
  } else {
    const Aiff a = parse_aiff(slurp(path));
    CHECK(a.frames == 0);
    CHECK(a.form_size == slurp(path).size() - 8);
  }

  std::vector<AudioBlock> blocks;
  blocks.push_back(make_block(f, channels, 4800, 1));
  writer->write(blocks.back());
  blocks.push_back(make_block(f, channels, 4800, 2));
  writer->write(blocks.back());
  std::this_thread::sleep_for(150ms);
  blocks.push_back(make_block(f, channels, 4801, 3));
  writer->write(blocks.back());  // the interval passed: this write rewrites the header, covering all three
  const size_t refreshed = concat(blocks).size();
  blocks.push_back(make_block(f, channels, 100, 4));
  writer->write(blocks.back());  // may or may not refresh; the header covers at least the three

  const auto bytes = slurp(path);  // not closed: what a killed process would leave
  const auto all = concat(blocks);
  uint64_t offset = 0, size = 0;
  if (wav) {
    const Wav w = parse_wav(bytes);
    CHECK(w.riff_id == "RIFF");
    CHECK(w.riff_size == w.data_offset + w.data_size - 8);
    CHECK(w.chunks == std::vector<std::string>{"JUNK", "fmt ", "data"});
    offset = w.data_offset, size = w.data_size;
  } else {
    const Aiff a = parse_aiff(bytes);
    CHECK(a.form_size == a.data_offset + a.data_size - 8);
    CHECK(a.frames * 6u == a.data_size);
    offset = a.data_offset, size = a.data_size;
  }
  CHECK(size >= refreshed);
  REQUIRE(size <= all.size());
  REQUIRE(offset + size <= bytes.size());
  CHECK(samples(bytes.data() + offset, size, f, !wav) == samples(all.data(), size, f, false));
  writer->close();
  fs::remove_all(folder);
}

TEST_CASE("with the default interval the header is rewritten within a second", "[audio]") {
  const fs::path folder = fresh_folder("pcm_live_default");
  const SampleFormat f = SampleFormat::S16;
  auto wav = make_wav_writer(pcm_options(f));
  auto aiff = make_aiff_writer(pcm_options(f));
  wav->open(folder / "a.wav", 48000, 2);
  aiff->open(folder / "a.aiff", 48000, 2);
  const AudioBlock first = make_block(f, 2, 48000, 1);
  wav->write(first);
  aiff->write(first);
  std::this_thread::sleep_for(1010ms);
  const AudioBlock second = make_block(f, 2, 10, 2);
  wav->write(second);
  aiff->write(second);
  const size_t expected = first.data.size() + second.data.size();
  CHECK(parse_wav(slurp(folder / "a.wav")).data_size == expected);
  CHECK(parse_aiff(slurp(folder / "a.aiff")).data_size == expected);
  wav->close();
  aiff->close();
  fs::remove_all(folder);
}

TEST_CASE("a refresh interval of zero keeps the header exact after every block", "[audio]") {
  const bool wav = GENERATE(true, false);
  const fs::path folder = fresh_folder("pcm_live_zero");
  const fs::path path = folder / (wav ? "z.wav" : "z.aiff");
  PcmWriterLimits limits;
  limits.header_refresh = 0ms;
  auto writer = wav ? make_wav_writer(pcm_options(SampleFormat::S32), limits)
                    : make_aiff_writer(pcm_options(SampleFormat::S32), limits);
  writer->open(path, 48000, 1);
  size_t total = 0;
  for (int i = 0; i < 5; ++i) {
    const AudioBlock block = make_block(SampleFormat::S32, 1, 1000 + i, static_cast<uint32_t>(i));
    writer->write(block);
    total += block.data.size();
    const auto bytes = slurp(path);
    CHECK((wav ? parse_wav(bytes).data_size : parse_aiff(bytes).data_size) == total);
    CHECK(bytes.size() == (wav ? parse_wav(bytes).data_offset : parse_aiff(bytes).data_offset) + total);
  }
  writer->close();
  fs::remove_all(folder);
}

TEST_CASE("a writer dropped without close still finishes its file", "[audio]") {
  const fs::path folder = fresh_folder("pcm_dropped");
  const AudioBlock block = make_block(SampleFormat::S16, 2, 333, 1);
  {
    auto wav = make_wav_writer(pcm_options(SampleFormat::S16));
    auto aiff = make_aiff_writer(pcm_options(SampleFormat::S16));
    wav->open(folder / "d.wav", 48000, 2);
    aiff->open(folder / "d.aiff", 48000, 2);
    wav->write(block);
    aiff->write(block);
  }
  CHECK(parse_wav(slurp(folder / "d.wav")).data_size == block.data.size());
  CHECK(parse_aiff(slurp(folder / "d.aiff")).frames == 333);
  fs::remove_all(folder);
}

TEST_CASE("WAV becomes RF64 in place once it passes the 32-bit size limit", "[audio]") {
  const fs::path folder = fresh_folder("pcm_rf64");
  const fs::path path = folder / "long.wav";
  PcmWriterLimits limits;
  limits.size_field_limit = 10000;  // stands in for 4 GiB
  limits.header_refresh = 1h;       // the switch must not wait for the clock
  AudioFileOptions options = pcm_options(SampleFormat::S24);
  options.metadata = {{"title", "long take"}};
  WavWriter writer(options, limits);
  writer.open(path, 48000, 2);

  std::vector<AudioBlock> blocks;
  blocks.push_back(make_block(SampleFormat::S24, 2, 1000, 1));  // 6000 bytes: still RIFF
  writer.write(blocks.back());
  CHECK_FALSE(writer.is_rf64());
  CHECK(parse_wav(slurp(path)).riff_id == "RIFF");

  blocks.push_back(make_block(SampleFormat::S24, 2, 1001, 2));  // 12006 bytes of samples: past the limit
  writer.write(blocks.back());
  CHECK(writer.is_rf64());
  {
    const auto bytes = slurp(path);  // still recording
    const Wav w = parse_wav(bytes);
    CHECK(w.riff_id == "RF64");
    CHECK(w.riff_size32 == 0xFFFFFFFF);
    CHECK(w.data_size32 == 0xFFFFFFFF);
    CHECK(w.chunks == std::vector<std::string>{"ds64", "fmt ", "data"});
    CHECK(w.riff_size == bytes.size() - 8);
    CHECK(w.data_size == 12006);
    CHECK(w.ds64_frames == 2001);
  }

  blocks.push_back(make_block(SampleFormat::S24, 2, 500, 3));
  writer.write(blocks.back());
  writer.close();

  const auto bytes = slurp(path);
  const auto all = concat(blocks);
  const Wav w = parse_wav(bytes);
  CHECK(w.riff_id == "RF64");
  CHECK(w.riff_size32 == 0xFFFFFFFF);
  CHECK(w.data_size32 == 0xFFFFFFFF);
  CHECK(w.riff_size == bytes.size() - 8);
  CHECK(w.ds64_frames == 2501);
  CHECK(w.chunks == std::vector<std::string>{"ds64", "fmt ", "data", "LIST"});
  CHECK(w.info == std::vector<std::pair<std::string, std::string>>{{"INAM", "long take"}});
  REQUIRE(w.data_size == all.size());
  CHECK(samples(bytes.data() + w.data_offset, w.data_size, SampleFormat::S24, false) ==
        samples(all.data(), all.size(), SampleFormat::S24, false));
  fs::remove_all(folder);
}

TEST_CASE("AIFF refuses to pass its 32-bit size limit and keeps what it wrote", "[audio]") {
  const fs::path folder = fresh_folder("pcm_aiff_limit");
  const fs::path path = folder / "long.aiff";
  PcmWriterLimits limits;
  limits.size_field_limit = 10000;  // stands in for 4 GiB
  auto writer = make_aiff_writer(pcm_options(SampleFormat::S16), limits);
  writer->open(path, 48000, 2);
  const AudioBlock block = make_block(SampleFormat::S16, 2, 1000, 1);  // 4000 bytes
  writer->write(block);
  writer->write(block);
  try {
    writer->write(block);
    FAIL("expected the AIFF size limit");
  } catch (const Error& e) {
    CHECK(e.code() == ExitCode::Output);
    CHECK_THAT(e.what(), Catch::Contains(path.string()) && Catch::Contains("--filetype wav (RF64)"));
  }
  writer->close();
  const auto bytes = slurp(path);
  const Aiff a = parse_aiff(bytes);
  CHECK(a.form_size == bytes.size() - 8);
  CHECK(a.frames == 2000);
  CHECK(a.data_size == 8000);
  fs::remove_all(folder);
}

TEST_CASE("PCM writers report unwritable files as output errors naming them", "[audio]") {
  const bool wav = GENERATE(true, false);
  const fs::path folder = fresh_folder("pcm_unwritable");
  const fs::path missing = folder / "no such folder" / (wav ? "take.wav" : "take.aiff");
  auto writer = wav ? make_wav_writer(pcm_options(SampleFormat::S16)) : make_aiff_writer(pcm_options(SampleFormat::S16));
  try {
    writer->open(missing, 48000, 2);
    FAIL("expected an error for a missing folder");
  } catch (const Error& e) {
    CHECK(e.code() == ExitCode::Output);
    CHECK_THAT(e.what(), Catch::Contains(missing.string()) && Catch::Contains("No such file or directory"));
  }
  CHECK_FALSE(fs::exists(missing));
  writer->close();  // nothing to close: no effect

  if (const FullFolder full("pcm_full"); full.mounted()) {  // a full disk: every write fails with ENOSPC
    const fs::path take = full / "take";
    try {
      writer->open(take, 48000, 2);
      for (int i = 0; i < 10; ++i) writer->write(make_block(SampleFormat::S16, 2, 300000, 1));
      writer->close();
      FAIL("expected an error on a full disk");
    } catch (const Error& e) {
      CHECK(e.code() == ExitCode::Output);
      CHECK_THAT(e.what(), Catch::Contains(take.string()) && Catch::Contains("No space left on device"));
    }
  }
  fs::remove_all(folder);
}

TEST_CASE("PCM writers check what they are handed", "[audio]") {
  try {
    make_wav_writer(pcm_options(SampleFormat::F32));
    FAIL("f32 WAV accepted");
  } catch (const Error& e) {
    CHECK(e.code() == ExitCode::Usage);
    CHECK_THAT(e.what(), Catch::Contains("pcm24"));
  }
  CHECK_THROWS_AS(make_aiff_writer(pcm_options(SampleFormat::F32)), Error);

  const fs::path folder = fresh_folder("pcm_handed");
  auto writer = make_wav_writer(pcm_options(SampleFormat::S16));
  writer->open(folder / "x.wav", 48000, 2);
  try {
    writer->write(make_block(SampleFormat::S24, 1, 10, 1));
    FAIL("a mono block accepted by a stereo writer");
  } catch (const Error& e) {
    CHECK(e.code() == ExitCode::Output);
    CHECK_THAT(e.what(), Catch::Contains("x.wav"));
  }
  writer->close();
  CHECK(parse_wav(slurp(folder / "x.wav")).data_size == 0);
  fs::remove_all(folder);
}

TEST_CASE("PCM writers convert blocks of another sample format once, into their own", "[audio]") {
  const fs::path folder = fresh_folder("pcm_converting");
  AudioBlock f32;
  f32.format = SampleFormat::F32;
  f32.channels = 2;
  for (int i = 0; i < 2 * 1001; ++i) {
    const float v = std::sin(static_cast<float>(i) * 0.01f) * 1.2f;  // past full scale now and then
    const auto* p = reinterpret_cast<const uint8_t*>(&v);
    f32.data.insert(f32.data.end(), p, p + 4);
  }
  for (const SampleFormat f : {SampleFormat::S16, SampleFormat::S24}) {
    CAPTURE(sample_format_token(f));
    const AudioBlock expected = convert_samples(f32, f);
    fs::remove(folder / "c.wav");  // writers create their file new
    fs::remove(folder / "c.aiff");
    auto wav = make_wav_writer(pcm_options(f));
    wav->open(folder / "c.wav", 48000, 2);
    wav->write(f32);
    wav->close();
    const auto wav_bytes = slurp(folder / "c.wav");
    const Wav w = parse_wav(wav_bytes);
    REQUIRE(w.data_size == expected.data.size());
    CHECK(std::equal(expected.data.begin(), expected.data.end(), wav_bytes.begin() + static_cast<long>(w.data_offset)));

    auto aiff = make_aiff_writer(pcm_options(f));
    aiff->open(folder / "c.aiff", 48000, 2);
    aiff->write(f32);
    aiff->close();
    const auto aiff_bytes = slurp(folder / "c.aiff");
    const size_t unit = static_cast<size_t>(sample_bytes(f));
    // The last bytes of the file are the SSND samples (no chunk follows without metadata).
    const size_t start = aiff_bytes.size() - expected.data.size() - (expected.data.size() % 2);
    for (size_t i = 0; i < expected.data.size(); i += unit)
      for (size_t b = 0; b < unit; ++b) CHECK(aiff_bytes[start + i + b] == expected.data[i + unit - 1 - b]);
  }
  fs::remove_all(folder);
}
