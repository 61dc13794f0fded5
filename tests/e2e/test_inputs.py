"""Inputs: the test pattern, raw frames from a file, stdin and a FIFO, in every Common-page pixel format.

Pixel formats are checked through Animation (rle) RGBA, which is lossless at 8 bits, so the decoded frames
must equal the input converted to 8 bits (within one step for deeper formats) with the documented channel
mapping: mono -> grey, rg -> red/green with blue 0, alpha-only -> grey and alpha, missing alpha -> opaque.
"""

import os
import threading
import time

import numpy as np
import pytest

from support import (EXIT_INPUT, INPUT_FORMATS, assert_no_output, assert_ok, count_frames, decode, describe,
                     leftovers, make_frames, max_error, pack_input, psnr, raw_args, to_u16, video_stream,
                     write_raw)

W, H, N = 32, 16, 3


CASES = {fmt: pack_input(fmt, make_frames(W, H, N, seed=2)) for fmt in INPUT_FORMATS}


@pytest.mark.parametrize("fmt", sorted(CASES))
def test_pixel_format_through_lossless_rle(frameout, tmp_path, fmt):
    packed, expected = CASES[fmt]
    raw = write_raw(tmp_path / f"{fmt}.raw", packed)
    # The values are taken as sRGB-encoded whatever the format (float input would be linear light by default).
    proc = frameout("movie", *raw_args(raw, fmt, W, H), "--input-colorspace", "srgb", "--videocodec", "rle",
                    "--moviepixelformat", "rgba", "--file", "out.mov")
    assert_ok(proc)
    dec = decode(tmp_path / "out.mov", "rgba", size=(W, H))
    assert dec.shape == (N, H, W, 4)
    want = np.round(np.clip(expected, 0.0, 1.0) * 255.0)
    tolerance = 0 if fmt.endswith("8fixed") else 1
    for c, name in enumerate("RGBA"):
        err = max_error(dec[..., c], want[..., c])
        assert err <= tolerance, f"{fmt}: channel {name} off by {err} (allowed {tolerance})"


def test_pixel_format_sizes_are_checked(frameout, tmp_path):
    """Frame size in bytes follows the format: 3 frames of rgba16fixed read as rgba8fixed are 6 frames."""
    raw = write_raw(tmp_path / "f.raw", to_u16(make_frames(W, H, 3)))
    proc = frameout("movie", *raw_args(raw, "rgba8fixed", W, H), "--videocodec", "rle", "--file", "out.mov")
    assert_ok(proc)
    assert count_frames(tmp_path / "out.mov") == 6


def test_float_input_is_clamped(frameout, tmp_path):
    w, h = 64, 4
    f = np.zeros((1, h, w, 4), "<f4")
    f[..., 0] = np.linspace(-0.5, 1.5, w)
    f[..., 1] = 2.0
    f[..., 2] = -1.0
    f[..., 3] = 1.0
    raw = write_raw(tmp_path / "f.raw", f)
    # The values are display values already: a float input is linear light (srgblinear) unless told otherwise.
    proc = frameout("movie", *raw_args(raw, "rgba32float", w, h), "--input-colorspace", "srgb", "--videocodec",
                    "rle", "--moviepixelformat", "rgba", "--file", "out.mov")
    assert_ok(proc)
    dec = decode(tmp_path / "out.mov", "rgba")
    assert max_error(dec[..., 0], np.round(np.clip(f[..., 0], 0, 1) * 255)) <= 1
    assert dec[..., 1].min() == 255 and dec[..., 2].max() == 0


# --- test pattern -------------------------------------------------------------------------------------------


def test_testpattern_defaults_1920x1080_at_60(frameout, tmp_path):
    proc = frameout("movie", "--input", "testpattern", "--limitlength", "on", "--length", "2", "--lengthunit",
                    "frames", "--videocodec", "mjpa", "--file", "tp.mov")
    assert_ok(proc)
    st = video_stream(tmp_path / "tp.mov", count=True)
    assert (st["width"], st["height"], st["r_frame_rate"]) == (1920, 1080, "60/1")
    assert int(st["nb_read_frames"]) == 2


def test_testpattern_is_deterministic_and_moves(frameout, tmp_path):
    args = ["movie", "--input", "testpattern", "--input-size", "96x64", "--input-rate", "30", "--limitlength",
            "on", "--length", "6", "--lengthunit", "frames", "--videocodec", "rle", "--moviepixelformat", "rgba"]
    assert_ok(frameout(*args, "--file", "a.mov"))
    assert_ok(frameout(*args, "--file", "b.mov"))
    a, b = decode(tmp_path / "a.mov"), decode(tmp_path / "b.mov")
    assert a.shape == (6, 64, 96, 4)
    assert np.array_equal(a, b), "the test pattern must be the same on every run"
    assert not np.array_equal(a[0], a[5]), "the test pattern should move"
    assert a[..., 3].min() < 255, "the test pattern has an alpha ramp"
    assert len(np.unique(a[0, ..., :3].reshape(-1, 3), axis=0)) > 8


# --- stdin, file, FIFO ----------------------------------------------------------------------------------------


def test_stdin_input(frameout, rgba8_clip, tmp_path):
    raw, frames, w, h = rgba8_clip
    proc = frameout("movie", *raw_args("-", "rgba8fixed", w, h), "--videocodec", "rle", "--moviepixelformat",
                    "rgba", "--file", "stdin.mov", input=raw.read_bytes())
    assert_ok(proc)
    assert max_error(decode(tmp_path / "stdin.mov"), frames) == 0


def test_fifo_input(frameout, rgba8_clip, tmp_path):
    raw, frames, w, h = rgba8_clip
    fifo = tmp_path / "frames.fifo"
    os.mkfifo(fifo)
    proc = frameout.popen("movie", *raw_args(fifo, "rgba8fixed", w, h), "--videocodec", "rle",
                          "--moviepixelformat", "rgba", "--file", "fifo.mov")

    def writer():
        # uneven writes with pauses: frames arrive split across reads
        data = raw.read_bytes()
        with open(fifo, "wb") as pipe:
            step = 5000
            for i in range(0, len(data), step):
                pipe.write(data[i:i + step])
                pipe.flush()
                time.sleep(0.005)

    thread = threading.Thread(target=writer, daemon=True)
    thread.start()
    _, err = proc.communicate(timeout=60)
    thread.join(timeout=10)
    assert proc.returncode == 0, err.decode(errors="replace")
    assert max_error(decode(tmp_path / "fifo.mov"), frames) == 0


# --- short and empty input ----------------------------------------------------------------------------------


@pytest.mark.parametrize("via", ["file", "stdin"])
def test_truncated_last_frame_keeps_complete_frames(frameout, rgba8_clip, tmp_path, via):
    raw, frames, w, h = rgba8_clip
    frame_bytes = w * h * 4
    keep = 5
    extra = 1234
    data = raw.read_bytes()[: keep * frame_bytes + extra]
    if via == "file":
        short = tmp_path / "short.raw"
        short.write_bytes(data)
        proc = frameout("movie", *raw_args(short, "rgba8fixed", w, h), "--videocodec", "rle",
                        "--moviepixelformat", "rgba", "--file", "short.mov")
    else:
        proc = frameout("movie", *raw_args("-", "rgba8fixed", w, h), "--videocodec", "rle",
                        "--moviepixelformat", "rgba", "--file", "short.mov", input=data)
    assert proc.returncode == EXIT_INPUT, describe(proc)
    assert str(extra) in proc.stderr and str(frame_bytes) in proc.stderr, proc.stderr
    out = tmp_path / "short.mov"
    assert out.is_file(), "the complete frames must be kept in a finished file"
    assert count_frames(out) == keep
    assert max_error(decode(out), frames[:keep]) == 0
    assert leftovers(tmp_path) == []


def test_truncated_last_frame_h264_is_playable(frameout, rgba8_clip, tmp_path):
    raw, frames, w, h = rgba8_clip
    short = tmp_path / "short.raw"
    short.write_bytes(raw.read_bytes()[: 7 * w * h * 4 + 10])
    proc = frameout("movie", *raw_args(short, "rgba8fixed", w, h), "--videocodec", "h264", "--maxbframes", "2",
                    "--file", "short.mp4")
    assert proc.returncode == EXIT_INPUT, describe(proc)
    assert count_frames(tmp_path / "short.mp4") == 7


@pytest.mark.parametrize("via", ["file", "stdin"])
def test_empty_input_writes_nothing(frameout, tmp_path, via):
    empty = tmp_path / "empty.raw"
    empty.write_bytes(b"")
    src = empty if via == "file" else "-"
    proc = frameout("movie", *raw_args(src, "rgba8fixed", 32, 16), "--file", "e.mov", input=b"")
    assert proc.returncode == EXIT_INPUT, describe(proc)
    assert "no frames" in proc.stderr
    assert_no_output(tmp_path, "e.mov")


def test_less_than_one_frame(frameout, tmp_path):
    proc = frameout("movie", *raw_args("-", "rgba8fixed", 32, 16), "--file", "e.mov", input=b"x" * 100)
    assert proc.returncode == EXIT_INPUT, describe(proc)
    assert "100" in proc.stderr
    assert_no_output(tmp_path, "e.mov")


def test_missing_input_file(frameout, tmp_path):
    proc = frameout("movie", *raw_args(tmp_path / "nope.raw", "rgba8fixed", 32, 16), "--file", "e.mov")
    assert proc.returncode == EXIT_INPUT, describe(proc)
    assert "nope.raw" in proc.stderr
    assert_no_output(tmp_path, "e.mov")


# --- every format into the Y'CbCr and texture codecs ---------------------------------------------------------

# codec id: (flags, decode matrix, decode range, RGB PSNR threshold, alpha PSNR threshold or None)
#   measured at 64x48 on this content: prores 4444 54-80 dB (alpha 49-50), h264 4:2:0 31.4-49, prores hq
#   35-71, mjpa 32-42, hap alpha 35-45 (alpha 47-50); the sharp moving box dominates at this small size.
YUV_CODECS = {
    "prores4444": (["--videocodec", "prores", "--videocodectype", "4444", "--moviepixelformat", "rgba"],
                   "bt709", "tv", 50.0, 45.0),
    "h264_420": (["--videocodec", "h264", "--moviepixelformat", "yuv420"], "bt709", "tv", 29.5, None),
    "proreshq": (["--videocodec", "prores", "--videocodectype", "hq"], "bt709", "tv", 33.0, None),
    "mjpa": (["--videocodec", "mjpa"], "bt601", "pc", 30.0, None),
    "hapalpha": (["--videocodec", "hap", "--videocodectype", "hapalpha", "--moviepixelformat", "rgba"],
                 None, None, 33.0, 44.0),
}
SOME_FORMATS = ["rgba16fixed", "rgba32float", "rgb10a2fixed", "mono8fixed", "monoalpha16float"]
FORMAT_CODEC = ([(fmt, c) for c in ("prores4444", "h264_420") for fmt in INPUT_FORMATS]
                + [(fmt, c) for c in ("proreshq", "mjpa", "hapalpha") for fmt in SOME_FORMATS])


@pytest.mark.parametrize("fmt,codec", FORMAT_CODEC, ids=[f"{f}-{c}" for f, c in FORMAT_CODEC])
def test_pixel_format_into_codec(frameout, tmp_path, fmt, codec):
    w, h, n = 64, 48, 2
    packed, expected = pack_input(fmt, make_frames(w, h, n, seed=2))
    raw = write_raw(tmp_path / "in.raw", packed)
    flags, matrix, rng, rgb_min, alpha_min = YUV_CODECS[codec]
    # Every format's values are taken as sRGB-encoded, so only the pixel format is under test here.
    proc = frameout("movie", *raw_args(raw, fmt, w, h), "--input-colorspace", "srgb", *flags, "--file", "out.mov")
    assert_ok(proc)
    dec = decode(tmp_path / "out.mov", "rgba", matrix=matrix, rng=rng, size=(w, h))
    assert dec.shape[0] == n
    want = np.round(np.clip(expected, 0.0, 1.0) * 255.0)
    value = psnr(dec[..., :3], want[..., :3])
    assert value > rgb_min, f"{fmt} -> {codec}: RGB PSNR {value:.2f} dB"
    if alpha_min is not None:
        value = psnr(dec[..., 3], want[..., 3])
        assert value > alpha_min, f"{fmt} -> {codec}: alpha PSNR {value:.2f} dB"
