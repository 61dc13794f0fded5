// Colour tags for every output colour space: the movie tags planned from the descriptor, the PNG colour chunks
// (cICP written by hand), EXR chromaticities and whiteLuminance, and the ICC profiles of TIFF and JPEG, read
// back with libpng's chunk layout walked by hand, OpenEXR, libtiff, libjpeg and lcms2.

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <vector>

#include <unistd.h>

#include <OpenEXR/ImfFloatAttribute.h>
#include <OpenEXR/ImfHeader.h>
#include <OpenEXR/ImfInputFile.h>
#include <OpenEXR/ImfStandardAttributes.h>
#include <lcms2.h>
#include <tiffio.h>

#include "formats/video_codecs.hpp"
#include "media/colour_space.hpp"
#include "media/hdr_metadata.hpp"
#include "media/pixel_format.hpp"
#include "plan/colour_plan.hpp"
#include "sinks/image/icc_profile.hpp"
#include "sinks/image/image_writer.hpp"

using namespace frameout;
namespace fs = std::filesystem;

namespace {

struct Folder {
  fs::path dir = fs::temp_directory_path() / ("frameout_colour_tags_" + std::to_string(getpid()));
  Folder() { fs::create_directories(dir); }
  ~Folder() { fs::remove_all(dir); }
  fs::path operator/(const std::string& name) const { return dir / name; }
};

const ColourSpace& space(const char* token) { return colour_space(token, "outputcolorspace"); }

VideoFrame grey_ramp(const char* format, int width = 8, int height = 4) {
  const PixelFormat f = *find_pixel_format(format);
  VideoFrame frame{std::vector<uint8_t>(f.frame_bytes(width, height)), width, height, f, 0};
  for (size_t i = 0; i < frame.data.size(); ++i) frame.data[i] = static_cast<uint8_t>(i * 7);
  return frame;
}

std::vector<uint8_t> bytes_of(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

uint32_t big_endian(const uint8_t* p) { return (uint32_t(p[0]) << 24) | (p[1] << 16) | (p[2] << 8) | p[3]; }

// PNG chunks in file order: type and data.
std::vector<std::pair<std::string, std::vector<uint8_t>>> png_chunks(const std::vector<uint8_t>& bytes) {
  std::vector<std::pair<std::string, std::vector<uint8_t>>> chunks;
  for (size_t at = 8; at + 12 <= bytes.size();) {
    const uint32_t length = big_endian(&bytes[at]);
    chunks.emplace_back(std::string(reinterpret_cast<const char*>(&bytes[at + 4]), 4),
                        std::vector<uint8_t>(bytes.begin() + long(at + 8), bytes.begin() + long(at + 8 + length)));
    at += 12 + length;
  }
  return chunks;
}

std::map<std::string, std::vector<uint8_t>> png_colour_chunks(const ColourSpace& s, const char* format) {
  Folder tmp;
  ImageOptions options;
  options.colour.space = &s;
  make_image_writer("png")->write(tmp / "t.png", grey_ramp(format), options);
  const auto chunks = png_chunks(bytes_of(tmp / "t.png"));
  std::map<std::string, std::vector<uint8_t>> found;
  bool image_data_seen = false;
  for (const auto& [type, data] : chunks) {
    if (type == "IDAT") image_data_seen = true;
    if (type == "cICP" || type == "sRGB" || type == "cHRM" || type == "gAMA" || type == "iCCP") {
      CHECK_FALSE(image_data_seen);  // colour chunks come before the image data
      found[type] = data;
    }
  }
  CHECK(chunks.front().first == "IHDR");
  return found;
}

// The XYZ (D50-adapted) of a profile's colorant tag.
cmsCIEXYZ colorant(cmsHPROFILE profile, cmsTagSignature tag) {
  const auto* xyz = static_cast<const cmsCIEXYZ*>(cmsReadTag(profile, tag));
  REQUIRE(xyz != nullptr);
  return *xyz;
}

std::string description(cmsHPROFILE profile) {
  char text[128] = {};
  cmsGetProfileInfoASCII(profile, cmsInfoDescription, "en", "US", text, sizeof text);
  return text;
}

}  // namespace

TEST_CASE("movie tags come from the descriptor; Rec.2020's transfer follows the bit depth", "[colour]") {
  const VideoCodec& prores = *find_codec("prores");
  const VideoCodec& h264 = *find_codec("h264");
  for (const ColourSpace& s : colour_spaces()) {
    INFO(s.token);
    const ColorTags tags = movie_colour_tags(s, h264, AV_PIX_FMT_YUV420P);
    CHECK(tags.primaries == s.tag_primaries);
    CHECK(tags.transfer == s.tag_transfer);  // 8 bits: BT2020_10 for Rec.2020
    CHECK(tags.matrix == s.yuv_matrix);
    CHECK(tags.range == AVCOL_RANGE_MPEG);
  }
  const ColorTags pq = movie_colour_tags(space("rec2020st2084pq"), prores, AV_PIX_FMT_YUVA444P10LE);
  CHECK(pq.primaries == AVCOL_PRI_BT2020);
  CHECK(pq.transfer == AVCOL_TRC_SMPTE2084);
  CHECK(pq.matrix == AVCOL_SPC_BT2020_NCL);
  CHECK(movie_colour_tags(space("rec2020"), h264, AV_PIX_FMT_YUV420P10LE).transfer == AVCOL_TRC_BT2020_10);
  CHECK(transfer_tag(space("rec2020"), 12) == AVCOL_TRC_BT2020_12);
  CHECK(transfer_tag(space("rec2020"), 16) == AVCOL_TRC_BT2020_12);
  CHECK(transfer_tag(space("rec709"), 12) == AVCOL_TRC_BT709);
  const ColorTags passthrough = movie_colour_tags(space("passthrough"), *find_codec("rle"), AV_PIX_FMT_RGB24);
  CHECK(passthrough.primaries == AVCOL_PRI_UNSPECIFIED);
  CHECK(passthrough.transfer == AVCOL_TRC_UNSPECIFIED);
  CHECK(passthrough.matrix == AVCOL_SPC_RGB);
}

TEST_CASE("PNG carries cICP where H.273 is exact, sRGB for sRGB, cHRM and gAMA where exact", "[colour][png]") {
  using Chunk = std::vector<uint8_t>;
  auto srgb = png_colour_chunks(space("srgb"), "rgba8fixed");
  CHECK(srgb["cICP"] == Chunk{1, 13, 0, 1});
  CHECK(srgb.count("sRGB") == 1);
  CHECK(srgb.count("cHRM") == 0);

  auto rec709 = png_colour_chunks(space("rec709"), "rgba8fixed");
  CHECK(rec709["cICP"] == Chunk{1, 1, 0, 1});
  CHECK(rec709.count("sRGB") == 0);
  CHECK(rec709.count("cHRM") == 1);
  CHECK(rec709.count("gAMA") == 0);  // no power is the BT.709 curve

  CHECK(png_colour_chunks(space("rec2020st2084pq"), "rgba16fixed")["cICP"] == Chunk{9, 16, 0, 1});
  CHECK(png_colour_chunks(space("rec2020hlg"), "rgba16fixed")["cICP"] == Chunk{9, 18, 0, 1});
  CHECK(png_colour_chunks(space("rec2020"), "rgba8fixed")["cICP"] == Chunk{9, 14, 0, 1});
  CHECK(png_colour_chunks(space("rec2020"), "rgba16fixed")["cICP"] == Chunk{9, 15, 0, 1});
  CHECK(png_colour_chunks(space("displayp3d65"), "rgba8fixed")["cICP"] == Chunk{12, 13, 0, 1});
  CHECK(png_colour_chunks(space("rec601ntsc"), "mono8fixed")["cICP"] == Chunk{6, 6, 0, 1});

  auto linear = png_colour_chunks(space("srgblinear"), "rgba16fixed");
  CHECK(linear["cICP"] == Chunk{1, 8, 0, 1});
  CHECK(linear["gAMA"] == Chunk{0, 1, 0x86, 0xA0});  // 100000: gamma 1.0
  CHECK(linear.count("sRGB") == 0);

  auto dci = png_colour_chunks(space("dcip3"), "rgba8fixed");
  CHECK(dci.count("cICP") == 0);  // H.273 has no plain gamma 2.6
  CHECK(big_endian(dci["gAMA"].data()) == 38462);  // 1/2.6
  REQUIRE(dci.count("cHRM") == 1);
  CHECK(big_endian(dci["cHRM"].data() + 8) == 68000);  // red x

  auto aces = png_colour_chunks(space("aces2065-1"), "rgba16fixed");
  CHECK(aces.count("cICP") == 0);
  CHECK(aces.count("cHRM") == 0);  // AP0's blue has y < 0, which cHRM cannot store
  CHECK(aces.count("gAMA") == 1);

  auto proxy = png_colour_chunks(space("acesproxy"), "rgba8fixed");
  CHECK(proxy.empty());  // AP1's red has x + y > 1, and a log curve is no power
  CHECK(png_colour_chunks(space("acescg"), "rgba16fixed").count("cHRM") == 0);
  CHECK(png_colour_chunks(space("passthrough"), "rgba8fixed").empty());
}

TEST_CASE("PNG carries mDCv and cLLi from the HDR metadata, after cICP and before the image data", "[colour][png]") {
  Folder tmp;
  ImageOptions options;
  options.colour.space = &space("rec2020st2084pq");
  options.colour.hdr.mastering = parse_mastering_display(
      "G(13250,34500)B(7500,3000)R(34000,16000)WP(15635,16450)L(10000000,50)", "mastering-display");
  options.colour.hdr.light = ContentLightLevel{1000, 400};
  make_image_writer("png")->write(tmp / "hdr.png", grey_ramp("rgba16fixed"), options);
  const auto chunks = png_chunks(bytes_of(tmp / "hdr.png"));
  std::vector<std::string> order;
  for (const auto& [type, data] : chunks) order.push_back(type);
  const auto at = [&](const char* type) { return std::find(order.begin(), order.end(), type) - order.begin(); };
  REQUIRE(at("mDCv") < long(order.size()));
  REQUIRE(at("cLLi") < long(order.size()));
  CHECK(at("cICP") < at("mDCv"));
  CHECK(at("mDCv") < at("cLLi"));
  CHECK(at("cLLi") < at("IDAT"));
  // red, green, blue, white as 16-bit x, y; then the luminances as 32-bit numbers, all big-endian
  const std::vector<uint8_t> mdcv = {0x84, 0xD0, 0x3E, 0x80, 0x33, 0xC2, 0x86, 0xC4, 0x1D, 0x4C, 0x0B, 0xB8,
                                     0x3D, 0x13, 0x40, 0x42, 0x00, 0x98, 0x96, 0x80, 0x00, 0x00, 0x00, 0x32};
  CHECK(chunks[size_t(at("mDCv"))].second == mdcv);
  CHECK(big_endian(chunks[size_t(at("cLLi"))].second.data()) == 10000000);  // 1000 nits in 0.0001 cd/m²
  CHECK(big_endian(chunks[size_t(at("cLLi"))].second.data() + 4) == 4000000);

  options.colour.hdr.mastering.reset();
  make_image_writer("png")->write(tmp / "light.png", grey_ramp("rgba16fixed"), options);
  const auto light = png_chunks(bytes_of(tmp / "light.png"));
  CHECK(std::none_of(light.begin(), light.end(), [](const auto& c) { return c.first == "mDCv"; }));
  CHECK(std::count_if(light.begin(), light.end(), [](const auto& c) { return c.first == "cLLi"; }) == 1);
}

TEST_CASE("EXR chromaticities follow the primaries, whiteLuminance marks linear spaces", "[colour][exr]") {
  Folder tmp;
  const auto writer = make_image_writer("exr");
  for (const char* token : {"acescg", "aces2065-1", "srgblinear", "rec2020st2084pq", "passthrough"}) {
    INFO(token);
    ImageOptions options;
    options.colour.space = &space(token);
    options.colour.white_nits = 203;
    const fs::path path = tmp / (std::string(token) + ".exr");
    writer->write(path, grey_ramp("rgba16float"), options);
    Imf::InputFile in(path.c_str());
    const Imf::Header& h = in.header();
    const bool linear = space(token).transfer == Transfer::Linear;
    CHECK(Imf::hasWhiteLuminance(h) == linear);
    if (linear) CHECK(Imf::whiteLuminance(h) == 203.0f);
    if (is_passthrough(space(token))) {
      CHECK_FALSE(Imf::hasChromaticities(h));
      continue;
    }
    REQUIRE(Imf::hasChromaticities(h));
    const Primaries& p = space(token).primaries;
    const Imf::Chromaticities& c = Imf::chromaticities(h);
    CHECK(c.red.x == Approx(p.red.x));
    CHECK(c.green.y == Approx(p.green.y));
    CHECK(c.blue.y == Approx(p.blue.y));
    CHECK(c.white.x == Approx(p.white.x));
    CHECK(c.white.y == Approx(p.white.y));
  }
  SECTION("a header row's whiteLuminance replaces the reference white, in either of the writer's paths") {
    for (const char* compression : {"zip", "piz"}) {
      INFO(compression);
      ImageOptions options;
      options.colour.space = &space("acescg");
      options.compression = compression;
      options.header = {{"whiteLuminance", "48.5"}};
      const fs::path path = tmp / (std::string("row_") + compression + ".exr");
      writer->write(path, grey_ramp("rgba16float"), options);
      Imf::InputFile in(path.c_str());
      REQUIRE(Imf::hasWhiteLuminance(in.header()));
      CHECK(Imf::whiteLuminance(in.header()) == 48.5f);
    }
  }
}

TEST_CASE("ICC profiles: v4 display profiles for the spaces ICC can express, none for the others", "[colour][icc]") {
  for (const ColourSpace& s : colour_spaces()) {
    INFO(s.token);
    const std::vector<uint8_t> icc = icc_profile(s, IccChannels::Rgb);
    const bool expressible = s.transfer == Transfer::Srgb || s.transfer == Transfer::Bt709 ||
                             s.transfer == Transfer::Linear || s.transfer == Transfer::Gamma26;
    REQUIRE(icc.empty() == !expressible);
    if (icc.empty()) continue;
    CHECK(icc == icc_profile(s, IccChannels::Rgb));  // the same bytes every time: no creation time
    CHECK(big_endian(icc.data()) == icc.size());
    CHECK(std::memcmp(icc.data() + 36, "acsp", 4) == 0);
    CHECK(icc[8] == 4);  // version 4
    CHECK(std::memcmp(icc.data() + 12, "mntr", 4) == 0);
    CHECK(std::memcmp(icc.data() + 16, "RGB ", 4) == 0);
    cmsHPROFILE profile = cmsOpenProfileFromMem(icc.data(), static_cast<cmsUInt32Number>(icc.size()));
    REQUIRE(profile != nullptr);
    CHECK(description(profile) == std::string(s.label));
    // A matrix profile's colorants add up to the PCS white (D50).
    const cmsCIEXYZ r = colorant(profile, cmsSigRedColorantTag), g = colorant(profile, cmsSigGreenColorantTag),
                    b = colorant(profile, cmsSigBlueColorantTag);
    CHECK(r.X + g.X + b.X == Approx(0.9642).margin(2e-3));
    CHECK(r.Y + g.Y + b.Y == Approx(1.0).margin(2e-3));
    CHECK(r.Z + g.Z + b.Z == Approx(0.8249).margin(2e-3));
    const auto* trc = static_cast<const cmsToneCurve*>(cmsReadTag(profile, cmsSigRedTRCTag));
    REQUIRE(trc != nullptr);
    const double expected_mid = s.transfer == Transfer::Srgb    ? 0.214041
                                : s.transfer == Transfer::Bt709 ? 0.259589
                                : s.transfer == Transfer::Linear ? 0.5
                                                                 : 0.164938;
    CHECK(cmsEvalToneCurveFloat(trc, 0.5f) == Approx(expected_mid).margin(1e-4));
    cmsCloseProfile(profile);
  }
  SECTION("sRGB's colorants are the published D50-adapted ones") {
    const std::vector<uint8_t> icc = icc_profile(space("srgb"), IccChannels::Rgb);
    cmsHPROFILE profile = cmsOpenProfileFromMem(icc.data(), static_cast<cmsUInt32Number>(icc.size()));
    const cmsCIEXYZ r = colorant(profile, cmsSigRedColorantTag);
    CHECK(r.X == Approx(0.4361).margin(1e-3));
    CHECK(r.Y == Approx(0.2225).margin(1e-3));
    CHECK(r.Z == Approx(0.0139).margin(1e-3));
    cmsCloseProfile(profile);
  }
  SECTION("grey images get a grey profile with the same curve") {
    const std::vector<uint8_t> icc = icc_profile(space("rec709"), IccChannels::Grey);
    REQUIRE_FALSE(icc.empty());
    CHECK(std::memcmp(icc.data() + 16, "GRAY", 4) == 0);
  }
}

TEST_CASE("TIFF and JPEG embed the space's ICC profile, and none where it has none", "[colour][icc]") {
  Folder tmp;
  for (const char* token : {"rec709", "displayp3d65", "rec2020st2084pq", "passthrough"}) {
    INFO(token);
    ImageOptions options;
    options.colour.space = &space(token);
    const std::vector<uint8_t> expected = icc_profile(space(token), IccChannels::Rgb);

    const fs::path tiff = tmp / (std::string(token) + ".tif"), jpeg_path = tmp / (std::string(token) + ".jpg");
    make_image_writer("tiff")->write(tiff, grey_ramp("rgba16fixed"), options);
    TIFF* tif = TIFFOpen(tiff.c_str(), "r");
    REQUIRE(tif != nullptr);
    uint32_t size = 0;
    void* data = nullptr;
    const bool tagged = TIFFGetField(tif, TIFFTAG_ICCPROFILE, &size, &data) == 1;
    CHECK(tagged == !expected.empty());
    if (tagged) CHECK(std::vector<uint8_t>(static_cast<uint8_t*>(data), static_cast<uint8_t*>(data) + size) == expected);
    TIFFClose(tif);

    make_image_writer("jpeg")->write(jpeg_path, grey_ramp("rgb8fixed"), options);
    const std::vector<uint8_t> jpeg = bytes_of(jpeg_path);
    // The profile rides in APP2 "ICC_PROFILE" segments (one here: it is small), after a 14-byte marker header.
    const std::string marker = "ICC_PROFILE";
    const auto at = std::search(jpeg.begin(), jpeg.end(), marker.begin(), marker.end());
    CHECK((at != jpeg.end()) == !expected.empty());
    if (at != jpeg.end()) CHECK(std::vector<uint8_t>(at + 14, at + 14 + long(expected.size())) == expected);
  }
}
