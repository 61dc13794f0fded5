#pragma once
// What a source reads, decided by planning from the job: sources take these and never the job itself.

#include <optional>
#include <string>

#include "media/audio_block.hpp"
#include "media/pixel_format.hpp"
#include "media/rational.hpp"
#include "sources/images/image_sequence_source.hpp"
#include "sources/images/image_reader.hpp"

namespace frameout {

//! One video input: the built-in pattern, raw frames, a media file to decode, still images, a producer's
//! shared-memory ring, or a GStreamer shmsink.
struct VideoSourceSpec {
  //! How the input is read.
  enum class Kind { TestPattern, Raw, Decode, Images, Shm, GstShm };
  Kind kind = Kind::TestPattern;
  std::string input;                  //!< path, '-', pattern or media file as given (shm: the ring's name, gst-shm: the socket)
  std::string param = "--input";      //!< the parameter that named it, for messages
  bool realtime = false;              //!< frames are taken at the pace of a clock, as a live source gives them
  std::optional<Rational> tick_rate;  //!< shm, gst-shm with realtime: the clock's rate (unset: the stream's rate)
  bool wait_for_restart = false;      //!< shm: a producer that goes away is waited for instead of ending the take
  bool declared = false;              //!< shm: width, height, raw_format and rate say what the producer will send
  int width = 0;                      //!< test pattern, raw frames and a declared ring: pixels
  int height = 0;                     //!< test pattern, raw frames and a declared ring: pixels
  Rational rate{60, 1};               //!< test pattern, raw frames, images and a declared ring: frames per second
  bool rate_from_files = false;       //!< images: the rate the files store, where they store one, wins over `rate`
  PixelFormat raw_format{};           //!< raw frames and a declared ring: the layout of each frame
  bool retime = false;                //!< decoded media: take `rate` in place of the file's own
  std::optional<std::string> frames;  //!< image sequences: the frames to read (farm syntax), all when unset
  MissingFrames missing = MissingFrames::Error;  //!< image sequences: what a gap in the numbers does
  ImageReadOptions read_options;      //!< images and decoded media: reader settings (EXR layer, pixel limit)
};

//! One PCM input: the built-in tone, raw PCM, a media file to decode, or a producer's shared-memory ring.
struct AudioSourceSpec {
  //! How the input is read.
  enum class Kind { Tone, Raw, Decode, Shm };
  Kind kind = Kind::Tone;
  std::string input;                  //!< path, '-' or media file as given
  std::string param = "--input";      //!< the parameter that named it, for messages
  int rate = 48000;                   //!< tone and raw PCM: sample frames per second
  int channels = 2;                   //!< tone and raw PCM
  SampleFormat raw_format = SampleFormat::S16;  //!< raw PCM: the layout of each sample
  double tone_frequency = 1000.0;     //!< tone: Hz
  double tone_level = 0.5;            //!< tone: peak level, full scale = 1
  bool wait_for_restart = false;      //!< shm: a producer that goes away is waited for instead of ending the take
};

}  // namespace frameout
