#include "sinks/audio/ogg_vorbis_writer.hpp"

#include <algorithm>
#include <random>

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <vorbis/vorbisenc.h>

namespace frameout {

namespace {

// Any fixed value makes --deterministic runs identical ("frOu" in ASCII).
constexpr int kDeterministicSerial = 0x66724F75;

// Vorbis I comment field names are ASCII 0x20 to 0x7D without '='.
bool is_comment_name(const std::string& key) {
  return !key.empty() && std::all_of(key.begin(), key.end(), [](char c) { return c >= 0x20 && c <= 0x7D && c != '='; });
}

}  // namespace

std::vector<std::string> OggVorbisWriter::unsupported_metadata() const {
  std::vector<std::string> keys;
  for (const auto& [key, value] : options_.metadata)
    if (!is_comment_name(key)) keys.push_back(key);
  return keys;
}

OggVorbisWriter::OggVorbisWriter(const AudioFileOptions& options) : options_(options) {}

OggVorbisWriter::~OggVorbisWriter() { free_encoder(); }

void OggVorbisWriter::free_encoder() noexcept {
  if (!encoding_) return;
  encoding_ = false;
  ogg_stream_clear(&stream_);
  vorbis_block_clear(&block_);
  vorbis_dsp_clear(&dsp_);
  vorbis_info_clear(&info_);
}

void OggVorbisWriter::open(const std::filesystem::path& path, int rate, int channels) {
  check_pcm_layout("OGG", path, rate, channels);
  free_encoder();
  channels_ = channels;
  frames_ = 0;
  vorbis_info_init(&info_);
  if (const int rc = vorbis_encode_init_vbr(&info_, channels, rate, static_cast<float>(options_.vorbis_quality));
      rc != 0) {
    vorbis_info_clear(&info_);
    throw Error(ExitCode::Unavailable,
                fmt::format("cannot write OGG \"{}\": libvorbis cannot encode {} Hz, {} channels at --ogg-quality {} "
                            "(error {})",
                            path.string(), rate, channels, options_.vorbis_quality, rc));
  }
  vorbis_analysis_init(&dsp_, &info_);
  vorbis_block_init(&dsp_, &block_);
  ogg_stream_init(&stream_, options_.deterministic ? kDeterministicSerial : static_cast<int>(std::random_device{}()));
  encoding_ = true;

  // The header packets point into dsp_, not into the comments, so the comments can go at once.
  vorbis_comment comment;
  vorbis_comment_init(&comment);
  for (const auto& [key, value] : options_.metadata)
    if (is_comment_name(key)) vorbis_comment_add_tag(&comment, key.c_str(), value.c_str());
  ogg_packet identification, comments, codebooks;
  vorbis_analysis_headerout(&dsp_, &comment, &identification, &comments, &codebooks);
  vorbis_comment_clear(&comment);
  ogg_stream_packetin(&stream_, &identification);
  ogg_stream_packetin(&stream_, &comments);
  ogg_stream_packetin(&stream_, &codebooks);

  file_.open(path);
  try {
    // libogg puts the identification header alone on the first page; flushing here also starts the audio on a
    // fresh page, both of which the Vorbis I spec requires.
    write_pages(true);
  } catch (...) {
    file_.discard();
    throw;
  }
  spdlog::debug("OGG \"{}\": {} Hz, {} channels, quality {}", path.string(), rate, channels, options_.vorbis_quality);
}

void OggVorbisWriter::write(const AudioBlock& block) {
  if (!file_.is_open() || !encoding_) throw file_.error("internal: write before open or after close");
  check_pcm_block(file_, block, channels_);
  const auto frames = static_cast<size_t>(block.frames());
  if (frames == 0) return;  // wrote(0) would mean end of stream
  try {
    const size_t samples = frames * static_cast<size_t>(channels_);
    scratch_.resize(samples);
    convert_sample_run(block.data.data(), block.format, reinterpret_cast<uint8_t*>(scratch_.data()),
                       SampleFormat::F32, samples);
    // The whole block in one call: libvorbis's per-call overhead is what made the libav wrapper slow.
    float** planes = vorbis_analysis_buffer(&dsp_, static_cast<int>(frames));
    for (int c = 0; c < channels_; ++c) {
      const float* in = scratch_.data() + c;
      float* out = planes[c];
      for (size_t i = 0; i < frames; ++i, in += channels_) out[i] = *in;
    }
    vorbis_analysis_wrote(&dsp_, static_cast<int>(frames));
    frames_ += block.frames();
    encode_ready_blocks();
  } catch (...) {
    file_.discard();
    throw;
  }
}

void OggVorbisWriter::encode_ready_blocks() {
  ogg_packet packet;
  while (vorbis_analysis_blockout(&dsp_, &block_) == 1) {
    vorbis_analysis(&block_, nullptr);
    vorbis_bitrate_addblock(&block_);
    while (vorbis_bitrate_flushpacket(&dsp_, &packet) == 1) {
      ogg_stream_packetin(&stream_, &packet);
      write_pages(false);
    }
  }
}

void OggVorbisWriter::write_pages(bool flush) {
  ogg_page page;
  while ((flush ? ogg_stream_flush(&stream_, &page) : ogg_stream_pageout(&stream_, &page)) != 0) {
    file_.append(page.header, static_cast<size_t>(page.header_len));
    file_.append(page.body, static_cast<size_t>(page.body_len));
  }
}

void OggVorbisWriter::close() {
  if (!file_.is_open() || !encoding_) return;
  try {
    // wrote(0) marks the end: libvorbis then trims the last granule position to the samples actually given.
    vorbis_analysis_wrote(&dsp_, 0);
    encode_ready_blocks();
    write_pages(true);
    file_.close();
  } catch (...) {
    file_.discard();
    throw;
  }
  spdlog::debug("OGG \"{}\" closed: {} sample frames", file_.path().string(), frames_);
  free_encoder();
}

}  // namespace frameout
