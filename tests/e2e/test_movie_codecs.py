"""Every codec and type: exact frame counts, decoded pixels against the known input, alpha, stream tags,
containers and colour.

Each codec case is encoded once per module from the same 320x240 clip and then checked by several tests.
Pixels are decoded with the ffmpeg CLI using the matrix and range the contract promises (BT.709 video range
for ProRes and H.264), so a wrong matrix shows up as a PSNR failure, not only as a wrong tag.
"""

import subprocess

import numpy as np
import pytest

from support import (FFPROBE, Frameout, assert_ok, count_frames, decode, decode_native, ffprobe, make_frames,
                     max_error, psnr, raw_args, to_u8, to_u16, video_stream, write_raw, ycbcr_to_rgb)

W, H, N = 320, 240, 10

# id: (flags, expected ffprobe fields, RGB PSNR threshold in dB or "exact", alpha check)
#   measured on this clip (ffmpeg 5.1): proxy 36.9, lt 38.0, standard 38.5, hq 39.0, 4444 59, h264 4:2:0 36.2,
#   h264 4:4:4 38.1, mjpa 4:2:0 35.5 / 4:2:2 36.4, hap 39.1, hapq 40.6; thresholds keep 1.5-3 dB of margin.
CASES = {
    "prores_proxy": (["--videocodec", "prores", "--videocodectype", "proxy"],
                     dict(codec_name="prores", profile="Proxy", codec_tag_string="apco", pix_fmt="yuv422p10le"),
                     34.5, None),
    "prores_lt": (["--videocodec", "prores", "--videocodectype", "lt"],
                  dict(codec_name="prores", profile="LT", codec_tag_string="apcs", pix_fmt="yuv422p10le"),
                  36.0, None),
    "prores_standard": (["--videocodec", "prores", "--videocodectype", "standard"],
                        dict(codec_name="prores", profile="Standard", codec_tag_string="apcn",
                             pix_fmt="yuv422p10le"),
                        36.5, None),
    "prores_hq": (["--videocodec", "prores", "--videocodectype", "hq"],
                  dict(codec_name="prores", profile="HQ", codec_tag_string="apch", pix_fmt="yuv422p10le"),
                  37.5, None),
    "prores_4444": (["--videocodec", "prores", "--videocodectype", "4444", "--moviepixelformat", "rgba"],
                    dict(codec_name="prores", profile="4444", codec_tag_string="ap4h", pix_fmt="yuva444p12le"),
                    50.0, ("max", 2)),
    "prores_4444xq": (["--videocodec", "prores", "--videocodectype", "4444xq", "--moviepixelformat", "rgba"],
                      dict(codec_name="prores", profile="XQ", codec_tag_string="ap4x", pix_fmt="yuva444p12le"),
                      50.0, ("max", 2)),
    "prores_4444_rgb": (["--videocodec", "prores", "--videocodectype", "4444", "--moviepixelformat", "rgb"],
                        dict(codec_name="prores", profile="4444", codec_tag_string="ap4h"),
                        45.0, None),  # 47.9: prores_ks quantises 4444 without alpha harder (same with ffmpeg)
    "h264_420": (["--videocodec", "h264", "--moviepixelformat", "yuv420", "--quality", "0.8"],
                 dict(codec_name="h264", profile="High", pix_fmt="yuv420p"), 35.0, None),
    "h264_422": (["--videocodec", "h264", "--moviepixelformat", "yuv422", "--quality", "0.8"],
                 dict(codec_name="h264", profile="High 4:2:2", pix_fmt="yuv422p"), 35.0, None),
    "h264_444": (["--videocodec", "h264", "--moviepixelformat", "yuv444", "--quality", "0.8"],
                 dict(codec_name="h264", profile="High 4:4:4 Predictive", pix_fmt="yuv444p"), 36.0, None),
    "mjpa_420": (["--videocodec", "mjpa", "--moviepixelformat", "yuv420"],
                 dict(codec_name="mjpeg", pix_fmt="yuvj420p"), 33.0, None),
    "mjpa_422": (["--videocodec", "mjpa", "--moviepixelformat", "yuv422"],
                 dict(codec_name="mjpeg", pix_fmt="yuvj422p"), 34.0, None),
    "rle_rgb": (["--videocodec", "rle", "--moviepixelformat", "rgb"],
                dict(codec_name="qtrle", pix_fmt="rgb24"), "exact", None),
    "rle_rgba": (["--videocodec", "rle", "--moviepixelformat", "rgba"],
                 dict(codec_name="qtrle", pix_fmt="argb"), "exact", ("max", 0)),
    "hap": (["--videocodec", "hap", "--videocodectype", "hap", "--moviepixelformat", "rgb"],
            dict(codec_name="hap", codec_tag_string="Hap1"), 36.0, None),
    "hap_alpha": (["--videocodec", "hap", "--videocodectype", "hapalpha", "--moviepixelformat", "rgba"],
                  dict(codec_name="hap", codec_tag_string="Hap5"), 36.0, ("psnr", 45.0)),
    "hap_q": (["--videocodec", "hap", "--videocodectype", "hapq", "--moviepixelformat", "rgb"],
              dict(codec_name="hap", codec_tag_string="HapY"), 37.0, None),
}

# The matrix/range a decoder must use to get the right RGB back (None: RGB codecs). Motion JPEG uses JPEG's own
# BT.601 full-range matrix (README, Colour: every JPEG decoder applies it whatever the container says).
DECODE_AS = {"prores": ("bt709", "tv"), "h264": ("bt709", "tv"), "mjpa": ("bt601", "pc"),
             "rle": (None, None), "hap": (None, None)}


@pytest.fixture(scope="module")
def clip(tmp_path_factory):
    folder = tmp_path_factory.mktemp("codecs")
    frames = to_u8(make_frames(W, H, N, seed=3))
    path = write_raw(folder / "clip.raw", frames)
    return folder, path, frames


@pytest.fixture(scope="module")
def encoded(frameout_bin, clip):
    """Encodes a CASES entry once per module; returns its path."""
    folder, raw, _ = clip
    run = Frameout(frameout_bin, folder)
    cache = {}

    def get(case):
        if case not in cache:
            flags = CASES[case][0]
            out = folder / f"{case}.mov"
            proc = run("movie", *raw_args(raw, "rgba8fixed", W, H, 30), *flags, "--file", out)
            assert_ok(proc)
            cache[case] = out
        return cache[case]

    return get


def codec_of(case):
    return CASES[case][0][1]


@pytest.mark.parametrize("case", list(CASES))
def test_frame_count_exact(encoded, case):
    assert count_frames(encoded(case)) == N


@pytest.mark.parametrize("case", list(CASES))
def test_stream_tags(encoded, case):
    path = encoded(case)
    st = video_stream(path)
    for key, value in CASES[case][1].items():
        assert st.get(key) == value, f"{case}: {key} is {st.get(key)!r}, expected {value!r}"
    assert (int(st["width"]), int(st["height"])) == (W, H)
    assert st["r_frame_rate"] == "30/1"
    assert st.get("color_primaries") == "bt709"
    assert st.get("color_transfer") == "iec61966-2-1", "default output colour space is sRGB"
    if codec_of(case) in ("prores", "h264"):
        assert st.get("color_space") == "bt709" and st.get("color_range") == "tv"
    if codec_of(case) == "mjpa":
        # JPEG's own matrix (BT.601) in full range, and the tags must say so
        assert st.get("color_space") == "bt470bg" and st.get("color_range") == "pc"
    fmt = ffprobe(path)["format"]
    assert "mov" in fmt["format_name"]
    assert abs(float(fmt["duration"]) - N / 30) < 1e-3


@pytest.mark.parametrize("case", list(CASES))
def test_decoded_pixels_match_input(encoded, clip, case):
    _, _, frames = clip
    matrix, rng = DECODE_AS[codec_of(case)]
    dec = decode(encoded(case), "rgba", matrix=matrix, rng=rng)
    assert dec.shape == frames.shape
    threshold = CASES[case][2]
    if threshold == "exact":
        assert max_error(dec[..., :3], frames[..., :3]) == 0, f"{case} is lossless but pixels differ"
    else:
        value = psnr(dec[..., :3], frames[..., :3])
        assert value > threshold, f"{case}: RGB PSNR {value:.2f} dB <= {threshold} dB"


@pytest.mark.parametrize("case", [c for c in CASES if CASES[c][3]])
def test_alpha_preserved(encoded, clip, case):
    _, _, frames = clip
    dec = decode(encoded(case), "rgba")
    kind, limit = CASES[case][3]
    assert frames[..., 3].min() < 100, "the test clip must have a real alpha ramp"
    if kind == "max":
        err = max_error(dec[..., 3], frames[..., 3])
        assert err <= limit, f"{case}: alpha max error {err} > {limit}"
    else:
        value = psnr(dec[..., 3], frames[..., 3])
        assert value > limit, f"{case}: alpha PSNR {value:.2f} dB <= {limit}"


@pytest.mark.parametrize("case", ["prores_hq", "prores_4444_rgb", "h264_420", "mjpa_420", "rle_rgb", "hap"])
def test_opaque_formats_decode_opaque(encoded, case):
    dec = decode(encoded(case), "rgba")
    assert dec[..., 3].min() == 255


def test_prores_types_set_the_data_rate(encoded):
    sizes = [encoded(c).stat().st_size for c in ("prores_proxy", "prores_lt", "prores_standard", "prores_hq")]
    assert sizes == sorted(sizes) and len(set(sizes)) == 4, f"proxy<lt<standard<hq expected, got {sizes}"
    assert encoded("prores_4444").stat().st_size > sizes[-1]
    assert encoded("prores_4444xq").stat().st_size >= encoded("prores_4444").stat().st_size


# CineForm's quality picks one of its 13 levels (0.3 -> high, 0.8 -> film2+, 1 -> film3+), which frameout's own
# encoder must honour.
@pytest.mark.parametrize("codec, pixel_format, ext, matrix", [("h264", "yuv444", "mp4", "bt709"),
                                                             ("cineform", "rgb", "mov", None)])
def test_quality_orders_size_and_psnr(frameout, clip, codec, pixel_format, ext, matrix):
    _, raw, frames = clip
    results = []
    for q in ("0.3", "0.8", "1"):
        out = f"q{q}.{ext}"
        proc = frameout("movie", *raw_args(raw, "rgba8fixed", W, H), "--videocodec", codec,
                        "--moviepixelformat", pixel_format, "--quality", q, "--file", out)
        assert_ok(proc)
        dec = decode(frameout.cwd / out, "rgba", matrix=matrix, rng="tv" if matrix else None)
        results.append((frameout.cwd.joinpath(out).stat().st_size, psnr(dec[..., :3], frames[..., :3])))
    sizes = [r[0] for r in results]
    psnrs = [r[1] for r in results]
    assert sizes == sorted(sizes), f"higher quality must give bigger files: {results}"
    assert psnrs == sorted(psnrs) and psnrs[2] - psnrs[0] > 3, f"higher quality must decode closer: {results}"


def test_mjpa_quality_acts(frameout, clip):
    _, raw, frames = clip
    out = {}
    for q in ("0.2", "1"):
        proc = frameout("movie", *raw_args(raw, "rgba8fixed", W, H), "--videocodec", "mjpa", "--quality", q,
                        "--file", f"mj{q}.mov")
        assert_ok(proc)
        dec = decode(frameout.cwd / f"mj{q}.mov", "rgba", matrix="bt601", rng="pc")
        out[q] = (frameout.cwd.joinpath(f"mj{q}.mov").stat().st_size, psnr(dec[..., :3], frames[..., :3]))
    assert out["1"][0] > out["0.2"][0] and out["1"][1] > out["0.2"][1] + 3, out


# --- deep input ---------------------------------------------------------------------------------------------


def test_deep_input_keeps_more_than_8_bits_in_prores_4444(frameout):
    """rgba16fixed -> ProRes 4444: the decoded 12-bit samples follow the 16-bit input far closer than 8 bits could.

    Slow ramps span only ~5 8-bit steps across the frame; decoded without swscale (its RGB output above 8 bits
    is not exact) and converted with BT.709 video-range maths here.
    """
    w, h = 64, 64
    y, x = np.mgrid[0:h, 0:w]
    f = np.zeros((2, h, w, 4))
    for c in range(3):
        f[..., c] = 0.40 + 0.02 * (x + 0.3 * c) / (w - 1) + 0.005 * y / (h - 1)
    f[..., 3] = 0.5 + 0.02 * x / (w - 1)
    u16 = to_u16(f)
    raw = write_raw(frameout.cwd / "deep.raw", u16)
    proc = frameout("movie", *raw_args(raw, "rgba16fixed", w, h), "--videocodec", "prores", "--videocodectype",
                    "4444", "--moviepixelformat", "rgba", "--file", "deep.mov")
    assert_ok(proc)
    pix_fmt, planes = decode_native(frameout.cwd / "deep.mov")
    assert pix_fmt == "yuva444p12le"
    rgb = ycbcr_to_rgb(planes, 12, "bt709", full_range=False) * 65535.0
    err = rgb - u16
    rms = float(np.sqrt(np.mean(err[..., :3] ** 2)))
    q8 = np.round(u16 / 257.0) * 257.0  # what an 8-bit path would at best deliver
    rms8 = float(np.sqrt(np.mean((q8 - u16)[..., :3] ** 2)))
    assert rms < rms8 / 2, f"RGB rms error {rms:.1f}/65535 is not better than 8-bit quantisation ({rms8:.1f})"
    # many more distinct levels along a row than the 5 an 8-bit path leaves
    assert len(np.unique(planes[0, 10, :, 0])) > 20
    # alpha, stored as is: within a few 12-bit steps of the input
    alpha_rms = float(np.sqrt(np.mean(err[..., 3] ** 2)))
    assert alpha_rms < 3 * 16, f"alpha rms {alpha_rms:.1f}/65535"


def test_8bit_input_is_not_shifted_in_prores_4444(frameout, clip):
    """Decoding the 12-bit samples with exact BT.709 maths lands on the 8-bit input values (no level shift)."""
    _, raw, frames = clip
    proc = frameout("movie", *raw_args(raw, "rgba8fixed", W, H), "--videocodec", "prores", "--videocodectype",
                    "4444", "--moviepixelformat", "rgba", "--file", "p8.mov")
    assert_ok(proc)
    _, planes = decode_native(frameout.cwd / "p8.mov", max_frames=2)
    rgb = ycbcr_to_rgb(planes, 12) * 255.0
    err = rgb[..., :3] - frames[:2, ..., :3]
    assert abs(float(err.mean())) < 0.1, f"mean level shift {err.mean():.3f}"
    assert float(np.sqrt(np.mean(err ** 2))) < 0.6


# --- colour -------------------------------------------------------------------------------------------------


def patch_frames(w=64, h=64, n=2):
    """Four flat quadrants: red, green, blue, orange."""
    f = np.zeros((n, h, w, 4), np.uint8)
    f[..., 3] = 255
    hw, hh = w // 2, h // 2
    f[:, :hh, :hw, 0] = 255                   # red
    f[:, :hh, hw:, 1] = 255                   # green
    f[:, hh:, :hw, 2] = 255                   # blue
    f[:, hh:, hw:, :3] = (200, 60, 30)        # orange
    return f


def patch_means(dec):
    d = dec[0].astype(float)
    return np.array([d[8:24, 8:24, :3].mean((0, 1)), d[8:24, 40:56, :3].mean((0, 1)),
                     d[40:56, 8:24, :3].mean((0, 1)), d[40:56, 40:56, :3].mean((0, 1))])


EXPECTED_PATCHES = np.array([(255, 0, 0), (0, 255, 0), (0, 0, 255), (200, 60, 30)], float)


@pytest.mark.parametrize("flags,matrix,rng,wrong", [
    (["--videocodec", "prores", "--videocodectype", "hq"], "bt709", "tv", "bt601"),
    (["--videocodec", "prores", "--videocodectype", "4444"], "bt709", "tv", "bt601"),
    (["--videocodec", "h264", "--moviepixelformat", "yuv444"], "bt709", "tv", "bt601"),
    (["--videocodec", "mjpa", "--moviepixelformat", "yuv422"], "bt601", "pc", "bt709"),
], ids=["prores_hq", "prores_4444", "h264", "mjpa"])
def test_saturated_patches_use_the_tagged_matrix(frameout, flags, matrix, rng, wrong):
    raw = write_raw(frameout.cwd / "patch.raw", patch_frames())
    proc = frameout("movie", *raw_args(raw, "rgba8fixed", 64, 64), *flags, "--file", "patch.mov")
    assert_ok(proc)
    path = frameout.cwd / "patch.mov"
    right = patch_means(decode(path, "rgba", matrix=matrix, rng=rng))
    assert np.abs(right - EXPECTED_PATCHES).max() < 4, f"decoded as {matrix}/{rng}: {right.round(1)}"
    # with the other matrix the saturated colours come out visibly wrong: the matrix really is `matrix`
    other = patch_means(decode(path, "rgba", matrix=wrong, rng=rng))
    assert np.abs(other - EXPECTED_PATCHES).max() > 12, f"decoded as {wrong} also matches: {other.round(1)}"
    # and a player that follows the stream's tags gets the right colours
    by_tags = patch_means(decode(path, "rgba"))
    assert np.abs(by_tags - EXPECTED_PATCHES).max() < 4


@pytest.mark.parametrize("container", ["mov", "mp4", "mkv"])
def test_rec709_transfer_tag(frameout, container):
    proc = frameout("movie", "--input", "testpattern", "--input-size", "64x48", "--input-rate", "30",
                    "--limitlength", "on", "--length", "3", "--lengthunit", "frames", "--videocodec", "h264",
                    "--outputcolorspace", "rec709", "--file", f"c.{container}")
    assert_ok(proc)
    st = video_stream(frameout.cwd / f"c.{container}")
    assert (st["color_primaries"], st["color_transfer"], st["color_space"], st["color_range"]) == (
        "bt709", "bt709", "bt709", "tv")


# --- containers ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("codec,container,format_name", [
    ("h264", "mp4", "mp4"), ("h264", "mov", "mov"), ("h264", "mkv", "matroska"),
    ("prores", "mkv", "matroska"), ("mjpa", "mkv", "matroska"),
])
def test_containers(frameout, rgba8_clip, codec, container, format_name):
    raw, frames, w, h = rgba8_clip
    name = f"out.{container}"
    proc = frameout("movie", *raw_args(raw, "rgba8fixed", w, h), "--videocodec", codec,
                    "--moviecontainer", container, "--file", name)
    assert_ok(proc)
    info = ffprobe(frameout.cwd / name)
    assert format_name in info["format"]["format_name"]
    if format_name == "mp4":
        assert info["format"]["tags"]["major_brand"].strip() != "qt"
    if format_name == "mov":
        assert info["format"]["tags"]["major_brand"].strip() == "qt"
    assert count_frames(frameout.cwd / name) == len(frames)
    st = video_stream(frameout.cwd / name)
    assert st["color_primaries"] == "bt709" and st["color_transfer"] == "iec61966-2-1"


@pytest.mark.parametrize("codec,ext", [("h264", ".mp4"), ("prores", ".mov"), ("rle", ".mov"), ("hap", ".mov")])
def test_automatic_container_adds_extension(frameout, rgba8_clip, codec, ext):
    raw, frames, w, h = rgba8_clip
    proc = frameout("movie", *raw_args(raw, "rgba8fixed", w, h), "--videocodec", codec, "--file", "take")
    assert_ok(proc)
    assert (frameout.cwd / f"take{ext}").is_file(), sorted(p.name for p in frameout.cwd.iterdir())
    assert count_frames(frameout.cwd / f"take{ext}") == len(frames)


def test_auto_types_follow_input_alpha(frameout, rgba8_clip):
    """auto: an input with alpha gives ProRes 4444 / Hap Alpha / Animation RGBA, an opaque format the others."""
    raw, frames, w, h = rgba8_clip
    mono = write_raw(frameout.cwd / "mono.raw", frames[..., 0])
    expect = {
        ("prores", "rgba8fixed"): ("codec_tag_string", "ap4h"), ("prores", "mono8fixed"): ("codec_tag_string", "apch"),
        ("hap", "rgba8fixed"): ("codec_tag_string", "Hap5"), ("hap", "mono8fixed"): ("codec_tag_string", "Hap1"),
        ("rle", "rgba8fixed"): ("pix_fmt", "argb"), ("rle", "mono8fixed"): ("pix_fmt", "rgb24"),
    }
    for (codec, fmt), (key, value) in expect.items():
        src = raw if fmt == "rgba8fixed" else mono
        name = f"auto_{codec}_{fmt}.mov"
        proc = frameout("movie", *raw_args(src, fmt, w, h), "--videocodec", codec, "--file", name)
        assert_ok(proc)
        assert video_stream(frameout.cwd / name)[key] == value, f"{codec} from {fmt}"


# --- hap ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("hap_type,bytes_per_pixel", [("hap", 0.5), ("hapalpha", 1.0), ("hapq", 1.0)])
def test_hap_secondary_compression(frameout, hap_type, bytes_per_pixel):
    w, h, n = 128, 64, 4
    flat = patch_frames(w, h, n)  # flat areas: identical texture blocks that Snappy packs well
    flat[:, :, :, 3] = 128
    raw = write_raw(frameout.cwd / "flat.raw", flat)
    sizes = {}
    for sc in ("on", "off"):
        name = f"{hap_type}_{sc}.mov"
        proc = frameout("movie", *raw_args(raw, "rgba8fixed", w, h), "--videocodec", "hap", "--videocodectype",
                        hap_type, "--secondarycompression", sc, "--file", name)
        assert_ok(proc)
        assert count_frames(frameout.cwd / name) == n
        sizes[sc] = (frameout.cwd / name).stat().st_size
    texture = w * h * n * bytes_per_pixel
    assert sizes["off"] >= texture, f"uncompressed Hap smaller than its textures: {sizes}"
    assert sizes["on"] < sizes["off"] * 0.5, f"secondary compression does not compress: {sizes}"


# --- animation ----------------------------------------------------------------------------------------------


def packet_keys(path):
    out = subprocess.run([FFPROBE, "-v", "error", "-select_streams", "v:0", "-show_packets", "-show_entries",
                          "packet=flags", "-of", "csv=p=0", str(path)], stdout=subprocess.PIPE, check=True)
    return [i for i, flags in enumerate(out.stdout.decode().split()) if flags.startswith("K")]


def test_rle_keyframeinterval(frameout, clip):
    _, raw, frames = clip
    proc = frameout("movie", *raw_args(raw, "rgba8fixed", W, H), "--videocodec", "rle", "--moviepixelformat",
                    "rgba", "--keyframeinterval", "4", "--file", "k4.mov")
    assert_ok(proc)
    path = frameout.cwd / "k4.mov"
    assert packet_keys(path) == list(range(0, N, 4))
    assert max_error(decode(path), frames) == 0, "inter-coded Animation frames must still be exact"


@pytest.mark.parametrize("fmt,channels", [("rgba", 4), ("rgb", 3)])
def test_rle_codes_only_what_changed_and_stays_exact(frameout, tmp_path, fmt, channels):
    """frameout's own Animation encoder: unchanged frames, a changed band, one changed pixel and every other
    pixel, decoded by ffmpeg to exactly the input."""
    rng = np.random.default_rng(4)
    f = np.repeat(rng.integers(0, 256, (1, 64, 96, 4), dtype=np.uint8), 6, axis=0)
    f[2:, 10:20, 5:50] = 7      # a band of lines changes, then stays
    f[4:, 63, 95] = 1           # only the last pixel
    f[5, :, ::2] = 9            # every other pixel: literals and skips alternate
    f[5, 30, :] = f[5, 30, 0]   # a whole line of one colour: repeat codes
    raw = write_raw(tmp_path / "f.rgba", f)
    proc = frameout("movie", *raw_args(raw, "rgba8fixed", 96, 64), "--videocodec", "rle", "--moviepixelformat", fmt,
                    "--file", "c.mov")
    assert_ok(proc)
    out = subprocess.run([FFPROBE, "-v", "error", "-show_entries", "packet=size", "-of", "csv=p=0",
                          str(tmp_path / "c.mov")], capture_output=True, check=True, text=True)
    sizes = [int(s) for s in out.stdout.split()]
    assert sizes[3] < 8, "an unchanged frame is an empty chunk"
    assert sizes[2] < 200 and sizes[4] < 40, "only the changed lines are coded"
    assert max_error(decode(tmp_path / "c.mov")[..., :channels], f[..., :channels]) == 0
