"""Colour tags: every --outputcolorspace token into representative movie and image formats, each description read
back by tools that are not frameout (ffprobe on the container and on the elementary stream, MediaInfo, the colr
box, a PNG chunk walk, exrheader, the ICC profile in TIFF and JPEG parsed from its published layout), plus the HDR
mastering-display and light-level flags.

Tokens `frameout params` still lists as not implemented are skipped at run time: their tests start running as
soon as the conversion work marks them implemented."""

import functools
import json
import subprocess

import pytest

from colour_readers import (MATRICES, PRIMARIES, TRANSFERS, colr_box, elementary_stream, elementary_stream_tags,
                            exr_header, first_frame, fraction, h264_sei_payload_types, icc_info, icc_primaries,
                            jpeg_icc, mediainfo_video, numbers, png_chunks, png_colour, png_without, side_data,
                            tag, tiff_icc)
from support import EXIT_USAGE, assert_no_output, assert_ok, binary_path, video_stream

D65 = (0.3127, 0.3290)
ACES_WHITE = (0.32168, 0.33767)
BT709 = [(0.640, 0.330), (0.300, 0.600), (0.150, 0.060)]
SMPTE170M = [(0.630, 0.340), (0.310, 0.595), (0.155, 0.070)]
BT2020 = [(0.708, 0.292), (0.170, 0.797), (0.131, 0.046)]
P3 = [(0.680, 0.320), (0.265, 0.690), (0.150, 0.060)]
AP0 = [(0.7347, 0.2653), (0.0, 1.0), (0.0001, -0.0770)]
AP1 = [(0.713, 0.293), (0.165, 0.830), (0.128, 0.044)]

# token: (published primaries, white, curve, ffprobe primaries, transfer, Y'CbCr matrix; None = unspecified).
# Curves: ICC parametric decoding curves (ICC function type, parameters) where ICC has one, else None.
SRGB_CURVE = (3, [2.4, 1 / 1.055, 0.055 / 1.055, 1 / 12.92, 0.04045])
BT709_CURVE = (3, [1 / 0.45, 1 / 1.099, 0.099 / 1.099, 1 / 4.5, 0.081])
LINEAR = (0, [1.0])
GAMMA26 = (0, [2.6])
SPACES = {
    "srgb": (BT709, D65, SRGB_CURVE, "bt709", "iec61966-2-1", "bt709"),
    "srgblinear": (BT709, D65, LINEAR, "bt709", "linear", "bt709"),
    "rec601ntsc": (SMPTE170M, D65, BT709_CURVE, "smpte170m", "smpte170m", "smpte170m"),
    "rec709": (BT709, D65, BT709_CURVE, "bt709", "bt709", "bt709"),
    "rec2020": (BT2020, D65, BT709_CURVE, "bt2020", "bt2020-10", "bt2020nc"),
    "rec2020st2084pq": (BT2020, D65, None, "bt2020", "smpte2084", "bt2020nc"),
    "rec2020hlg": (BT2020, D65, None, "bt2020", "arib-std-b67", "bt2020nc"),
    "dcip3": (P3, D65, GAMMA26, "smpte432", None, "bt709"),
    "dcip3d60": (P3, ACES_WHITE, GAMMA26, None, None, "bt709"),
    "displayp3d65": (P3, D65, SRGB_CURVE, "smpte432", "iec61966-2-1", "bt709"),
    "displayp3d65linear": (P3, D65, LINEAR, "smpte432", "linear", "bt709"),
    "aces2065-1": (AP0, ACES_WHITE, LINEAR, None, "linear", "bt709"),
    "acescg": (AP1, ACES_WHITE, LINEAR, None, "linear", "bt709"),
    "acesproxy": (AP1, ACES_WHITE, None, None, None, "bt709"),
    "passthrough": (None, None, None, None, None, "bt709"),
}
LINEAR_SPACES = {"srgblinear", "displayp3d65linear", "aces2065-1", "acescg"}
HDR_CLASS = {"rec2020", "rec2020st2084pq", "rec2020hlg", "dcip3", "dcip3d60", "displayp3d65", "displayp3d65linear",
             "aces2065-1", "acescg", "acesproxy"}

MEDIAINFO_PRIMARIES = {"bt709": "BT.709", "smpte170m": "BT.601 NTSC", "bt2020": "BT.2020", "smpte432": "Display P3"}
MEDIAINFO_TRANSFERS = {"bt709": "BT.709", "smpte170m": "BT.601", "linear": "Linear", "iec61966-2-1": "sRGB/sYCC",
                       "bt2020-10": "BT.2020 (10-bit)", "bt2020-12": "BT.2020 (12-bit)", "smpte2084": "PQ",
                       "arib-std-b67": "HLG"}
MEDIAINFO_MATRICES = {"bt709": "BT.709", "smpte170m": "BT.601", "bt2020nc": "BT.2020 non-constant"}

# case: (videocodec, container, extra flags)
MOVIES = {
    "prores-mov": ("prores", "mov", ["--videocodectype", "4444"]),
    "h264-mp4": ("h264", "mp4", []),
    "h265-mp4": ("h265", "mp4", ["--moviepixelformat", "yuv420p10bit"]),
    "vp9-mkv": ("vp9", "mkv", []),
    "svtav1-mkv": ("svtav1", "mkv", ["--moviepixelformat", "yuv420p10bit"]),
}

P3_DISPLAY = "G(13250,34500)B(7500,3000)R(34000,16000)WP(15635,16450)L(10000000,50)"


@functools.lru_cache(maxsize=None)
def colour_space_menu():
    """{token: menu entry (token, label, status)} of --outputcolorspace, as `frameout params` lists it."""
    out = subprocess.run([str(binary_path()), "params", "movie", "--json"], stdout=subprocess.PIPE, timeout=60)
    assert out.returncode == 0
    param = next(p for p in json.loads(out.stdout) if p["name"] == "outputcolorspace")
    return {item["token"]: item for item in param["menu"]}


def require(token):
    """Skips while frameout does not accept the token yet (it converts as well as tags)."""
    status = colour_space_menu()[token]["status"]
    if status != "implemented":
        pytest.skip(f"--outputcolorspace {token} is listed as {status} by frameout params")


def movie(frameout, case, token, *extra):
    codec, container, flags = MOVIES[case]
    name = f"{case}-{token}.{container}"
    proc = frameout("movie", "--input", "testpattern", "--input-size", "64x64", "--input-rate", "30",
                    "--limitlength", "on", "--length", "3", "--lengthunit", "frames", "--videocodec", codec, *flags,
                    "--outputcolorspace", token, "--file", name, *extra)
    assert_ok(proc)
    return frameout.cwd / name, proc


def image(frameout, ext, token, *extra):
    name = f"still-{token}.{ext}"
    proc = frameout("movie", "--type", "image", "--input", "testpattern", "--input-size", "32x24", "--outputcolorspace",
                    token, "--file", name, *extra)
    assert_ok(proc)
    return frameout.cwd / name


def test_every_token_has_an_expectation():
    assert set(colour_space_menu()) == set(SPACES)


# --- movies -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("token", list(SPACES))
@pytest.mark.parametrize("case", list(MOVIES))
def test_movie_tags(frameout, tmp_path, case, token):
    require(token)
    _, _, _, primaries, transfer, matrix = SPACES[token]
    path, _ = movie(frameout, case, token)
    codec, container, _ = MOVIES[case]
    st = video_stream(path)
    assert tag(st.get("color_primaries")) == primaries
    assert tag(st.get("color_transfer")) == transfer
    assert tag(st.get("color_space")) == matrix
    assert st.get("color_range") == "tv"

    # the container's own description
    if container in ("mov", "mp4"):
        box = colr_box(path)
        assert box is not None, "no colr box"
        assert box[0] == ("nclc" if container == "mov" else "nclx")
        assert box[1:4] == (PRIMARIES[primaries], TRANSFERS[transfer], MATRICES[matrix])
        if container == "mp4":
            assert box[4] == 0, "limited range"
    info = mediainfo_video(path)
    if primaries is not None:
        assert info.get("colour_primaries") == MEDIAINFO_PRIMARIES[primaries]
        assert "Container" in info.get("colour_primaries_Source", ""), info
    if transfer is not None:
        assert info.get("transfer_characteristics") == MEDIAINFO_TRANSFERS[transfer]
    assert info.get("matrix_coefficients") == MEDIAINFO_MATRICES[matrix]

    # the codec's own description
    if codec == "prores":
        frame = first_frame(path)  # ProRes frame headers carry all three
    else:
        frame = elementary_stream_tags(path, codec, tmp_path)
    assert tag(frame.get("color_space")) == matrix
    assert frame.get("color_range") == "tv"
    if codec != "vp9":  # VP9 codes the matrix and range only
        assert tag(frame.get("color_primaries")) == primaries
        assert tag(frame.get("color_transfer")) == transfer


def test_rec2020_at_12_bits_takes_the_12_bit_transfer_code(frameout):
    require("rec2020")
    proc = frameout("movie", "--input", "testpattern", "--input-size", "64x64", "--limitlength", "on", "--length",
                    "2", "--lengthunit", "frames", "--videocodec", "cineform", "--moviepixelformat", "rgb",
                    "--outputcolorspace", "rec2020", "--file", "c.mov")
    assert_ok(proc)
    st = video_stream(frameout.cwd / "c.mov")
    assert (st.get("color_primaries"), st.get("color_transfer"), st.get("color_space")) == (
        "bt2020", "bt2020-12", "gbr")
    assert colr_box(frameout.cwd / "c.mov")[1:4] == (9, 15, 0)


@pytest.mark.parametrize("token", ["dcip3d60", "aces2065-1", "acesproxy"])
def test_spaces_without_h273_codes_say_so_at_verbose(frameout, token):
    require(token)
    _, proc = movie(frameout, "h264-mp4", token, "-v")
    assert f"--outputcolorspace {token}" in proc.stderr and "unspecified" in proc.stderr, proc.stderr
    _, quiet = movie(frameout, "h264-mp4", token, "--overwrite")
    assert "unspecified" not in quiet.stderr


# --- HDR metadata -------------------------------------------------------------------------------------------------


def check_mastering(entry):
    # AV1 stores the coordinates in 1/65536 (0.16 fixed point), H.265 and the containers in 1/50000
    assert fraction(entry["red_x"]) == pytest.approx(0.68, abs=1e-4)
    assert fraction(entry["red_y"]) == pytest.approx(0.32, abs=1e-4)
    assert fraction(entry["green_x"]) == pytest.approx(0.265, abs=1e-4)
    assert fraction(entry["blue_y"]) == pytest.approx(0.06, abs=1e-4)
    assert fraction(entry["white_point_x"]) == pytest.approx(0.3127, abs=1e-4)
    assert fraction(entry["max_luminance"]) == pytest.approx(1000)
    assert fraction(entry["min_luminance"]) == pytest.approx(0.005, abs=1e-4)


def check_light(entry):
    assert (int(entry["max_content"]), int(entry["max_average"])) == (1000, 400)


@pytest.mark.parametrize("case", list(MOVIES))
def test_pq_movies_carry_mastering_display_and_light_levels(frameout, tmp_path, case):
    require("rec2020st2084pq")
    path, proc = movie(frameout, case, "rec2020st2084pq", "--mastering-display", P3_DISPLAY, "--max-cll", "1000",
                       "--max-fall", "400")
    assert "not written" not in proc.stderr
    codec = MOVIES[case][0]
    # the container: mdcv / clli boxes, Matroska's MasteringMetadata and MaxCLL / MaxFALL
    stream = side_data(video_stream(path).get("side_data_list"))
    check_mastering(stream["Mastering display metadata"])
    check_light(stream["Content light level metadata"])
    info = mediainfo_video(path)
    assert info.get("MasteringDisplay_ColorPrimaries") == "Display P3", info
    assert "max: 1000 cd/m2" in info.get("MasteringDisplay_Luminance", ""), info
    # MediaInfo gives the unit for mov/mp4 and the bare number for Matroska
    assert (info.get("MaxCLL", "").split()[:1], info.get("MaxFALL", "").split()[:1]) == (["1000"], ["400"]), info
    # the bitstream, where the codec has a place for it (x265 SEI, the AV1 metadata OBU, x264 SEI)
    if codec in ("h265", "svtav1"):
        frame = side_data(elementary_stream_tags(path, codec, tmp_path).get("side_data_list"))
        check_mastering(frame["Mastering display metadata"])
        check_light(frame["Content light level metadata"])
    if codec == "h264":
        types = h264_sei_payload_types(elementary_stream(path, codec, tmp_path))
        assert 137 in types and 144 in types, f"no mastering display (137) / light level (144) SEI: {types}"


def test_hlg_movie_carries_the_light_levels(frameout):
    require("rec2020hlg")
    path, _ = movie(frameout, "h265-mp4", "rec2020hlg", "--max-cll", "1000", "--max-fall", "400")
    check_light(side_data(video_stream(path).get("side_data_list"))["Content light level metadata"])


def test_hdr_flags_on_an_sdr_space_are_warned_about_and_left_out(frameout):
    path, proc = movie(frameout, "h265-mp4", "rec709", "--mastering-display", P3_DISPLAY, "--max-cll", "1000")
    assert "--mastering-display, --max-cll not written" in proc.stderr and "rec709" in proc.stderr, proc.stderr
    assert "side_data_list" not in video_stream(path)


HDR_FLAGS = ("--mastering-display", P3_DISPLAY, "--max-cll", "1000", "--max-fall", "400")


@pytest.mark.parametrize("token", ["rec2020st2084pq", "rec2020hlg"])
def test_hdr_png_carries_mastering_display_and_light_levels(frameout, tmp_path, token):
    require(token)
    path = image(frameout, "png", token, *HDR_FLAGS)
    found = png_colour(path)  # each once, before the image data, with a good CRC
    mdcv = found["mDCv"]
    assert (mdcv["red"], mdcv["green"], mdcv["blue"]) == ((0.68, 0.32), (0.265, 0.69), (0.15, 0.06))
    assert mdcv["white"] == (0.3127, 0.329)
    assert (mdcv["max"], mdcv["min"]) == (1000, 0.005)
    assert found["cLLi"] == (1000, 400)
    # cICP names the space the metadata is about; the chunks follow IHDR in this order
    kinds = [kind for kind, _ in png_chunks(path)]
    assert kinds[0] == "IHDR"
    assert kinds.index("cICP") < kinds.index("mDCv") < kinds.index("cLLi") < kinds.index("IDAT")
    # Debian 12's pngcheck 3.0.3 predates the third edition: it stops at cICP, the first chunk it does not know, and
    # calls that its only error. Without the three new chunks it must find nothing wrong with the rest of the file.
    checked = subprocess.run(["pngcheck", "-v", str(path)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                             text=True, timeout=60)
    complaints = [line for line in checked.stdout.splitlines() if "illegal" in line or "error" in line.lower()]
    assert len(complaints) == 2, checked.stdout
    assert "chunk cICP" in complaints[0] and "unknown, public chunk" in complaints[0], checked.stdout
    assert complaints[1].startswith("ERRORS DETECTED"), checked.stdout
    rest = png_without(path, {"cICP", "mDCv", "cLLi"}, tmp_path / "rest.png")
    checked = subprocess.run(["pngcheck", "-v", str(rest)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                             text=True, timeout=60)
    assert checked.returncode == 0 and "No errors detected" in checked.stdout, checked.stdout


def test_hdr_png_light_levels_alone(frameout):
    require("rec2020st2084pq")
    found = png_colour(image(frameout, "png", "rec2020st2084pq", "--max-cll", "600"))
    assert "mDCv" not in found
    assert found["cLLi"] == (600, 0)  # MaxFALL 0: unknown


def test_hdr_flags_on_sdr_or_other_images_are_warned_about(frameout):
    proc = frameout("movie", "--type", "image", "--input", "testpattern", "--input-size", "32x24", *HDR_FLAGS,
                    "--file", "sdr.png")
    assert_ok(proc)  # the input's own space, sRGB
    assert "--mastering-display, --max-cll, --max-fall not written" in proc.stderr and "srgb" in proc.stderr, \
        proc.stderr
    found = png_colour(frameout.cwd / "sdr.png")
    assert "mDCv" not in found and "cLLi" not in found
    proc = frameout("movie", "--type", "image", "--input", "testpattern", "--input-size", "32x24",
                    "--outputcolorspace", "rec2020st2084pq", "--max-fall", "10", "--file", "b.tif")
    assert_ok(proc)
    assert "--max-fall has no effect" in proc.stderr, proc.stderr


@pytest.mark.parametrize("flags,named", [
    (["--mastering-display", "G(0.265,0.69)B(0.15,0.06)R(0.68,0.32)WP(0.3127,0.329)L(1000,1)"], "--mastering-display"),
    (["--mastering-display", "R(34000,16000)G(13250,34500)B(7500,3000)WP(15635,16450)L(10000000,50)"],
     "--mastering-display"),
    (["--mastering-display", "G(13250,34500)B(7500,3000)R(34000,16000)WP(15635,16450)L(50,50)"],
     "--mastering-display"),
    (["--mastering-display", "G(60000,34500)B(7500,3000)R(34000,16000)WP(15635,16450)L(10000000,50)"],
     "--mastering-display"),
    (["--max-cll", "70000"], "--max-cll"),
    (["--max-fall", "-1"], "--max-fall"),
    (["--max-cll", "100", "--max-fall", "400"], "--max-fall 400"),
])
def test_bad_hdr_values_are_usage_errors_naming_the_flag(frameout, flags, named):
    proc = frameout("movie", "--input", "testpattern", "--input-size", "64x64", "--limitlength", "on", "--length",
                    "2", "--lengthunit", "frames", "--videocodec", "h265", "--file", "bad.mp4", *flags)
    assert proc.returncode == EXIT_USAGE, proc.stderr
    assert named in proc.stderr, proc.stderr
    assert_no_output(frameout.cwd, "bad.mp4")


# --- images -------------------------------------------------------------------------------------------------------


def close(pairs, expected, tolerance=1e-3):
    return all(abs(a - b) <= tolerance for pair, want in zip(pairs, expected) for a, b in zip(pair, want))


@pytest.mark.parametrize("token", list(SPACES))
def test_png_colour_chunks(frameout, token):
    require(token)
    prims, white, curve, primaries, transfer, _ = SPACES[token]
    found = png_colour(image(frameout, "png", token))
    assert "mDCv" not in found and "cLLi" not in found  # no HDR flags given
    if primaries is not None and transfer is not None:
        assert found.get("cICP") == (PRIMARIES[primaries], TRANSFERS[transfer], 0, 1)
    else:
        assert "cICP" not in found
    assert ("sRGB" in found) == (token == "srgb")
    exact_power = curve in (LINEAR, GAMMA26)
    assert ("gAMA" in found) == exact_power
    if exact_power:
        assert found["gAMA"] == pytest.approx(1 / curve[1][0], abs=1e-5)
    # cHRM holds physical coordinates only: x, y >= 0 and x + y <= 1 (not ACES AP0's blue, nor AP1's red)
    storable = prims is not None and token != "srgb" and all(x >= 0 and y >= 0 and x + y <= 1 for x, y in prims)
    assert ("cHRM" in found) == storable
    if storable:
        chrm = found["cHRM"]
        assert close([chrm[0:2]], [white]) and close([chrm[2:4], chrm[4:6], chrm[6:8]], prims)


@pytest.mark.parametrize("token", list(SPACES))
def test_exr_chromaticities_and_white_luminance(frameout, token):
    require(token)
    prims, white, *_ = SPACES[token]
    header = exr_header(image(frameout, "exr", token))
    if prims is None:
        assert "chromaticities" not in header
    else:
        values = numbers(header["chromaticities"])
        assert close([values[0:2], values[2:4], values[4:6]], prims, 1e-4) and close([values[6:8]], [white], 1e-4)
    if token in LINEAR_SPACES:
        assert numbers(header["whiteLuminance"]) == [203.0 if token in HDR_CLASS else 100.0]
    else:
        assert "whiteLuminance" not in header


@pytest.mark.parametrize("token", list(SPACES))
@pytest.mark.parametrize("ext,read", [("tif", tiff_icc), ("jpg", jpeg_icc)])
def test_tiff_and_jpeg_icc_profiles(frameout, token, ext, read):
    require(token)
    prims, white, curve, *_ = SPACES[token]
    profile = read(image(frameout, ext, token))
    if curve is None:
        assert profile is None, f"{token} has no exact ICC curve but got a profile"
        return
    info = icc_info(profile)
    assert (info["version"], info["class"], info["space"]) == (4, "mntr", "RGB ")
    assert info["description"] == colour_space_menu()[token]["label"]
    assert close(icc_primaries(info), prims, 2e-3)
    function, params = info["rTRC"]
    assert function == curve[0]
    assert params == pytest.approx(curve[1], abs=1e-4)
    # the colorants add up to the D50 white of the profile connection space
    total = [info["rXYZ"][i] + info["gXYZ"][i] + info["bXYZ"][i] for i in range(3)]
    assert total == pytest.approx([0.9642, 1.0, 0.8249], abs=2e-3)
