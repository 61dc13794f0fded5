#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

extern "C" {
#include <libavformat/avformat.h>
}

#include "media/rational.hpp"
#include "sinks/movie/crash_safe_options.hpp"
#include "sinks/movie/fragment_finaliser.hpp"
#include "sinks/movie/iso_box.hpp"
#include "system/error.hpp"
#include "temp_files.hpp"

using namespace frameout;
namespace fs = std::filesystem;

namespace {

constexpr int kFps = 10;
constexpr int kFrames = 35;  // three whole fragments of a second and a short last one
constexpr int kAudioRate = 8000;
constexpr int kAudioPerPacket = 800;  // 0.1 s of mono s16

uint8_t frame_byte(int frame, int i) { return static_cast<uint8_t>(frame * 7 + i); }
int frame_size(int frame) { return 200 + (frame * 37) % 300; }

// A fragmented mov as frameout's muxer writes it (the same options): video whose presentation runs one frame
// behind decoding (as B-frames make it), a key frame every 10 frames, and a PCM sound track.
void write_fragmented(const fs::path& path) {
  av_log_set_level(AV_LOG_QUIET);  // the packets are not real MPEG-4 pictures; only their bytes matter here
  AVFormatContext* out = nullptr;
  REQUIRE(avformat_alloc_output_context2(&out, nullptr, "mov", path.c_str()) >= 0);
  out->flags |= AVFMT_FLAG_BITEXACT;
  AVStream* video = avformat_new_stream(out, nullptr);
  video->codecpar->codec_type = AVMEDIA_TYPE_VIDEO;
  video->codecpar->codec_id = AV_CODEC_ID_MPEG4;
  video->codecpar->width = 64;
  video->codecpar->height = 48;
  video->time_base = {1, kFps};
  AVStream* audio = avformat_new_stream(out, nullptr);
  audio->codecpar->codec_type = AVMEDIA_TYPE_AUDIO;
  audio->codecpar->codec_id = AV_CODEC_ID_PCM_S16LE;
  audio->codecpar->sample_rate = kAudioRate;
  audio->codecpar->ch_layout = AV_CHANNEL_LAYOUT_MONO;
  audio->codecpar->block_align = 2;
  audio->time_base = {1, kAudioRate};
  REQUIRE(avio_open(&out->pb, path.c_str(), AVIO_FLAG_WRITE) >= 0);
  AVDictionary* options = nullptr;
  add_crash_safe_options("mov", Rational{kFps, 1}, false, &options);
  REQUIRE(avformat_write_header(out, &options) >= 0);
  av_dict_free(&options);
  AVPacket* packet = av_packet_alloc();
  for (int f = 0; f < kFrames; ++f) {
    REQUIRE(av_new_packet(packet, frame_size(f)) >= 0);
    for (int i = 0; i < packet->size; ++i) packet->data[i] = frame_byte(f, i);
    packet->stream_index = 0;
    packet->dts = f - 1;
    packet->pts = f;
    packet->duration = 1;
    packet->flags = f % 10 == 0 ? AV_PKT_FLAG_KEY : 0;
    av_packet_rescale_ts(packet, {1, kFps}, video->time_base);
    REQUIRE(av_interleaved_write_frame(out, packet) >= 0);
    REQUIRE(av_new_packet(packet, kAudioPerPacket * 2) >= 0);
    packet->stream_index = 1;
    packet->pts = packet->dts = int64_t{f} * kAudioPerPacket;
    packet->duration = kAudioPerPacket;
    packet->flags = AV_PKT_FLAG_KEY;
    av_packet_rescale_ts(packet, {1, kAudioRate}, audio->time_base);
    REQUIRE(av_interleaved_write_frame(out, packet) >= 0);
  }
  av_packet_free(&packet);
  REQUIRE(av_write_trailer(out) >= 0);
  avio_closep(&out->pb);
  avformat_free_context(out);
}

struct Demuxed {
  std::vector<int64_t> pts;  // video, in frames
  std::vector<bool> key;     // video
  bool bytes_match = true;   // every video packet holds the bytes written for its frame
  int64_t audio_bytes = 0;
};

Demuxed demux(const fs::path& path) {
  Demuxed d;
  AVFormatContext* in = nullptr;
  REQUIRE(avformat_open_input(&in, path.c_str(), nullptr, nullptr) >= 0);
  AVPacket* packet = av_packet_alloc();
  while (av_read_frame(in, packet) >= 0) {
    if (packet->stream_index == 0) {
      const int64_t frame = av_rescale_q(packet->pts, in->streams[0]->time_base, {1, kFps});
      d.pts.push_back(frame);
      d.key.push_back(packet->flags & AV_PKT_FLAG_KEY);
      if (packet->size != frame_size(static_cast<int>(frame))) d.bytes_match = false;
      for (int i = 0; i < packet->size && d.bytes_match; ++i)
        if (packet->data[i] != frame_byte(static_cast<int>(frame), i)) d.bytes_match = false;
    } else {
      d.audio_bytes += packet->size;
    }
    av_packet_unref(packet);
  }
  av_packet_free(&packet);
  avformat_close_input(&in);
  return d;
}

std::vector<std::string> top_level_types(const fs::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY);
  REQUIRE(fd >= 0);
  const TopLevelBoxes top = scan_top_level(fd);
  ::close(fd);
  std::vector<std::string> types;
  for (const BoxHeader& box : top.boxes) types.emplace_back(box.type.data(), 4);
  return types;
}

// `audio_packets_short`: fragments are cut on the video's decode time, so a recovered file's sound track may
// end one packet before its pictures.
void check_whole_frames(const Demuxed& d, int frames, int audio_packets_short = 0) {
  REQUIRE(d.pts.size() == static_cast<size_t>(frames));
  for (int f = 0; f < frames; ++f) {
    CHECK(d.pts[f] == f);  // the edit list starts the presentation at the first frame
    CHECK(d.key[f] == (f % 10 == 0));
  }
  CHECK(d.bytes_match);
  const int64_t audio_expected = int64_t{frames} * kAudioPerPacket * 2;
  CHECK(d.audio_bytes <= audio_expected);
  CHECK(d.audio_bytes >= audio_expected - int64_t{audio_packets_short} * kAudioPerPacket * 2);
}

void poke(const fs::path& path, uint64_t offset, const char* text) {
  const int fd = ::open(path.c_str(), O_WRONLY);
  REQUIRE(fd >= 0);
  REQUIRE(::pwrite(fd, text, 4, static_cast<off_t>(offset)) == 4);
  ::close(fd);
}

}  // namespace

TEST_CASE("a clean stop turns the fragments into an ordinary movie in place", "[finaliser]") {
  const auto folder = testing::fresh_folder("finaliser_clean");
  const auto path = folder / "take.mov";
  write_fragmented(path);
  const auto before = top_level_types(path);
  REQUIRE(std::count(before.begin(), before.end(), "moof") == 4);
  const auto size_before = fs::file_size(path);

  const FinaliseSummary summary = finalise_fragmented_movie(path, FinaliseMode::CleanStop);
  CHECK(summary.samples == 2 * kFrames);
  CHECK(summary.bytes_cut == 0);
  const auto after = top_level_types(path);
  CHECK(std::count(after.begin(), after.end(), "moof") == 0);
  CHECK(std::count(after.begin(), after.end(), "moov") == 1);
  CHECK(after.back() == "moov");
  // The media data stays where it was: the file only grew by the appended moov.
  CHECK(fs::file_size(path) - size_before < 4096);
  CHECK(std::count(after.begin(), after.end(), "mdat") == 4);
  check_whole_frames(demux(path), kFrames);

  // Finalising again finds an ordinary movie and leaves it as it is.
  const auto finished_size = fs::file_size(path);
  CHECK(finalise_fragmented_movie(path, FinaliseMode::CleanStop).samples == 0);
  CHECK(fs::file_size(path) == finished_size);
  fs::remove_all(folder);
}

TEST_CASE("recovery cuts off a fragment the kill interrupted and keeps every whole one", "[finaliser]") {
  const auto folder = testing::fresh_folder("finaliser_recover");
  const auto whole = folder / "whole.mov";
  write_fragmented(whole);
  const auto size = fs::file_size(whole);
  for (const double at : {0.45, 0.7, 0.95}) {
    const auto cut = folder / "cut.mov";
    fs::copy_file(whole, cut, fs::copy_options::overwrite_existing);
    fs::resize_file(cut, static_cast<uintmax_t>(static_cast<double>(size) * at));
    CHECK_THROWS_AS(finalise_fragmented_movie(cut, FinaliseMode::CleanStop), Error);
    const FinaliseSummary summary = finalise_fragmented_movie(cut, FinaliseMode::Recovery);
    CHECK(summary.bytes_cut > 0);
    const Demuxed d = demux(cut);
    INFO("cut at " << at);
    REQUIRE(d.pts.size() % kFps == 0);  // whole fragments of a second only
    REQUIRE(!d.pts.empty());
    check_whole_frames(d, static_cast<int>(d.pts.size()), 1);
  }
  fs::remove_all(folder);
}

TEST_CASE("recovery finishes a finalisation that was interrupted after the full moov was written", "[finaliser]") {
  const auto folder = testing::fresh_folder("finaliser_interrupted");
  const auto path = folder / "take.mov";
  write_fragmented(path);
  const int fd = ::open(path.c_str(), O_RDONLY);
  const TopLevelBoxes fragmented = scan_top_level(fd);
  ::close(fd);
  finalise_fragmented_movie(path, FinaliseMode::CleanStop);
  // Undo part of the hiding: the initial moov and the second fragment are visible again.
  for (const BoxHeader& box : fragmented.boxes) {
    if (box.is("moov")) poke(path, box.offset + 4, "moov");
  }
  int moofs = 0;
  for (const BoxHeader& box : fragmented.boxes)
    if (box.is("moof") && ++moofs == 2) poke(path, box.offset + 4, "moof");
  const FinaliseSummary summary = finalise_fragmented_movie(path, FinaliseMode::Recovery);
  CHECK(summary.was_finished);
  const auto types = top_level_types(path);
  CHECK(std::count(types.begin(), types.end(), "moof") == 0);
  CHECK(std::count(types.begin(), types.end(), "moov") == 1);
  check_whole_frames(demux(path), kFrames);
  fs::remove_all(folder);
}

TEST_CASE("recovery refuses a file that is not a movie, naming it", "[finaliser]") {
  const auto folder = testing::fresh_folder("finaliser_refuse");
  const auto path = folder / "notes.txt";
  std::ofstream(path) << "not a movie at all";
  try {
    finalise_fragmented_movie(path, FinaliseMode::Recovery);
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.code() == ExitCode::Input);
    CHECK(std::string(e.what()).find("notes.txt") != std::string::npos);
  }
  fs::remove_all(folder);
}
