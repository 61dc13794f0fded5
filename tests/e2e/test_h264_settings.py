"""The Settings page acts on libx264: B-frames, key frames, profile, lossless preset, entropy coder, slices,
bit-rate modes. Each is checked in the written stream (ffprobe frame types, bitstream headers, bit rate)."""

import re
import subprocess

import numpy as np
import pytest

from support import (FFMPEG, EXIT_USAGE, assert_no_output, assert_ok, count_frames, decode, decode_native,
                     describe, ffprobe, make_frames, max_error, probe_frames, psnr, raw_args, rgb_to_ycbcr, to_u8,
                     video_stream, write_raw)

W, H = 160, 120


@pytest.fixture(scope="module")
def h264_clip(tmp_path_factory):
    """60 frames (2 s at 30 fps) of smooth motion with grain: B-frames pay off, key frames are not forced."""
    folder = tmp_path_factory.mktemp("h264")
    frames = to_u8(make_frames(W, H, 60, seed=11))
    return write_raw(folder / "clip.raw", frames), frames


def encode(frameout, clip, *flags, name="out.mp4", size=(W, H), fmt="rgba8fixed"):
    proc = frameout("movie", *raw_args(clip, fmt, *size), "--videocodec", "h264", *flags, "--file", name)
    assert_ok(proc)
    return frameout.cwd / name


def pict_types(path):
    return "".join(f["pict_type"] for f in probe_frames(path))


def trace_headers(path):
    """The H.264 parameter sets and slice headers as ffmpeg's trace_headers bitstream filter prints them."""
    cmd = [FFMPEG, "-hide_banner", "-nostdin", "-i", str(path), "-map", "0:v:0", "-c", "copy",
           "-bsf:v", "trace_headers", "-f", "null", "-"]
    out = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
    assert out.returncode == 0, out.stderr.decode(errors="replace")
    return out.stderr.decode(errors="replace")


def test_maxbframes_0_gives_no_b_frames(frameout, h264_clip):
    types = pict_types(encode(frameout, h264_clip[0], "--maxbframes", "0"))
    assert len(types) == 60
    assert "B" not in types, types
    assert video_stream(frameout.cwd / "out.mp4")["has_b_frames"] == 0


@pytest.mark.parametrize("bframes", [1, 2])
def test_maxbframes_n_gives_b_frames_in_runs_of_at_most_n(frameout, h264_clip, bframes):
    types = pict_types(encode(frameout, h264_clip[0], "--maxbframes", str(bframes)))
    assert len(types) == 60
    assert "B" in types, f"--maxbframes {bframes} on smooth motion should give B-frames: {types}"
    longest = max(len(run) for run in re.findall("B+", types))
    assert longest <= bframes, types


def test_keyframeinterval_10(frameout, h264_clip):
    frames = probe_frames(encode(frameout, h264_clip[0], "--keyframeinterval", "10"))
    keys = [i for i, f in enumerate(frames) if int(f["key_frame"]) == 1]
    assert keys == list(range(0, 60, 10)), f"key frames at {keys}"


def test_keyframeinterval_with_b_frames(frameout, h264_clip):
    frames = probe_frames(encode(frameout, h264_clip[0], "--keyframeinterval", "15", "--maxbframes", "2"))
    keys = [i for i, f in enumerate(frames) if int(f["key_frame"]) == 1]
    assert keys and keys[0] == 0
    assert max(b - a for a, b in zip(keys, keys[1:] + [60])) <= 15, keys
    assert len(keys) >= 4, keys


@pytest.mark.parametrize("profile,expected", [
    ("baseline", ("Constrained Baseline", "Baseline")),
    ("main", ("Main",)),
    ("high", ("High",)),
])
def test_profile(frameout, h264_clip, profile, expected):
    bframes = "0" if profile == "baseline" else "2"
    path = encode(frameout, h264_clip[0], "--profile", profile, "--maxbframes", bframes)
    st = video_stream(path)
    assert st["profile"] in expected, st["profile"]
    if profile == "baseline":
        assert "B" not in pict_types(path), "Baseline has no B-frames"
        flags = re.findall(r"entropy_coding_mode_flag\s+\S+\s+=\s+(\d)", trace_headers(path))
        assert flags and set(flags) == {"0"}, "Baseline has no CABAC"
    else:
        assert "B" in pict_types(path)


def test_profile_baseline_refuses_444(frameout, h264_clip):
    proc = frameout("movie", *raw_args(h264_clip[0], "rgba8fixed", W, H), "--videocodec", "h264",
                    "--profile", "baseline", "--moviepixelformat", "yuv444", "--file", "x.mp4")
    assert proc.returncode == EXIT_USAGE, describe(proc)
    assert "--profile" in proc.stderr and "yuv420" in proc.stderr
    assert_no_output(frameout.cwd, "x.mp4")


def test_profile_baseline_refuses_b_frames(frameout, h264_clip):
    proc = frameout("movie", *raw_args(h264_clip[0], "rgba8fixed", W, H), "--videocodec", "h264",
                    "--profile", "baseline", "--maxbframes", "2", "--file", "x.mp4")
    assert proc.returncode == EXIT_USAGE, describe(proc)
    assert "--maxbframes" in proc.stderr
    assert_no_output(frameout.cwd, "x.mp4")


def test_preset_lossless_is_exact_in_ycbcr(frameout, tmp_path):
    """Lossless H.264 4:4:4 holds exactly the Y'CbCr the RGB input maps to (BT.709, video range)."""
    w, h, n = 64, 48, 6
    frames = to_u8(make_frames(w, h, n, seed=5))
    raw = write_raw(tmp_path / "ll.raw", frames)
    path = encode(frameout, raw, "--preset", "lossless", "--moviepixelformat", "yuv444", name="ll.mp4",
                  size=(w, h))
    assert video_stream(path)["profile"] == "High 4:4:4 Predictive"
    assert count_frames(path) == n
    pix_fmt, planes = decode_native(path)
    assert pix_fmt == "yuv444p"
    reference = rgb_to_ycbcr(frames[..., :3] / 255.0, 8, "bt709", full_range=False)
    diff = np.abs(planes.astype(int) - reference.astype(int))
    # the only freedom left is the rounding of the RGB -> Y'CbCr step
    assert diff.max() <= 1, f"max Y'CbCr error {diff.max()}"
    assert np.mean(diff == 0) > 0.995, f"only {np.mean(diff == 0):.4f} of samples exact"
    # while the default quality is visibly lossy on the same frames
    lossy = encode(frameout, raw, "--quality", "0.8", "--moviepixelformat", "yuv444", name="lossy.mp4", size=(w, h))
    _, lossy_planes = decode_native(lossy)
    assert max_error(lossy_planes, reference) > 4
    # decoded to RGB it is as close as 8-bit Y'CbCr allows
    rgb = decode(path, "rgba", matrix="bt709", rng="tv")
    assert psnr(rgb[..., :3], frames[..., :3]) > 45


def test_preset_lossless_mono_is_exact(frameout, tmp_path):
    """Grey input through lossless 4:4:4: neutral chroma and luma exactly 16 + 219 * v / 255."""
    w, h = 64, 32
    grey = np.tile(np.arange(w, dtype=np.uint8) * 4, (2, h, 1))
    raw = write_raw(tmp_path / "grey.raw", grey)
    path = encode(frameout, raw, "--preset", "lossless", "--moviepixelformat", "yuv444", name="grey.mp4",
                  size=(w, h), fmt="mono8fixed")
    _, planes = decode_native(path)
    expected_y = np.round(16 + 219 * grey.astype(float) / 255.0)
    assert max_error(planes[..., 0], expected_y) <= 1
    assert max_error(planes[..., 1], np.full(grey.shape, 128)) <= 1
    assert max_error(planes[..., 2], np.full(grey.shape, 128)) <= 1


@pytest.mark.parametrize("mode,flag", [("cavlc", "0"), ("cabac", "1")])
def test_entropymode(frameout, h264_clip, mode, flag):
    text = trace_headers(encode(frameout, h264_clip[0], "--entropymode", mode))
    values = re.findall(r"entropy_coding_mode_flag\s+\S+\s+=\s+(\d)", text)
    assert values and set(values) == {flag}, f"--entropymode {mode}: PPS says {values}"


@pytest.mark.parametrize("flags,per_frame", [([], 1), (["--frameslicing", "on", "--numslices", "4"], 4),
                                             (["--frameslicing", "on", "--numslices", "2"], 2)])
def test_frameslicing(frameout, h264_clip, flags, per_frame):
    path = encode(frameout, h264_clip[0], *flags)
    slices = trace_headers(path).count("Slice Header")
    assert slices == 60 * per_frame, f"{slices} slices in 60 frames, expected {per_frame} per frame"


def bitrate_kbps(path):
    fmt = ffprobe(path)["format"]
    return 8.0 * path.stat().st_size / float(fmt["duration"]) / 1000.0


@pytest.fixture(scope="module")
def long_clip(tmp_path_factory):
    """4 s at 30 fps, 320x240: long enough for rate control to settle."""
    folder = tmp_path_factory.mktemp("h264long")
    frames = to_u8(make_frames(320, 240, 120, seed=21))
    return write_raw(folder / "long.raw", frames)


@pytest.mark.parametrize("target", [300, 1000])
def test_constant_bitrate_near_target(frameout, long_clip, target):
    path = encode(frameout, long_clip, "--bitratemode", "constant", "--avgbitrate", str(target), size=(320, 240))
    assert count_frames(path) == 120
    rate = bitrate_kbps(path)
    assert abs(rate - target) / target < 0.12, f"CBR {target} kb/s gave {rate:.0f} kb/s"


def test_variable_bitrate_near_target(frameout, long_clip):
    path = encode(frameout, long_clip, "--bitratemode", "variable", "--avgbitrate", "600", size=(320, 240))
    rate = bitrate_kbps(path)
    assert abs(rate - 600) / 600 < 0.25, f"VBR 600 kb/s gave {rate:.0f} kb/s"


def test_peakbitrate_caps_quality_mode(frameout, long_clip):
    free = bitrate_kbps(encode(frameout, long_clip, "--quality", "0.9", name="free.mp4", size=(320, 240)))
    capped = bitrate_kbps(encode(frameout, long_clip, "--quality", "0.9", "--peakbitrate", "250",
                                 name="capped.mp4", size=(320, 240)))
    assert free > 500, f"the clip should need more than the cap uncapped ({free:.0f} kb/s)"
    # a VBV ceiling: the mean stays near the peak (the buffer allows a start-up burst)
    assert capped < 250 * 1.5, f"--peakbitrate 250 gave {capped:.0f} kb/s (uncapped {free:.0f})"
