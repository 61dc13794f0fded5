// frameout's own flags: inputs and run control, which the reference pages do not have.

#include "params/tables.hpp"

namespace frameout::params {

std::vector<ParamDef> frameout_flags() {
  using enum Kind;
  using enum Status;
  constexpr auto P = Page::Frameout;
  return {
      {"input", "Input", P, Command::Both, String, "",
       "Where frames (movie) or samples (audio) come from: testpattern, '-' for stdin, a raw file or FIFO path, shm:NAME, "
       "or a media file.",
       Implemented},
      {"input-format", "Input Pixel Format", P, Command::Movie, Menu, "rgba8fixed",
       "Pixel format of raw input frames (a Common-page pixel format token); giving it makes a path or '-' raw input.",
       Implemented,
       {{"rgba8fixed", "8-bit fixed RGBA"},
        {"srgba8fixed", "sRGB 8-bit fixed RGBA"},
        {"rgba16float", "16-bit float RGBA"},
        {"rgba32float", "32-bit float RGBA"},
        {"rgb10a2fixed", "10-bit RGB, 2-bit alpha"},
        {"rgba16fixed", "16-bit fixed RGBA"},
        {"rgba11float", "11/11/10-bit float RGB"},
        {"rgb16float", "16-bit float RGB"},
        {"rgb32float", "32-bit float RGB"},
        {"mono8fixed", "8-bit fixed mono"},
        {"mono16fixed", "16-bit fixed mono"},
        {"mono16float", "16-bit float mono"},
        {"mono32float", "32-bit float mono"},
        {"rg8fixed", "8-bit fixed RG"},
        {"rg16fixed", "16-bit fixed RG"},
        {"rg16float", "16-bit float RG"},
        {"rg32float", "32-bit float RG"},
        {"a8fixed", "8-bit fixed alpha"},
        {"a16fixed", "16-bit fixed alpha"},
        {"a16float", "16-bit float alpha"},
        {"a32float", "32-bit float alpha"},
        {"monoalpha8fixed", "8-bit fixed mono+alpha"},
        {"monoalpha16fixed", "16-bit fixed mono+alpha"},
        {"monoalpha16float", "16-bit float mono+alpha"},
        {"monoalpha32float", "32-bit float mono+alpha"},
        {"rgb8fixed", "8-bit fixed RGB (frameout's own, packed 3 bytes per pixel)"},
        {"rgb16fixed", "16-bit fixed RGB (frameout's own)"}}},
      {"input-size", "Input Size", P, Command::Movie, Pair, "1920x1080",
       "Width and height of raw input frames and of the test pattern, as WxH.", Implemented},
      {"input-rate", "Input Rate", P, Command::Movie, String, "60",
       "Frame rate of raw input and of the test pattern: 30, 29.97 or 30000/1001.", Implemented, {}, {}, "fps"},
      {"audio-format", "Audio Sample Format", P, Command::Both, Menu, "f32",
       "Sample format of raw PCM input (interleaved, little-endian).", NotYet,
       {{"s16", "16-bit signed"}, {"s24", "24-bit signed"}, {"s32", "32-bit signed"}, {"f32", "32-bit float"}}},
      {"audio-rate", "Audio Rate", P, Command::Both, Int, "48000", "Sample rate of raw PCM input.", NotYet, {}, {}, "Hz"},
      {"audio-channels", "Audio Channels", P, Command::Both, Int, "2", "Channel count of raw PCM input (1 to 16).",
       NotYet},
      {"overwrite", "Overwrite", P, Command::Both, Toggle, "off",
       "Replace an existing output file instead of failing (ignored when uniquesuff is on).", Implemented},
      {"deterministic", "Deterministic", P, Command::Both, Toggle, "off",
       "Byte-identical output on every run: no creation time or library version strings, fixed encoder threading.",
       Implemented},
      {"frames", "Frames", P, Command::Movie, String, "",
       "Which frames of an image-sequence input to read, in farm syntax: 1001-1100, 1-100x2, 1,5,10-20.", NotYet},
      {"frame", "Frame", P, Command::Movie, Int, "0", "The input frame written as the still for --type image.",
       NotYet},
      {"progress", "Progress", P, Command::Both, Menu, "auto",
       "How progress is shown on stderr: a bar on a terminal, JSON lines, plain Progress: NN% lines, or nothing.",
       Implemented,
       {{"auto", "Bar on a terminal, otherwise none"},
        {"bar", "Progress bar"},
        {"json", "One JSON object per line, at most once a second"},
        {"plain", "Progress: NN% lines"},
        {"none", "Nothing"}}},
      {"report", "Report", P, Command::Both, String, "",
       "Write the final counters, output paths and timings to this JSON file.", Implemented},
  };
}

}  // namespace frameout::params
