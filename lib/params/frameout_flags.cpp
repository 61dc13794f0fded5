// frameout's own flags: inputs and run control, which the reference pages do not have.

#include "params/tables.hpp"

namespace frameout::params {

namespace {

std::vector<MenuItem> input_colour_space_menu() {
  std::vector<MenuItem> menu{{"auto", "srgb for fixed-point input, srgblinear for float input"}};
  for (const MenuItem& item : colour_space_menu()) menu.push_back(item);
  return menu;
}

}  // namespace

std::vector<ParamDef> frameout_flags() {
  using enum Kind;
  using enum Status;
  constexpr auto P = Page::Frameout;
  return {
      {"input", "Input", P, Command::Both, String, "",
       "Where frames (movie) or samples (audio) come from: testpattern, '-' for stdin, a raw file or FIFO path, shm:NAME "
       "(frameout's ring), gst-shm:SOCKET (GStreamer's shmsink), or a media file.",
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
      {"input-colorspace", "Input Color Space", P, Command::Movie, Menu, "auto",
       "Colour space the input's values are in (an Output Color Space token); auto takes srgb for fixed-point "
       "frames and images and srgblinear for float ones (EXR, half and float raw frames).",
       Implemented, input_colour_space_menu()},
      {"sdr-reference-white", "SDR Reference White", P, Command::Movie, Float, "100",
       "Luminance of reference white (value 1.0) in the SDR colour spaces (BT.2035: 100).", Implemented, {}, {},
       "nits"},
      {"hdr-reference-white", "HDR Reference White", P, Command::Movie, Float, "203",
       "Luminance of reference white (value 1.0) in the HDR colour spaces; PQ and HLG place it at this absolute "
       "light (BT.2408: 203).",
       Implemented, {}, {}, "nits"},
      {"input-size", "Input Size", P, Command::Movie, Pair, "1920x1080",
       "Width and height of raw input frames and of the test pattern, as WxH; with a shm: input, the stream its "
       "producer will send, so that the recording is ready before the producer starts.",
       Implemented},
      {"control", "Control", P, Command::Movie, String, "",
       "Where recording commands come from while frameout runs: a FIFO, a file it follows, or stdin; one per line: "
       "record on|off, pause on|off, addframe, stop, set NAME VALUE (an output parameter of the next take). "
       "SIGUSR1 toggles pause and SIGUSR2 adds a frame in any case.",
       Implemented},
      {"producer-restart", "Producer Restart", P, Command::Both, Menu, "end",
       "What a shm: input does when its producer ends, dies or falls silent for 2 s: end the take with a finished "
       "file, or wait for a producer to start the ring again and go on recording.",
       Implemented, {{"end", "End the take"}, {"wait", "Wait for the producer to come back"}}},
      {"realtime", "Realtime", P, Command::Movie, Menu, "auto",
       "Take frames at the pace of a clock, as live: a shm: or gst-shm: input's newest frame on each tick of --fps "
       "(repeating the last when none came; a live --audiochop sets the clock of a shm: input), any other input no "
       "faster than its rate. Off: every frame, as fast as it comes.",
       Implemented,
       {{"auto", "On for shm: and gst-shm: inputs, off for the others"}, {"on", "Paced by the clock"}, {"off", "Every frame"}}},
      {"input-rate", "Input Rate", P, Command::Movie, String, "60",
       "Frame rate of raw input, the test pattern and image sequences: 30, 29.97 or 30000/1001. Without it an image "
       "sequence runs at the rate its files store (EXR framesPerSecond), else at 24.",
       Implemented, {}, {}, "fps"},
      {"audio-format", "Audio Sample Format", P, Command::Both, Menu, "f32",
       "Sample format of raw PCM input (interleaved, little-endian).", Implemented,
       {{"s16", "16-bit signed"}, {"s24", "24-bit signed"}, {"s32", "32-bit signed"}, {"f32", "32-bit float"}}},
      {"audio-rate", "Audio Rate", P, Command::Both, Int, "48000", "Sample rate of raw PCM input.", Implemented, {}, {}, "Hz"},
      {"audio-channels", "Audio Channels", P, Command::Both, Int, "2", "Channel count of raw PCM input (1 to 16).",
       Implemented},
      {"duration", "Duration", P, Command::Audio, Float, "0",
       "Stop the audio recording after this many seconds; 0 records until the input ends (or a signal).", Implemented,
       {}, {}, "s"},
      {"tone-frequency", "Tone Frequency", P, Command::Both, Float, "1000", "Frequency of the built-in test tone.",
       Implemented, {}, {}, "Hz"},
      {"tone-level", "Tone Level", P, Command::Both, Float, "-20", "Level of the built-in test tone.", Implemented, {},
       {}, "dBFS"},
      {"ogg-quality", "OGG Quality", P, Command::Audio, Float, "0.5",
       "Vorbis quality of OGG files, 0 to 1 (libvorbis -q 0 to 10; 0.5 is about 160 kb/s for stereo).", Implemented},
      {"overwrite", "Overwrite", P, Command::Both, Toggle, "off",
       "Replace an existing output file instead of failing (ignored when uniquesuff is on).", Implemented},
      {"deterministic", "Deterministic", P, Command::Both, Toggle, "off",
       "Byte-identical output on every run: no creation time or container version tags, fixed encoder threading "
       "(x264 still records its own version in the stream, the same on every run of one build).",
       Implemented},
      {"frames", "Frames", P, Command::Movie, String, "",
       "Which frames of an image-sequence input to read, in farm syntax: 1001-1100, 1-100x2, 1,5,10-20 (default: "
       "every numbered file found).",
       Implemented},
      {"missing-frames", "Missing Frames", P, Command::Movie, Menu, "error",
       "What a frame of the range without a file does: fail naming the file, or hold the previous frame (counted "
       "as dropped).",
       Implemented, {{"error", "Input error naming the first missing file"}, {"hold", "Repeat the previous frame"}}},
      {"exr-layer", "EXR Layer", P, Command::Movie, String, "",
       "Read the channels LAYER.R, LAYER.G, LAYER.B, LAYER.A of EXR inputs instead of the default layer.",
       Implemented},
      {"exr-input", "EXR Input", P, Command::Movie, List, "",
       "An additional input whose channels are added to each EXR file: an image, an image sequence pattern or a "
       "movie. Repeat it (or give a JSON list) for more; each fills the next of input1top..input8top.",
       Implemented, {},
       {"input1top", "input2top", "input3top", "input4top", "input5top", "input6top", "input7top", "input8top"}},
      {"max-input-pixels", "Max Input Pixels", P, Command::Movie, Int, "268435456",
       "Largest input frame accepted, in pixels (width x height), checked against image and media headers before "
       "any memory is set aside; the default admits 16384x16384.",
       Implemented, {}, {}, "pixels", IntRange{1, int64_t{1} << 40}},
      {"frame", "Frame", P, Command::Movie, Int, "0",
       "The input frame (counted from 0) written as the still for --type image.", Implemented},
      {"exr-compression", "EXR Compression", P, Command::Movie, Menu, "zip",
       "Compression of EXR files: OpenEXR's lossless (none, rle, zips, zip, piz) and lossy (pxr24, b44, b44a, dwaa, "
       "dwab) methods.",
       Implemented,
       {{"none", "None"},
        {"rle", "Run-length"},
        {"zips", "ZIP, one scanline per block"},
        {"zip", "ZIP, 16 scanlines per block"},
        {"piz", "PIZ wavelet"},
        {"pxr24", "PXR24 (lossy for float)"},
        {"b44", "B44 (lossy)"},
        {"b44a", "B44A (lossy)"},
        {"dwaa", "DWAA (lossy)"},
        {"dwab", "DWAB (lossy)"}}},
      {"tiff-compression", "TIFF Compression", P, Command::Movie, Menu, "deflate", "Compression of TIFF files.",
       Implemented,
       {{"none", "None"}, {"lzw", "LZW"}, {"deflate", "Deflate (ZIP)"}, {"packbits", "PackBits"}}},
      {"png-level", "PNG Level", P, Command::Movie, Int, "1",
       "PNG compression effort: 0 stores, 1 matches runs only (fast), 2 to 9 are zlib's levels (9 smallest).",
       Implemented},
      {"jpeg-chroma", "JPEG Chroma", P, Command::Movie, Menu, "420", "Chroma subsampling of JPEG files.", Implemented,
       {{"420", "4:2:0 (half-size chroma)"}, {"444", "4:4:4 (full chroma)"}}},
      {"mastering-display", "Mastering Display", P, Command::Movie, String, "",
       "HDR movies and PNG images (rec2020st2084pq, rec2020hlg): the grading display's primaries, white point and "
       "luminance range in x265's notation G(x,y)B(x,y)R(x,y)WP(x,y)L(max,min), x and y in units of 0.00002, "
       "luminance in units of 0.0001 nits.",
       Implemented},
      {"max-cll", "Max CLL", P, Command::Movie, Int, "0",
       "HDR movies and PNG images: the brightest pixel of the content (MaxCLL), in nits (cd/m2); 0 means unknown.",
       Implemented, {}, {}, "nits", IntRange{0, 65535}},
      {"max-fall", "Max FALL", P, Command::Movie, Int, "0",
       "HDR movies and PNG images: the brightest frame average of the content (MaxFALL), in nits (cd/m2); 0 means "
       "unknown.",
       Implemented, {}, {}, "nits", IntRange{0, 65535}},
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
