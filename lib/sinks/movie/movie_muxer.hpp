#pragma once
// Writes encoded packets into the container under the output's temporary name (mov, mp4 and mkv in pieces
// of at most a second, see crash_safe_options.hpp); finish() writes the trailer, turns a fragmented movie
// into an ordinary one and publishes the file, abort() removes it.

#include <cstdint>

#include "media/libav.hpp"
#include "naming/output_target.hpp"
#include "sinks/movie/movie_spec.hpp"

struct AVFormatContext;

namespace frameout {

//! The container writer of one movie.
class MovieMuxer {
 public:
  //! Prepares the muxer; nothing is written until open().
  MovieMuxer(const MovieSpec& plan, OutputTarget& target);
  ~MovieMuxer();
  MovieMuxer(const MovieMuxer&) = delete;
  MovieMuxer& operator=(const MovieMuxer&) = delete;

  //! Creates the temporary file and writes the header from the open encoders' parameters: the video stream
  //! is stream 0, the optional audio stream stream 1.
  void open(const AVCodecContext& video, const AVCodecContext* audio);
  //! Whether open() succeeded.
  bool is_open() const { return context_ != nullptr; }
  //! Writes one packet of `stream` (timestamps in the encoder's time base).
  void write(AVPacket& packet, int stream, AVRational encoder_time_base);
  //! Writes the trailer, closes the file and renames it to its final name.
  void finish();
  //! Closes and deletes the temporary file.
  void abort();
  //! Bytes written so far, counting packets the muxer holds until their fragment is complete.
  int64_t bytes_written() const;

 private:
  void close_file();

  const MovieSpec& plan_;
  OutputTarget& target_;
  AVFormatContext* context_ = nullptr;
  int64_t last_video_duration_ = 0;
  int64_t packet_bytes_ = 0;  // bytes of every packet handed to the muxer  // in the stream's time base: GIF's last delay
};

}  // namespace frameout
