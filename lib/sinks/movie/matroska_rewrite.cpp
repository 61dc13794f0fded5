#include "sinks/movie/matroska_rewrite.hpp"

#include <fmt/format.h>

extern "C" {
#include <libavformat/avformat.h>
}

#include "media/libav.hpp"
#include "sinks/new_file_avio.hpp"
#include "system/error.hpp"

namespace frameout {

namespace {

struct InputCloser {
  void operator()(AVFormatContext* c) const { avformat_close_input(&c); }
};

struct OutputCloser {
  void operator()(AVFormatContext* c) const {
    close_new_file_avio(&c->pb);
    avformat_free_context(c);
  }
};

}  // namespace

int64_t rewrite_matroska(const std::filesystem::path& from, const std::filesystem::path& to) {
  auto input_error = [&](std::string_view what, int rc) {
    return Error(ExitCode::Input, fmt::format("cannot recover \"{}\": {}: {}", from.string(), what, av_error_text(rc)));
  };
  auto output_error = [&](std::string_view what, int rc) {
    return Error(ExitCode::Output, fmt::format("cannot write \"{}\": {}: {}", to.string(), what, av_error_text(rc)));
  };
  AVFormatContext* raw_in = nullptr;
  if (int rc = avformat_open_input(&raw_in, from.c_str(), av_find_input_format("matroska"), nullptr); rc < 0)
    throw input_error("opening it as Matroska failed", rc);
  std::unique_ptr<AVFormatContext, InputCloser> in(raw_in);
  if (int rc = avformat_find_stream_info(in.get(), nullptr); rc < 0)
    throw input_error("reading its streams failed", rc);

  AVFormatContext* raw_out = nullptr;
  if (int rc = avformat_alloc_output_context2(&raw_out, nullptr, "matroska", to.c_str()); rc < 0)
    throw output_error("the container", rc);
  std::unique_ptr<AVFormatContext, OutputCloser> out(raw_out);
  out->flags |= in->flags & AVFMT_FLAG_BITEXACT;
  av_dict_copy(&out->metadata, in->metadata, 0);
  for (unsigned i = 0; i < in->nb_streams; ++i) {
    AVStream* s = avformat_new_stream(out.get(), nullptr);
    avcodec_parameters_copy(s->codecpar, in->streams[i]->codecpar);
    s->time_base = in->streams[i]->time_base;
    s->avg_frame_rate = in->streams[i]->avg_frame_rate;
    s->disposition = in->streams[i]->disposition;
    av_dict_copy(&s->metadata, in->streams[i]->metadata, 0);
    av_dict_set(&s->metadata, "DURATION", nullptr, 0);  // the muxer writes the true one
  }
  if (int rc = open_new_file_avio(&out->pb, to); rc < 0) throw output_error("creating it failed", rc);
  if (int rc = avformat_write_header(out.get(), nullptr); rc < 0) throw output_error("the header", rc);

  int64_t packets = 0;
  AvPacketPtr packet(av_packet_alloc());
  // A block cut short by the kill ends the file (the demuxer reports the end); every whole one is copied.
  while (av_read_frame(in.get(), packet.get()) >= 0) {
    const AVStream* source = in->streams[packet->stream_index];
    av_packet_rescale_ts(packet.get(), source->time_base, out->streams[packet->stream_index]->time_base);
    packet->pos = -1;
    if (int rc = av_interleaved_write_frame(out.get(), packet.get()); rc < 0) throw output_error("a packet", rc);
    ++packets;
  }
  if (packets == 0)
    throw Error(ExitCode::Input, fmt::format("cannot recover \"{}\": it holds no complete frame", from.string()));
  if (int rc = av_write_trailer(out.get()); rc < 0) throw output_error("the trailer", rc);
  if (int rc = close_new_file_avio(&out->pb); rc < 0) throw output_error("the end", rc);
  return packets;
}

}  // namespace frameout
