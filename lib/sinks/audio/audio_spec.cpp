#include "sinks/audio/audio_spec.hpp"

#include "sinks/audio/aiff_writer.hpp"
#include "sinks/audio/encoded_audio_writer.hpp"
#include "sinks/audio/ogg_vorbis_writer.hpp"
#include "sinks/audio/wav_writer.hpp"

namespace frameout {

std::unique_ptr<AudioFileWriter> make_audio_writer(const AudioFileSpec& spec) {
  if (spec.filetype == "wav") return make_wav_writer(spec.options);
  if (spec.filetype == "aiff") return make_aiff_writer(spec.options);
  if (spec.filetype == "mp3") return std::make_unique<EncodedAudioWriter>("mp3", "libmp3lame", spec.options);
  return std::make_unique<OggVorbisWriter>(spec.options);
}

}  // namespace frameout
