#pragma once
// One libav audio encoder fed with AudioBlocks of any sample format: converts (and resamples only when
// the encoder cannot take the input rate), cuts encoder-sized frames and returns packets.

#include <string>
#include <vector>

#include "system/error.hpp"
#include "media/audio_block.hpp"
#include "media/libav.hpp"

struct AVAudioFifo;
struct SwrContext;

namespace frameout {

//! How to configure an audio encoder.
struct AudioEncoderSettings {
  std::string encoder;        //!< libav encoder name (aac, libmp3lame, libvorbis, libopus, alac, pcm_s24le, ...)
  int rate = 48000;           //!< input sample rate
  int channels = 2;           //!< input channels
  int64_t bit_rate = 0;       //!< bits per second for lossy codecs (0: use `quality`)
  double quality = -1;        //!< libvorbis quality 0..10 when bit_rate is 0
  bool global_header = false; //!< the container keeps codec headers out of band
  bool deterministic = false; //!< bit-exact flags
  std::string output_name;    //!< the file, for messages
};

//! An open audio encoder.
class AudioEncoder {
 public:
  //! Opens the encoder; throws Error(Unavailable) naming the encoder and the file when libav refuses.
  explicit AudioEncoder(const AudioEncoderSettings& settings);
  ~AudioEncoder();
  AudioEncoder(const AudioEncoder&) = delete;
  AudioEncoder& operator=(const AudioEncoder&) = delete;

  //! Encodes a block; appends finished packets (timestamps in context()->time_base).
  void encode(const AudioBlock& block, std::vector<AvPacketPtr>& packets);
  //! Encodes what is buffered and drains the encoder.
  void flush(std::vector<AvPacketPtr>& packets);
  //! The codec context (parameters for the muxer).
  const AVCodecContext* context() const { return context_.get(); }

 private:
  void encode_fifo(bool final_block, std::vector<AvPacketPtr>& packets);
  void send(AVFrame* frame, std::vector<AvPacketPtr>& packets);
  void push_converted(const uint8_t* const* input, int frames);
  Error failure(const std::string& what, int rc) const;

  AudioEncoderSettings settings_;
  AvCodecContextPtr context_;
  SwrContext* swr_ = nullptr;
  AVAudioFifo* fifo_ = nullptr;
  SampleFormat swr_input_ = SampleFormat::F32;
  int64_t next_pts_ = 0;
};

}  // namespace frameout
