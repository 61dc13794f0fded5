#include "sources/layered_source.hpp"

namespace frameout {

LayeredSource::LayeredSource(std::unique_ptr<VideoSource> main, std::vector<LayerSource> layers)
    : main_(std::move(main)) {
  const StreamInfo info = main_->info();
  for (auto& input : layers) {
    const StreamInfo layer = input.source->info();
    if (layer.width != info.width || layer.height != info.height)
      throw Error(ExitCode::Input, fmt::format("additional input --{} \"{}\" is {}x{}, but --input \"{}\" is {}x{}; "
                                               "the channels of one EXR file share one size",
                                               input.param, layer.name, layer.width, layer.height, info.name,
                                               info.width, info.height));
    Layer& added = layers_.emplace_back(Layer{std::move(input), nullptr, 0});
    if (layer.frame_count == 1) added.still = next_layer_frame(added, 0);
  }
}

std::shared_ptr<const VideoFrame> LayeredSource::next_layer_frame(Layer& layer, int64_t main_index) {
  auto frame = std::make_shared<VideoFrame>();
  const ReadResult result = naming_layer_param(layer.input.param, [&] { return layer.input.source->read(*frame); });
  if (result == ReadResult::End)
    throw Error(ExitCode::Input,
                fmt::format("additional input --{} \"{}\" ended after {} frames; --input has a frame {} (counted from 0)",
                            layer.input.param, layer.input.source->info().name, layer.frames_read, main_index));
  ++layer.frames_read;
  return frame;
}

ReadResult LayeredSource::read(VideoFrame& frame) {
  if (main_->read(frame) == ReadResult::End) return ReadResult::End;
  frame.layers.clear();
  for (auto& layer : layers_) frame.layers.push_back(layer.still ? layer.still : next_layer_frame(layer, frame.index));
  return ReadResult::Frame;
}

}  // namespace frameout
