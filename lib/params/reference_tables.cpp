#include <array>
#include <deque>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "params/tables.hpp"

namespace frameout::params {

namespace {

using enum Kind;
using enum Status;

// Both reference pages carry these parameters; the wording is kept identical so the two
// `frameout params` listings read the same.
constexpr std::string_view kUniqueSuffixHelp =
    "Never replace an existing file: use the first free numeric suffix, counting up from n.";
constexpr std::string_view kIndexHelp =
    "Number written where the file name has a frame token (####, %04d, $F4); the first number a sequence or "
    "uniquesuff uses. Without it, an image sequence written from an image sequence keeps the input's numbers.";
constexpr std::string_view kRecordHelp = "Whether recording runs; switching it off finishes and closes the file.";
constexpr std::string_view kPauseHelp = "Holds recording without closing the output file.";
// Frame numbers of up to 18 digits (--leadingzerosdigits allows 18): a first number and a frame count added
// to it stay far from the 64-bit limit.
constexpr IntRange kIndexRange{-999'999'999'999'999'999, 999'999'999'999'999'999};
// Ten gigabit per second is beyond every encoder; the limit keeps kb/s to bit/s from overflowing.
constexpr IntRange kBitrateRange{0, 10'000'000};
constexpr std::string_view kHeaderHelp = "Table of key/value pairs written as metadata into the output's header.";

std::vector<ParamDef> movie_out_page() {
  constexpr auto page = Page::MovieOut;
  constexpr auto cmd = Command::Movie;
  return {
      {"type", "Type", page, cmd, Menu, "movie",
       "What to write: a movie, one still image, an image sequence, or a stop-frame movie.", Implemented,
       {{"movie", "Movie"},
        {"image", "Image"},
        {"imagesequence", "Image Sequence"},
        {"stopframemovie", "Stop-Frame Movie"}}},
      {"videocodec", "Video Codec", page, cmd, Menu, "prores", "Codec that compresses the movie's pictures.",
       Implemented,
       {{"rle", "Animation"},
        {"mjpa", "Photo/Motion JPEG"},
        {"mpeg4", "MPEG 4 (Part 2)"},
        {"h264nvgpu", "H.264 (NVIDIA GPU)"},
        {"h264", "H.264 (software, libx264)"},
        {"h265", "H.265/HEVC (software, libx265)"},
        {"svtav1", "AV1 (software, SVT-AV1)"},
        {"cineform", "GoPro-Cineform"},
        {"hap", "Hap"},
        {"h265nvgpu", "H.265/HEVC (NVIDIA GPU)"},
        {"gif", "GIF"},
        {"notchlc", "NotchLC", NotYet},
        {"vp8", "VP8"},
        {"vp9", "VP9"},
        {"prores", "Apple ProRes"},
        {"vvc", "VVC/H.266 (Slow)"},
        {"av1", "AV1 (NVIDIA GPU)"}}},
      {"videocodectype", "Video Codec Type", page, cmd, Menu, "auto",
       "Variant of a codec that comes in several flavours (the ProRes family, the Hap kinds); auto lets the codec "
       "decide.",
       Implemented,
       {{"auto", "Codec default"},
        {"proxy", "ProRes 422 Proxy"},
        {"lt", "ProRes 422 LT"},
        {"standard", "ProRes 422"},
        {"hq", "ProRes 422 HQ"},
        {"4444", "ProRes 4444"},
        {"4444xq", "ProRes 4444 XQ"},
        {"hap", "Hap"},
        {"hapalpha", "Hap Alpha"},
        {"hapq", "Hap Q"}}},
      {"imagefiletype", "Image File Type", page, cmd, Menu, "exr",
       "Image format written when the type is a still image or an image sequence.", Implemented,
       {{"tiff", "TIFF"}, {"jpeg", "JPEG"}, {"bmp", "BMP"}, {"exr", "OpenEXR"}, {"png", "PNG"}, {"dds", "DDS"}}},
      {"uniquesuff", "Unique Suffix", page, cmd, Toggle, "off", kUniqueSuffixHelp, Implemented},
      {"n", "N", page, cmd, Int, "0", kIndexHelp, Implemented, {}, {}, {}, kIndexRange},
      {"leadingzerosdigits", "Leading Zeros Digits", page, cmd, Int, "0",
       "Smallest number of digits in a sequence frame number, zero-padded on the left.", Implemented},
      {"file", "File", page, cmd, String, "",
       "Path of the output; its extension has to suit the container or image format.", Implemented},
      {"moviepixelformat", "Movie Pixel Format", page, cmd, Menu, "auto",
       "How pixels are stored in the movie (chroma subsampling, bit depth, alpha); the codec limits the choice.",
       Implemented,
       {{"auto", "Codec default"},
        {"yuv420", "YUV 4:2:0"},
        {"yuv420p10bit", "YUV 4:2:0 (10-Bit)"},
        {"yuv422", "YUV 4:2:2"},
        {"yuv444", "YUV 4:4:4 (8-Bit)"},
        {"yuv444p10bit", "YUV 4:4:4 (10-Bit)"},
        {"rgb", "RGB"},
        {"rgba", "RGBA"},
        {"3", "RGB Palette"}}},
      {"moviecontainer", "Movie Container", page, cmd, Menu, "automatic",
       "File format wrapping the encoded streams; automatic takes the usual one for the chosen codec.", Implemented,
       {{"automatic", "Automatic"}, {"mov", "mov"}, {"mp4", "mp4"}, {"mkv", "mkv"}, {"webm", "webm"}}},
      {"videopixelformat", "Video Pixel Format", page, cmd, Menu, "yuv420",
       "Chroma subsampling for codecs that offer 4:2:0 or 4:2:2: another way to give moviepixelformat's yuv420 "
       "or yuv422.",
       Implemented,
       {{"yuv420", "YUV 4:2:0"}, {"yuv422", "YUV 4:2:2"}}},
      {"outputcolorspace", "Output Color Space", page, cmd, Menu, "srgb",
       "Colour space the pictures are converted into before encoding, and tagged with where the format allows. "
       "Image files keep the input's space unless it is given.",
       Implemented, colour_space_menu()},
      {"outputreferencewhite", "Output Reference White", page, cmd, Menu, "default",
       "Whether the output colour space counts as SDR or HDR when the brightness of reference white is matched "
       "(--sdr-reference-white, --hdr-reference-white).",
       Implemented, {{"default", "Default For Color Space"}, {"sdr", "Standard (SDR)"}, {"hdr", "High (HDR)"}}},
      {"audiochop", "Audio CHOP", page, cmd, String, "",
       "Audio input for the movie's sound track: tone, -, a raw PCM path, shm:NAME or a media file.", Implemented},
      {"audiocodec", "Audio Codec", page, cmd, Menu, "aac", "Codec that compresses the movie's sound track.", Implemented,
       {{"alac", "ALAC (Apple Lossless)"},
        {"mp3", "MP3"},
        {"aac", "AAC"},
        {"vorbis", "Vorbis"},
        {"opus", "Opus"},
        {"pcm16", "Uncompressed 16-bit (PCM)"},
        {"pcm24", "Uncompressed 24-bit (PCM)"},
        {"pcm32", "Uncompressed 32-bit (PCM)"}}},
      {"audiobitrate", "Audio Bit Rate", page, cmd, Menu, "b192",
       "Target bit rate of a lossy sound track; depending on the codec it counts per channel or for all channels.",
       Implemented,
       // The page lists the audio codecs under this parameter too: those tokens set audiocodec.
       {{"b128", "128 kb/s"},
        {"b192", "192 kb/s"},
        {"b256", "256 kb/s"},
        {"b320", "320 kb/s"},
        {"alac", "ALAC (sets audiocodec)", Implemented, "audiocodec"},
        {"mp3", "MP3 (sets audiocodec)", Implemented, "audiocodec"},
        {"aac", "AAC (sets audiocodec)", Implemented, "audiocodec"},
        {"vorbis", "Vorbis (sets audiocodec)", Implemented, "audiocodec"},
        {"opus", "Opus (sets audiocodec)", Implemented, "audiocodec"},
        {"pcm16", "PCM 16-bit (sets audiocodec)", Implemented, "audiocodec"},
        {"pcm24", "PCM 24-bit (sets audiocodec)", Implemented, "audiocodec"},
        {"pcm32", "PCM 32-bit (sets audiocodec)", Implemented, "audiocodec"}}},
      {"quality", "Quality", page, cmd, Float, "0.8",
       "Compression quality from 0 to 1: higher keeps more detail and makes larger files.", Implemented},
      {"fps", "Movie FPS", page, cmd, String, "input",
       "Frame rate of the movie: 'input' keeps the input's rate; another rate (30, 29.97, 30000/1001) repeats or "
       "drops input frames to keep time.",
       Implemented, {}, {}, "fps"},
      {"limitlength", "Limit Length", page, cmd, Toggle, "off",
       "Stop recording by itself once the output is as long as length says.", Implemented},
      {"length", "Length", page, cmd, Float, "10",
       "Output length at which recording stops when limitlength is on, counted in lengthunit.", Implemented},
      {"lengthunit", "Length Unit", page, cmd, Menu, "seconds", "Unit that length is counted in.", Implemented,
       {{"indices", "I"}, {"frames", "F"}, {"seconds", "S"}}},
      {"record", "Record", page, cmd, Toggle, "on", kRecordHelp, Implemented},
      {"pause", "Pause", page, cmd, Toggle, "off", kPauseHelp, Implemented},
      {"addframe", "Add Frame", page, cmd, Pulse, "",
       "Writes one more frame each time it fires; only accepted while paused (here: once at start, then through "
       "--control or SIGUSR2).",
       Implemented},
      {"maxthread", "Max Threads", page, cmd, Int, "4",
       "Largest number of sequence images written at once, one per thread; 1 writes them on the main thread.",
       Implemented},
      {"headerdat", "Header Source DAT", page, cmd, String, "", kHeaderHelp, Implemented},
  };
}

// Names made at run time (the numbered additional-input blocks) live here for the life of the registry.
std::string_view kept(std::string text) {
  static std::deque<std::string> names;
  return names.emplace_back(std::move(text));
}

// EXR additional inputs the registry declares (input1top ... input8top).
constexpr int kExrAdditionalInputs = 8;

// The Red/Green/Blue/Alpha name parameters of block `n` (0 = the main --input).
void append_channel_names(std::vector<ParamDef>& params, int n) {
  struct Channel {
    char letter;
    std::string_view label;
    std::string_view word;
  };
  constexpr std::array<Channel, 4> kChannels = {
      {{'r', "Red", "red"}, {'g', "Green", "green"}, {'b', "Blue", "blue"}, {'a', "Alpha", "alpha"}}};
  for (const auto& [letter, label, word] : kChannels) {
    const char upper = static_cast<char>(letter - 'a' + 'A');
    const std::string default_name = n == 0 ? std::string(1, upper) : fmt::format("input{}.{}", n, upper);
    const std::string source = n == 0 ? "the main --input" : fmt::format("additional input {}", n);
    params.push_back({kept(fmt::format("input{}{}", n, letter)), label, Page::Exr, Command::Movie, String,
                      kept(default_name),
                      kept(fmt::format("EXR channel name for the {} channel of {}; empty leaves it out.",
                                       word, source)),
                      Implemented});
  }
}

std::vector<ParamDef> exr_page() {
  constexpr auto page = Page::Exr;
  constexpr auto cmd = Command::Movie;
  std::vector<ParamDef> params = {
      {"pointcloud", "Save as Point Cloud", page, cmd, Toggle, "off",
       "Marks the EXR file as holding point positions rather than a picture.", Implemented},
      {"input0top", "TOP", page, cmd, String, "",
       "Block 0 is the main picture, which always comes from --input; its channels are named by input0r..input0a.",
       NotApplicable},
  };
  append_channel_names(params, 0);
  for (int n = 1; n <= kExrAdditionalInputs; ++n) {
    params.push_back({kept(fmt::format("input{}top", n)), "TOP", page, cmd, String, "",
                      kept(fmt::format("Additional input {}: an image, image sequence pattern or movie whose "
                                       "channels are added to each EXR file, frame by frame.",
                                       n)),
                      Implemented});
    append_channel_names(params, n);
  }
  return params;
}

std::vector<ParamDef> settings_page() {
  constexpr auto page = Page::Settings;
  constexpr auto cmd = Command::Movie;
  return {
      {"stallforopen", "Stall for File Open", page, cmd, Toggle, "on",
       "Live (realtime) inputs: on, the frame there when recording starts is recorded first and the input's clock "
       "waits while the output opens; off, the clock runs on and frames taken before the output is ready are left "
       "out (counted as skipped).",
       Implemented},
      {"starttimecode", "Start Timecode", page, cmd, String, "00:00:00:00",
       "Timecode of the first frame, written HH:MM:SS:FF.", Implemented},
      {"profile", "Profile", page, cmd, Menu, "autoselect",
       "H.264 profile the encoder keeps to; autoselect lets it pick.", Implemented,
       {{"autoselect", "Auto-Select"}, {"baseline", "Baseline"}, {"main", "Main"}, {"high", "High"}}},
      {"preset", "Preset", page, cmd, Menu, "none", "H.264 encoder preset; lossless keeps every pixel exact.",
       Implemented, {{"none", "None"}, {"lossless", "Lossless"}}},
      {"bitratemode", "Bit Rate Mode", page, cmd, Menu, "variable",
       "Rate control: constant or variable bit rate, each also in a higher-quality variant.", Implemented,
       {{"constant", "Constant (CBR)"},
        {"variable", "Variable (VBR)"},
        {"constanthq", "Constant HQ (CBR)"},
        {"variablehq", "Variable HQ (VBR)"}}},
      {"avgbitrate", "Average Bitrate (Kb/s)", page, cmd, Int, "0",
       "Mean bit rate the encoder aims at; 0 leaves it to the quality setting.", Implemented, {}, {}, "kb/s", kBitrateRange},
      {"peakbitrate", "Peak Bitrate (Kb/s)", page, cmd, Int, "0",
       "Highest bit rate the encoder may reach; 0 sets no ceiling.", Implemented, {}, {}, "kb/s", kBitrateRange},
      {"keyframeinterval", "Keyframe Interval", page, cmd, Int, "30",
       "Distance in frames from one key frame to the next.", Implemented, {}, {}, {}, IntRange{1, 1'000'000}},
      {"maxbframes", "Max B-Frames", page, cmd, Int, "0",
       "Most B-frames the encoder may put between two reference frames.", Implemented},
      {"motionpredict", "Motion Prediction", page, cmd, Menu, "default",
       "How finely the H.264 and H.265 encoders search motion: whole, half or quarter pixels (default: the "
       "encoder preset's own search).",
       Implemented,
       {{"default", "Default"}, {"quarter", "Quarter"}, {"half", "Half"}, {"full", "Full"}}},
      {"frameslicing", "Frame Slicing", page, cmd, Toggle, "off",
       "Cuts each H.264/H.265 frame into slices so players can decode it on several CPU cores.", Implemented},
      {"numslices", "Num Slices", page, cmd, Int, "4", "Number of slices per frame when frameslicing is on.",
       Implemented},
      {"entropymode", "Entropy Mode", page, cmd, Menu, "autoselect",
       "Entropy coder of H.264/H.265: CABAC, CAVLC, or the encoder's own choice.", Implemented,
       {{"autoselect", "Auto-Select"}, {"cabac", "CABAC"}, {"cavlc", "CAVLC"}}},
      {"stereomode", "Stereo Mode", page, cmd, Menu, "off",
       "Tags the movie as a stereo pair packed side by side or one above the other; the frames must already be "
       "laid out so.",
       NotYet, {{"off", "Off"}, {"leftright", "Left-Right"}, {"topbottom", "Top-Bottom"}}},
      {"sphericalmode", "Spherical Mode", page, cmd, Menu, "off",
       "Tags the movie as 360-degree video in equirectangular projection.", NotYet,
       {{"off", "Off"}, {"equirectangular", "Equirectangular"}}},
      {"secondarycompression", "Secondary Compression", page, cmd, Toggle, "on",
       "Runs Hap's extra CPU compression pass; off decodes faster but makes bigger files.", Implemented},
      {"encodetestmode", "Encode Test Mode", page, cmd, Toggle, "off",
       "Encodes without writing anything, to measure the encoder's speed on its own.", NotYet},
      {"mipmaps", "Include Mip Maps", page, cmd, Toggle, "off", "Stores the mipmap levels in DDS files.", Implemented},
  };
}

std::vector<ParamDef> movie_common_page() {
  constexpr auto page = Page::Common;
  constexpr auto cmd = Command::Movie;
  return {
      {"outputresolution", "Output Resolution", page, cmd, Menu, "useinput",
       "Output size: a multiple of the input's, fitted or limited to resolution, or exactly resolution.", NotYet,
       {{"useinput", "Use Input"},
        {"eighth", "Eighth"},
        {"quarter", "Quarter"},
        {"half", "Half"},
        {"2x", "2X"},
        {"4x", "4X"},
        {"8x", "8X"},
        {"fit", "Fit Resolution"},
        {"limit", "Limit Resolution"},
        {"custom", "Custom Resolution"}}},
      {"resolution", "Resolution", page, cmd, Pair, "1920x1080",
       "Width and height used by the fit, limit and custom output resolutions.", NotYet, {},
       {"resolutionw", "resolutionh"}},
      {"resolutionw", "W", page, cmd, Int, "1920", "Output width in pixels.", NotYet},
      {"resolutionh", "H", page, cmd, Int, "1080", "Output height in pixels.", NotYet},
      {"resmenu", "Resolution Menu", page, cmd, Pulse, "", "TouchDesigner editor shortcut for common resolutions.",
       NotApplicable},
      {"resmult", "Use Global Res Multiplier", page, cmd, Toggle, "on",
       "Lets TouchDesigner's global resolution multiplier scale this operator.", NotApplicable},
      {"outputaspect", "Output Aspect", page, cmd, Menu, "useinput",
       "Aspect ratio given to the output: the input's, that of the pixel resolution, or aspect.", NotYet,
       {{"useinput", "Use Input"}, {"resolution", "Resolution"}, {"custom", "Custom Aspect"}}},
      {"aspect", "Aspect", page, cmd, Pair, "16x9", "Custom aspect ratio used when outputaspect is custom.", NotYet,
       {}, {"aspect1", "aspect2"}},
      {"aspect1", "Aspect1", page, cmd, Float, "16", "Horizontal term of the custom aspect ratio.", NotYet},
      {"aspect2", "Aspect2", page, cmd, Float, "9", "Vertical term of the custom aspect ratio.", NotYet},
      {"armenu", "Aspect Menu", page, cmd, Pulse, "", "TouchDesigner editor shortcut for common aspect ratios.",
       NotApplicable},
      {"inputfiltertype", "Input Smoothness", page, cmd, Menu, "linear",
       "Filter applied when the input picture is resampled.", NotYet,
       {{"nearest", "Nearest Pixel"}, {"linear", "Interpolate Pixels"}, {"mipmap", "Mipmap Pixels"}}},
      {"fillmode", "Fill Viewer", page, cmd, Menu, "useinput", "How TouchDesigner's viewer fits the picture.",
       NotApplicable,
       {{"useinput", "Use Input"},
        {"fill", "Fill"},
        {"width", "Fit Horizontal"},
        {"height", "Fit Vertical"},
        {"best", "Fit Best"},
        {"outside", "Fit Outside"},
        {"nativeres", "Native Resolution"}}},
      {"filtertype", "Viewer Smoothness", page, cmd, Menu, "linear", "Filtering used by TouchDesigner's viewer.",
       NotApplicable,
       {{"nearest", "Nearest Pixel"}, {"linear", "Interpolate Pixels"}, {"mipmap", "Mipmap Pixels"}}},
      {"npasses", "Passes", page, cmd, Int, "1", "How often TouchDesigner reruns the operator on its own result.",
       NotApplicable},
      {"chanmask", "Channel Mask", page, cmd, String, "rgba",
       "Which colour channels a TouchDesigner operator works on.", NotApplicable},
      {"format", "Pixel Format", page, cmd, Menu, "useinput",
       "Channel layout and precision the pictures are held in before encoding; useinput keeps the input's.", Implemented,
       {{"useinput", "Use Input"},
        {"rgba8fixed", "8-bit fixed (RGBA)"},
        {"srgba8fixed", "sRGB 8-bit fixed (RGBA)"},
        {"rgba16float", "16-bit float (RGBA)"},
        {"rgba32float", "32-bit float (RGBA)"},
        {"rgb10a2fixed", "10-bit RGB, 2-bit Alpha, fixed (RGBA)"},
        {"rgba16fixed", "16-bit fixed (RGBA)"},
        {"rgba11float", "11-bit float (RGB), Positive Values Only"},
        {"rgb16float", "16-bit float (RGB)"},
        {"rgb32float", "32-bit float (RGB)"},
        {"mono8fixed", "8-bit fixed (Mono)"},
        {"mono16fixed", "16-bit fixed (Mono)"},
        {"mono16float", "16-bit float (Mono)"},
        {"mono32float", "32-bit float (Mono)"},
        {"rg8fixed", "8-bit fixed (RG)"},
        {"rg16fixed", "16-bit fixed (RG)"},
        {"rg16float", "16-bit float (RG)"},
        {"rg32float", "32-bit float (RG)"},
        {"a8fixed", "8-bit fixed (A)"},
        {"a16fixed", "16-bit fixed (A)"},
        {"a16float", "16-bit float (A)"},
        {"a32float", "32-bit float (A)"},
        {"monoalpha8fixed", "8-bit fixed (Mono+Alpha)"},
        {"monoalpha16fixed", "16-bit fixed (Mono+Alpha)"},
        {"monoalpha16float", "16-bit float (Mono+Alpha)"},
        {"monoalpha32float", "32-bit float (Mono+Alpha)"}}},
  };
}

std::vector<ParamDef> audio_file_out_page() {
  constexpr auto page = Page::AudioFileOut;
  constexpr auto cmd = Command::Audio;
  return {
      {"filetype", "File Type", page, cmd, Menu, "wav", "Audio file format; it also fixes the codec except for WAV.",
       Implemented, {{"wav", "WAV"}, {"ogg", "OGG"}, {"mp3", "MP3"}, {"aiff", "AIFF"}}},
      {"uniquesuff", "Unique Suffix", page, cmd, Toggle, "off", kUniqueSuffixHelp, Implemented},
      {"n", "N", page, cmd, Int, "0", kIndexHelp, Implemented, {}, {}, {}, kIndexRange},
      {"file", "File", page, cmd, String, "", "Path of the audio file; its extension has to match filetype.", Implemented},
      {"codec", "Codec", page, cmd, Menu, "pcm24", "Sample encoding of uncompressed WAV or AIFF files.", Implemented,
       {{"pcm16", "Uncompressed 16-bit (PCM)"},
        {"pcm24", "Uncompressed 24-bit (PCM)"},
        {"pcm32", "Uncompressed 32-bit (PCM)"}}},
      {"bitrate", "Bit Rate", page, cmd, Menu, "b192", "Bit rate of MP3 files.", Implemented,
       {{"b96", "96 kb/s"}, {"b128", "128 kb/s"}, {"b192", "192 kb/s"}, {"b256", "256 kb/s"}, {"b320", "320 kb/s"}}},
      {"record", "Record", page, cmd, Toggle, "on", kRecordHelp, Implemented},
      {"pause", "Pause", page, cmd, Toggle, "off", kPauseHelp, Implemented},
      {"headerdat", "Header Source DAT", page, cmd, String, "", kHeaderHelp, Implemented},
  };
}

std::vector<ParamDef> audio_common_page() {
  constexpr auto page = Page::AudioCommon;
  constexpr auto cmd = Command::Audio;
  return {
      {"timeslice", "Time Slice", page, cmd, Toggle, "on",
       "Makes TouchDesigner cook the channels one time slice at a time.", NotApplicable},
      {"scope", "Scope", page, cmd, String, "*", "Pattern naming the channels a TouchDesigner operator acts on.",
       NotApplicable},
      {"srselect", "Sample Rate Match", page, cmd, Menu, "first",
       "What to do with inputs at different sample rates: resample to the first, highest or lowest rate, or fail.",
       NotYet,
       {{"first", "Resample At First Input's Rate"},
        {"max", "Resample At Maximum Rate"},
        {"min", "Resample At Minimum Rate"},
        {"err", "Error If Rates Differ"}}},
      {"exportmethod", "Export Method", page, cmd, Menu, "datindex",
       "How TouchDesigner ties channels to the parameters they drive.", NotApplicable,
       {{"datindex", "DAT Table by Index"},
        {"datname", "DAT Table by Name"},
        {"autoname", "Channel Name is Path:Parameter"}}},
      {"autoexportroot", "Export Root", page, cmd, String, "",
       "Node that TouchDesigner resolves path-named exports against.", NotApplicable},
      {"exporttable", "Export Table", page, cmd, String, "", "Table TouchDesigner reads its export links from.",
       NotApplicable},
  };
}

void append(std::vector<ParamDef>& to, std::vector<ParamDef> from) {
  to.insert(to.end(), std::make_move_iterator(from.begin()), std::make_move_iterator(from.end()));
}

}  // namespace

std::vector<ParamDef> movie_page_params() {
  auto params = movie_out_page();
  append(params, exr_page());
  append(params, settings_page());
  append(params, movie_common_page());
  return params;
}

std::vector<ParamDef> audio_page_params() {
  auto params = audio_file_out_page();
  append(params, audio_common_page());
  return params;
}

std::vector<MenuItem> colour_space_menu() {
  return {{"srgb", "sRGB"},
          {"srgblinear", "sRGB - Linear"},
          {"rec601ntsc", "Rec.601 (NTSC)"},
          {"rec709", "Rec.709"},
          {"rec2020", "Rec.2020"},
          {"rec2020st2084pq", "Rec.2020 ST2084PQ"},
          {"rec2020hlg", "Rec.2020 HLG"},
          {"dcip3", "DCI-P3"},
          {"dcip3d60", "DCI-P3 (D60)"},
          {"displayp3d65", "Display-P3 (D65)"},
          {"displayp3d65linear", "Display-P3 (D65) - Linear"},
          {"aces2065-1", "ACES2065-1"},
          {"acescg", "ACEScg"},
          {"acesproxy", "ACESproxy"},
          {"passthrough", "Passthrough"}};
}

}  // namespace frameout::params
