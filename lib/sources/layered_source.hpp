#pragma once
// A frame source with additional inputs: each frame of the main source carries, as its layers, the
// frame at the same position of every additional input (the EXR page's additional inputs).

#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "system/error.hpp"
#include "sources/video_source.hpp"

namespace frameout {

//! Runs `action`, prefixing the message of any Error it throws with the additional input's parameter: the
//! sources' own messages speak of --input, the user knows this input by `param`.
template <typename Action>
auto naming_layer_param(const std::string& param, Action action) {
  try {
    return action();
  } catch (const Error& e) {
    throw Error(e.code(), fmt::format("additional input --{}: {}", param, e.what()));
  }
}

//! An additional input and the parameter that named it, for messages.
struct LayerSource {
  std::unique_ptr<VideoSource> source;
  std::string param;  //!< "input1top"
};

//! The main source's frames with the additional inputs' frames attached in order. An additional input
//! of a single frame (a still) goes with every frame; any other must last as long as the main input.
class LayeredSource : public VideoSource {
 public:
  //! Throws Error(Input) naming the parameter when an additional input's size differs from the main one.
  LayeredSource(std::unique_ptr<VideoSource> main, std::vector<LayerSource> layers);

  StreamInfo info() const override { return main_->info(); }
  //! The next main frame with its layers; throws Error(Input) naming the parameter when an additional
  //! input ends first or its frame cannot be read.
  ReadResult read(VideoFrame& frame) override;
  int64_t held_frames() const override { return main_->held_frames(); }

 private:
  struct Layer {
    LayerSource input;
    std::shared_ptr<const VideoFrame> still;  // the one frame of a still, shared by every main frame
    int64_t frames_read = 0;
  };
  std::shared_ptr<const VideoFrame> next_layer_frame(Layer& layer, int64_t main_index);

  std::unique_ptr<VideoSource> main_;
  std::vector<Layer> layers_;
};

}  // namespace frameout
