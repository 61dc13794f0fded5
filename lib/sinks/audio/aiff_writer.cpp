#include "sinks/audio/aiff_writer.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

namespace frameout {

namespace {

struct TextKey {
  std::string_view key;
  std::string_view id;
};
constexpr std::array<TextKey, 6> kTextKeys = {{{"title", "NAME"},
                                               {"artist", "AUTH"},
                                               {"author", "AUTH"},
                                               {"copyright", "(c) "},
                                               {"comment", "ANNO"},
                                               {"annotation", "ANNO"}}};

// The sample rate as an IEEE 754 80-bit extended float (sign+exponent, then a 64-bit mantissa with an
// explicit integer bit), which is how COMM stores it. Rates are whole numbers, so this is exact.
void put_extended(HeaderBytes& h, uint32_t rate) {
  if (rate == 0) {
    h.zeros(10);
    return;
  }
  const int exponent = 31 - std::countl_zero(rate);
  h.be16(static_cast<uint16_t>(16383 + exponent));
  h.be64(static_cast<uint64_t>(rate) << (63 - exponent));
}

}  // namespace

std::string aiff_text_chunk_id(std::string_view key) {
  for (const auto& k : kTextKeys)
    if (same_key_ignoring_case(key, k.key)) return std::string(k.id);
  for (const std::string_view id : {"NAME", "AUTH", "(c) ", "ANNO"})
    if (key == id) return std::string(id);
  return {};
}

AiffWriter::AiffWriter(const AudioFileOptions& options, PcmWriterLimits limits)
    : format_(pcm_integer_format("AIFF", options.sample_format)), limits_(limits), clock_(limits.header_refresh) {
  for (const auto& [key, value] : options.metadata) {
    const std::string id = aiff_text_chunk_id(key);
    if (id.empty())
      unsupported_.push_back(key);
    else
      text_chunks_.emplace_back(id, value);
  }
}

AiffWriter::~AiffWriter() {
  if (!file_.is_open()) return;
  try {
    close();
  } catch (const std::exception& e) {
    spdlog::debug("AIFF writer dropped without close: {}", e.what());
  }
}

HeaderBytes AiffWriter::header() const {
  const int bytes_per_sample = sample_bytes(format_);
  const uint64_t frames = data_bytes_ / (static_cast<uint64_t>(channels_) * bytes_per_sample);

  HeaderBytes h;
  h.id("FORM"), h.le32(0), h.id("AIFF");  // size filled in below, once the header length is known
  h.id("COMM"), h.be32(18);
  h.be16(static_cast<uint16_t>(channels_));
  h.be32(static_cast<uint32_t>(frames));
  h.be16(static_cast<uint16_t>(8 * bytes_per_sample));
  put_extended(h, static_cast<uint32_t>(rate_));
  for (const auto& [id, text] : text_chunks_) {
    h.id(id), h.be32(static_cast<uint32_t>(text.size()));
    h.raw(text.data(), text.size());
    if (text.size() % 2 != 0) h.zeros(1);
  }
  h.id("SSND"), h.be32(static_cast<uint32_t>(8 + data_bytes_));
  h.be32(0), h.be32(0);  // offset, block size: samples start right away, no alignment

  // FORM covers everything in the file: the header, the samples and, after close(), the pad byte.
  const uint64_t file_bytes = std::max<uint64_t>(file_.size(), h.size() + data_bytes_);
  const auto form_size = static_cast<uint32_t>(file_bytes - 8);
  for (int i = 0; i < 4; ++i) h.bytes[4 + static_cast<size_t>(i)] = static_cast<uint8_t>(form_size >> (8 * (3 - i)));
  return h;
}

void AiffWriter::open(const std::filesystem::path& path, int rate, int channels) {
  check_pcm_layout("AIFF", path, rate, channels);
  rate_ = rate;
  channels_ = channels;
  data_bytes_ = 0;
  file_.open(path);
  try {
    const HeaderBytes h = header();
    if (h.size() - 8 > limits_.size_field_limit) throw file_.error("the metadata does not fit in an AIFF file");
    file_.append(h.bytes.data(), h.size());
    file_.flush();  // on disk at once: an empty recording is already a valid file
  } catch (...) {
    file_.discard();
    throw;
  }
  clock_.reset();
  spdlog::debug("AIFF \"{}\": {} Hz, {} channels, {}", path.string(), rate, channels, sample_format_token(format_));
}

void AiffWriter::rewrite_header() {
  // Samples first, then the sizes that cover them: a header never claims bytes the file does not hold.
  file_.flush();
  const HeaderBytes h = header();
  file_.write_at(0, h.bytes.data(), h.size());
  clock_.reset();
}

void AiffWriter::write(const AudioBlock& block) {
  if (!file_.is_open()) throw file_.error("internal: write before open or after close");
  check_pcm_block(file_, block, channels_);
  const size_t size = static_cast<size_t>(block.frames()) * static_cast<size_t>(channels_ * sample_bytes(format_));
  const uint64_t data_after = data_bytes_ + size;
  // Refuse before writing anything of the block, so close() still finishes a valid file up to here.
  if (file_.size() - 8 + size + data_after % 2 > limits_.size_field_limit)
    throw file_.error(fmt::format("AIFF files cannot pass 4 GiB, reached after {} sample frames; use --filetype "
                                  "wav (RF64) for longer recordings",
                                  data_bytes_ / (static_cast<uint64_t>(channels_) * sample_bytes(format_))));
  try {
    file_.append_samples(block, format_, ByteOrder::Big);
    data_bytes_ = data_after;
    if (clock_.due()) rewrite_header();
  } catch (...) {
    file_.discard();
    throw;
  }
}

void AiffWriter::close() {
  if (!file_.is_open()) return;
  try {
    if (data_bytes_ % 2 != 0) file_.append("", 1);  // chunks are padded to even lengths
    rewrite_header();
    file_.close();
  } catch (...) {
    file_.discard();
    throw;
  }
  spdlog::debug("AIFF \"{}\" closed: {} sample frames", file_.path().string(),
                data_bytes_ / (static_cast<uint64_t>(channels_) * sample_bytes(format_)));
}

std::unique_ptr<AudioFileWriter> make_aiff_writer(const AudioFileOptions& options, PcmWriterLimits limits) {
  return std::make_unique<AiffWriter>(options, limits);
}

}  // namespace frameout
