#include "sinks/audio/wav_writer.hpp"

#include <algorithm>
#include <array>

#include <spdlog/spdlog.h>

namespace frameout {

namespace {

constexpr uint32_t kJunkBytes = 28;  // exactly a ds64 chunk without table: RIFF size, data size, sample count, 0
constexpr uint16_t kFormatPcm = 1;
constexpr uint16_t kFormatExtensible = 0xFFFE;
// KSDATAFORMAT_SUBTYPE_PCM, 00000001-0000-0010-8000-00AA00389B71, as stored (first three fields little-endian).
constexpr std::array<uint8_t, 16> kSubtypePcm = {0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x00,
                                                 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71};

struct InfoKey {
  std::string_view key;
  std::string_view id;
};
constexpr std::array<InfoKey, 9> kInfoKeys = {{{"title", "INAM"},
                                               {"artist", "IART"},
                                               {"comment", "ICMT"},
                                               {"copyright", "ICOP"},
                                               {"date", "ICRD"},
                                               {"genre", "IGNR"},
                                               {"software", "ISFT"},
                                               {"album", "IPRD"},
                                               {"track", "ITRK"}}};

}  // namespace

std::string riff_info_id(std::string_view key) {
  for (const auto& k : kInfoKeys)
    if (same_key_ignoring_case(key, k.key)) return std::string(k.id);
  // Users who know RIFF name the chunk directly (IENG, ISRC, ...): every INFO id is 'I' and three more.
  const bool info_id = key.size() == 4 && key[0] == 'I' && std::all_of(key.begin(), key.end(), [](char c) {
                         return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
                       });
  return info_id ? std::string(key) : std::string();
}

uint32_t wav_channel_mask(int channels) {
  // SPEAKER_* bits: FL 0x1, FR 0x2, FC 0x4, LFE 0x8, BL 0x10, BR 0x20, BC 0x100, SL 0x200, SR 0x400.
  // The layouts are Microsoft's KSAUDIO_SPEAKER_* ones, which ffmpeg and players map to mono ... 7.1.
  constexpr std::array<uint32_t, 9> masks = {0, 0x4, 0x3, 0x7, 0x33, 0x37, 0x3F, 0x70F, 0x63F};
  return channels >= 1 && channels <= 8 ? masks[static_cast<size_t>(channels)] : 0;
}

WavWriter::WavWriter(const AudioFileOptions& options, PcmWriterLimits limits)
    : format_(pcm_integer_format("WAV", options.sample_format)), limits_(limits), clock_(limits.header_refresh) {
  for (const auto& [key, value] : options.metadata) {
    const std::string id = riff_info_id(key);
    if (id.empty())
      unsupported_.push_back(key);
    else
      info_.emplace_back(id, value);
  }
}

WavWriter::~WavWriter() {
  if (!file_.is_open()) return;
  try {
    close();
  } catch (const std::exception& e) {
    spdlog::debug("WAV writer dropped without close: {}", e.what());
  }
}

HeaderBytes WavWriter::header() const {
  const int bits = 8 * sample_bytes(format_);
  const bool extensible = channels_ > 2 || bits > 16;
  const uint32_t block_align = static_cast<uint32_t>(channels_ * sample_bytes(format_));
  const uint64_t header_length = 12 + 8 + kJunkBytes + 8 + (extensible ? 40 : 16) + 8;
  // RIFF covers everything in the file: header, samples and, after close(), the pad byte and LIST chunk.
  const uint64_t riff_size = std::max<uint64_t>(file_.size(), header_length + data_bytes_) - 8;
  const uint64_t frames = data_bytes_ / block_align;

  HeaderBytes h;
  if (rf64_) {
    // EBU Tech 3306: the 32-bit sizes say "look in ds64", which holds the real ones.
    h.id("RF64"), h.le32(0xFFFFFFFF), h.id("WAVE");
    h.id("ds64"), h.le32(kJunkBytes);
    h.le64(riff_size), h.le64(data_bytes_), h.le64(frames), h.le32(0);  // no table of other large chunks
  } else {
    h.id("RIFF"), h.le32(static_cast<uint32_t>(riff_size)), h.id("WAVE");
    h.id("JUNK"), h.le32(kJunkBytes), h.zeros(kJunkBytes);
  }
  h.id("fmt "), h.le32(extensible ? 40 : 16);
  h.le16(extensible ? kFormatExtensible : kFormatPcm);
  h.le16(static_cast<uint16_t>(channels_));
  h.le32(static_cast<uint32_t>(rate_));
  h.le32(static_cast<uint32_t>(rate_) * block_align);
  h.le16(static_cast<uint16_t>(block_align));
  h.le16(static_cast<uint16_t>(bits));
  if (extensible) {
    h.le16(22);                         // extension size
    h.le16(static_cast<uint16_t>(bits));  // valid bits: all of them
    h.le32(wav_channel_mask(channels_));
    h.raw(kSubtypePcm.data(), kSubtypePcm.size());
  }
  h.id("data"), h.le32(rf64_ ? 0xFFFFFFFF : static_cast<uint32_t>(data_bytes_));
  return h;
}

void WavWriter::open(const std::filesystem::path& path, int rate, int channels) {
  check_pcm_layout("WAV", path, rate, channels);
  rate_ = rate;
  channels_ = channels;
  data_bytes_ = 0;
  rf64_ = false;
  file_.open(path);
  try {
    const HeaderBytes h = header();
    // On disk at once: an empty recording is already a valid file.
    file_.append(h.bytes.data(), h.size());
    file_.flush();
  } catch (...) {
    file_.discard();
    throw;
  }
  clock_.reset();
  spdlog::debug("WAV \"{}\": {} Hz, {} channels, {}", path.string(), rate, channels, sample_format_token(format_));
}

void WavWriter::rewrite_header() {
  // Samples first, then the sizes that cover them: a header never claims bytes the file does not hold.
  file_.flush();
  if (!rf64_ && file_.size() - 8 > limits_.size_field_limit) {
    rf64_ = true;
    spdlog::debug("WAV \"{}\" passed {} bytes: now RF64", file_.path().string(), limits_.size_field_limit);
  }
  const HeaderBytes h = header();
  file_.write_at(0, h.bytes.data(), h.size());
  clock_.reset();
}

void WavWriter::write(const AudioBlock& block) {
  if (!file_.is_open()) throw file_.error("internal: write before open or after close");
  check_pcm_block(file_, block, channels_);
  try {
    data_bytes_ += file_.append_samples(block, format_, ByteOrder::Little);
    // Past the limit the RIFF sizes are wrong at once; switch now rather than at the next tick.
    if (clock_.due() || (!rf64_ && file_.size() - 8 > limits_.size_field_limit)) rewrite_header();
  } catch (...) {
    file_.discard();
    throw;
  }
}

void WavWriter::close() {
  if (!file_.is_open()) return;
  try {
    if (data_bytes_ % 2 != 0) file_.append("", 1);  // chunks start on even offsets
    if (!info_.empty()) {
      HeaderBytes list;
      list.id("LIST"), list.le32(0), list.id("INFO");
      for (const auto& [id, text] : info_) {
        const size_t size = text.size() + 1;  // NUL-terminated (ZSTR)
        list.id(id), list.le32(static_cast<uint32_t>(size));
        list.raw(text.data(), text.size());
        list.zeros(size % 2 == 0 ? 1 : 2);
      }
      const uint32_t list_size = static_cast<uint32_t>(list.size() - 8);
      for (int i = 0; i < 4; ++i) list.bytes[4 + static_cast<size_t>(i)] = static_cast<uint8_t>(list_size >> (8 * i));
      file_.append(list.bytes.data(), list.size());
    }
    rewrite_header();
    file_.close();
  } catch (...) {
    file_.discard();
    throw;
  }
  spdlog::debug("WAV \"{}\" closed: {} sample frames{}", file_.path().string(),
                data_bytes_ / (static_cast<uint64_t>(channels_) * sample_bytes(format_)), rf64_ ? " (RF64)" : "");
}

std::unique_ptr<AudioFileWriter> make_wav_writer(const AudioFileOptions& options, PcmWriterLimits limits) {
  return std::make_unique<WavWriter>(options, limits);
}

}  // namespace frameout
