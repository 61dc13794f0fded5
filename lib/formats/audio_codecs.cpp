#include "formats/audio_codecs.hpp"

#include <algorithm>

namespace frameout {

namespace {

const std::vector<AudioCodec>& audio_codec_table() {
  static const std::vector<AudioCodec> codecs = {
      {"alac", "ALAC (Apple Lossless)", "alac", {"mov", "mp4", "mkv"}, 8},
      {"mp3", "MP3", "libmp3lame", {"mov", "mp4", "mkv"}, 2, true},
      {"aac", "AAC", "aac", {"mp4", "mov", "mkv"}, 8, true, true},
      {"vorbis", "Vorbis", "libvorbis", {"mkv", "webm"}, 8, true},
      {"opus", "Opus", "libopus", {"mp4", "mkv", "webm"}, 8, true},
      {"pcm16", "Uncompressed 16-bit (PCM)", "pcm_s16le", {"mov", "mkv"}, 16},
      {"pcm24", "Uncompressed 24-bit (PCM)", "pcm_s24le", {"mov", "mkv"}, 16},
      {"pcm32", "Uncompressed 32-bit (PCM)", "pcm_s32le", {"mov", "mkv"}, 16},
  };
  return codecs;
}

}  // namespace

std::span<const AudioCodec> audio_codecs() { return audio_codec_table(); }

const AudioCodec* find_audio_codec(std::string_view token) {
  const auto& codecs = audio_codec_table();
  const auto it = std::find_if(codecs.begin(), codecs.end(), [&](const AudioCodec& c) { return c.token == token; });
  return it == codecs.end() ? nullptr : &*it;
}

}  // namespace frameout
