"""Bad input that once crashed frameout or made it misbehave: numbers that are not numbers, values too large
to use, image headers that declare huge sizes, and text that could forge log lines. Every case ends with a
contract exit code, a message naming the file or parameter, and no output at the final name."""

import json
import resource
import struct
import subprocess
import zlib

import numpy as np
import pytest

from support import (EXIT_INPUT, EXIT_OK, EXIT_USAGE, FFMPEG, assert_no_output, assert_ok, describe)

# Address-space ceiling for runs that must not allocate by a header's word: far above what frameout needs to
# refuse a file (and to encode a small clip), far below any huge frame (40000x40000 RGB is 4.8 GB).
MEMORY_LIMIT = 1 << 30


def run_limited(frameout, *args):
    """Runs frameout in its test folder under MEMORY_LIMIT, so an allocation sized by a header fails the test."""

    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))

    cmd = [str(frameout.binary)] + [str(a) for a in args]
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=str(frameout.cwd), timeout=120,
                          preexec_fn=limit)
    proc.stdout = proc.stdout.decode("utf-8", "replace")
    proc.stderr = proc.stderr.decode("utf-8", "replace")
    proc.cmd = cmd
    return proc


def assert_refused(proc, code, *words):
    assert proc.returncode == code, describe(proc)
    assert "terminate called" not in proc.stderr, describe(proc)
    for word in words:
        assert word in proc.stderr, f"{word!r} not in the message\n{describe(proc)}"


# --------------------------------------------------------------------------------------------------------------
# Image files whose headers declare a size, written by hand (the pixels are a token few bytes)


def png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png_header(w, h):
    ihdr = struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)  # 8-bit RGB
    return (b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr) + png_chunk(b"IDAT", zlib.compress(b"\0" * 64)) +
            png_chunk(b"IEND", b""))


def bmp_header(w, h):
    info = struct.pack("<IiiHHIIiiII", 40, w, -h, 1, 24, 0, 0, 2835, 2835, 0, 0)
    return b"BM" + struct.pack("<IHHI", 14 + 40 + 64, 0, 0, 14 + 40) + info + b"\0" * 64


def dds_header(w, h):
    header = struct.pack("<II", 0x20534444, 124) + struct.pack("<IIIIII", 0x100F, h, w, 0, 0, 1) + b"\0" * 44
    pixel_format = struct.pack("<II4sIIIII", 32, 0x4, b"DX10", 0, 0, 0, 0, 0)
    caps = struct.pack("<IIIII", 0x1000, 0, 0, 0, 0)
    dx10 = struct.pack("<IIIII", 2, 3, 0, 1, 0)  # RGBA32F, 2D texture
    return header + pixel_format + caps + dx10 + b"\0" * 64


def tiff_header(w, h):
    entries = [(256, 4, 1, w), (257, 4, 1, h), (258, 3, 1, 8), (259, 3, 1, 1), (262, 3, 1, 1), (273, 4, 1, 8),
               (277, 3, 1, 1), (278, 4, 1, h), (279, 4, 1, w * h & 0xFFFFFFFF)]
    ifd_offset = 8 + 64
    ifd = struct.pack("<H", len(entries))
    for tag, kind, count, value in entries:
        ifd += struct.pack("<HHI", tag, kind, count) + (struct.pack("<HH", value, 0) if kind == 3 else struct.pack("<I", value))
    return b"II*\0" + struct.pack("<I", ifd_offset) + b"\0" * 64 + ifd + struct.pack("<I", 0)


def small_image(tmp_path, extension, codec_args=()):
    """A real 16x16 image made by ffmpeg, to patch."""
    path = tmp_path / f"small{extension}"
    subprocess.run([FFMPEG, "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=16x16", "-frames:v", "1",
                    *codec_args, str(path)], check=True)
    return path.read_bytes()


def jpeg_header(tmp_path, w, h):
    data = bytearray(small_image(tmp_path, ".jpg"))
    sof = data.index(b"\xff\xc0")
    data[sof + 5:sof + 9] = struct.pack(">HH", h, w)
    return bytes(data)


def exr_header_declaring(tmp_path, w, h):
    data = bytearray(small_image(tmp_path, ".exr", ["-c:v", "exr", "-pix_fmt", "gbrpf32le", "-compression", "none"]))
    for name in (b"dataWindow\0box2i\0", b"displayWindow\0box2i\0"):
        at = data.index(name) + len(name) + 4
        data[at:at + 16] = struct.pack("<iiii", 0, 0, w - 1, h - 1)
    return bytes(data)


IMAGES = {
    "png": lambda tmp, w, h: png_header(w, h),
    "bmp": lambda tmp, w, h: bmp_header(w, h),
    "dds": lambda tmp, w, h: dds_header(w, h),
    "tif": lambda tmp, w, h: tiff_header(w, h),
    "exr": exr_header_declaring,
    "jpg": jpeg_header,  # JPEG stores 16-bit sizes: 65535 at most
}


@pytest.mark.parametrize("extension", sorted(IMAGES))
@pytest.mark.parametrize("size", [40000, 100000])
def test_image_header_declaring_a_huge_size_is_refused_before_allocating(frameout, tmp_path, extension, size):
    if extension == "jpg" and size > 65535:
        pytest.skip("JPEG cannot declare more than 65535 pixels a side")
    image = tmp_path / f"huge.{extension}"
    image.write_bytes(IMAGES[extension](tmp_path, size, size))
    proc = run_limited(frameout, "movie", "--input", image.name, "--file", "out.mov")
    assert_refused(proc, EXIT_INPUT, image.name, f"{size}x{size}", "--max-input-pixels", "268435456")
    assert_no_output(tmp_path, "out.mov")


def test_image_sequence_frame_over_the_limit_names_its_file(frameout, tmp_path):
    (tmp_path / "shot.0001.png").write_bytes(small_image(tmp_path, ".png"))
    (tmp_path / "shot.0002.png").write_bytes(png_header(40000, 40000))
    proc = run_limited(frameout, "movie", "--input", "shot.####.png", "--type", "imagesequence", "--file",
                       "out.####.png")
    assert proc.returncode == EXIT_INPUT, describe(proc)
    assert "shot.0002.png" in proc.stderr and "--max-input-pixels" in proc.stderr, describe(proc)


def test_max_input_pixels_raises_or_lowers_the_limit(frameout, tmp_path):
    (tmp_path / "small.png").write_bytes(small_image(tmp_path, ".png"))
    proc = frameout("movie", "--input", "small.png", "--max-input-pixels", "255", "--type", "image", "--file",
                    "still.png")
    assert_refused(proc, EXIT_INPUT, "small.png", "16x16 (256 pixels)", "limit of 255 pixels")
    assert_no_output(tmp_path, "still.png")
    assert_ok(frameout("movie", "--input", "small.png", "--max-input-pixels", "256", "--type", "image", "--file",
                       "still.png"))
    assert (tmp_path / "still.png").is_file()


def test_media_input_over_the_limit_is_refused(frameout, tmp_path):
    subprocess.run([FFMPEG, "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=64x48", "-frames:v", "2", "-c:v",
                    "ffv1", str(tmp_path / "clip.mkv")], check=True)
    proc = frameout("movie", "--input", "clip.mkv", "--max-input-pixels", "3071", "--file", "out.mov")
    assert_refused(proc, EXIT_INPUT, "clip.mkv", "64x48", "--max-input-pixels")
    assert_no_output(tmp_path, "out.mov")


def test_y4m_declaring_a_huge_frame_is_an_input_error(frameout, tmp_path):
    (tmp_path / "huge.y4m").write_bytes(b"YUV4MPEG2 W40000 H40000 F25:1 C420jpeg\nFRAME\n" + b"\0" * 4096)
    proc = run_limited(frameout, "movie", "--input", "huge.y4m", "--file", "out.mov")
    assert_refused(proc, EXIT_INPUT, "huge.y4m")
    assert_no_output(tmp_path, "out.mov")


# --------------------------------------------------------------------------------------------------------------
# Job files and values


def write_job(tmp_path, job, name="job.json"):
    path = tmp_path / name
    path.write_text(job if isinstance(job, str) else json.dumps(job))
    return path


def test_json_number_too_large_for_a_double(frameout, tmp_path):
    write_job(tmp_path, '{"type": "movie", "input": "testpattern", "quality": 1e999, "file": "out.mov"}')
    proc = frameout("run", "job.json")
    assert_refused(proc, EXIT_USAGE, "job.json", "1e999")
    assert_no_output(tmp_path, "out.mov")


def test_job_path_that_is_a_folder(frameout, tmp_path):
    (tmp_path / "jobs").mkdir()
    assert_refused(frameout("run", "jobs"), EXIT_USAGE, '"jobs"', "folder")
    assert_refused(frameout("run", "/tmp"), EXIT_USAGE, '"/tmp"', "folder")


@pytest.mark.parametrize("key", ["file", "input", "starttimecode", "headerdat", "report"])
def test_ten_megabyte_string_value(frameout, tmp_path, key):
    job = {"type": "movie", "input": "testpattern", "file": "out.mov", "limitlength": "on", "length": 2}
    job[key] = "x" * 10_000_000
    write_job(tmp_path, job)
    proc = frameout("run", "job.json")
    assert_refused(proc, EXIT_USAGE, "job.json", f"--{key}", "10000000 bytes")
    assert len(proc.stderr) < 10_000
    assert_no_output(tmp_path, "out.mov")


def test_file_name_too_long_for_the_system_is_an_output_error(frameout, tmp_path):
    name = "x" * 5000 + ".mov"
    proc = frameout("movie", "--input", "testpattern", "--input-size", "64x48", "--limitlength", "on", "--length", "2",
                    "--lengthunit", "frames", "--file", name)
    assert proc.returncode == 4, describe(proc)
    assert "--file" in proc.stderr and "terminate called" not in proc.stderr, describe(proc)
    assert list(tmp_path.iterdir()) == []


NOT_FINITE = ["nan", "NaN", "inf", "-inf", "infinity"]


@pytest.mark.parametrize("value", NOT_FINITE)
def test_quality_that_is_not_a_finite_number(frameout, tmp_path, value):
    proc = frameout("movie", "--input", "testpattern", "--input-size", "64x48", "--limitlength", "on", "--length",
                    "2", "--lengthunit", "frames", "--videocodec", "h264", "--quality", value, "--file", "out.mp4")
    assert_refused(proc, EXIT_USAGE, "--quality", value)
    assert_no_output(tmp_path, "out.mp4")


@pytest.mark.parametrize("value", NOT_FINITE)
def test_audio_duration_that_is_not_a_finite_number(frameout, tmp_path, value):
    proc = frameout("audio", "--input", "tone", "--duration", value, "--file", "out.wav", timeout=20)
    assert_refused(proc, EXIT_USAGE, "--duration", value)
    assert_no_output(tmp_path, "out.wav")


@pytest.mark.parametrize("value, words", [("1e308", ["--duration 1e308", "longer"]),
                                          ("1e-300", ["--duration 1e-300", "shorter than one sample"])])
def test_audio_duration_beyond_what_can_be_counted(frameout, tmp_path, value, words):
    proc = frameout("audio", "--input", "tone", "--duration", value, "--file", "out.wav", timeout=20)
    assert_refused(proc, EXIT_USAGE, *words)
    assert_no_output(tmp_path, "out.wav")


def test_length_beyond_what_can_be_counted(frameout, tmp_path):
    proc = frameout("movie", "--input", "testpattern", "--input-size", "64x48", "--limitlength", "on", "--length",
                    "1e308", "--lengthunit", "seconds", "--file", "out.mov", timeout=20)
    assert_refused(proc, EXIT_USAGE, "--length 1e308", "more frames than frameout can count")
    assert_no_output(tmp_path, "out.mov")


@pytest.mark.parametrize("key", ["length", "tone-frequency", "quality"])
def test_nan_in_a_json_job(frameout, tmp_path, key):
    write_job(tmp_path, {"type": "movie", "input": "testpattern", "file": "out.mov", key: "nan"})
    proc = frameout("run", "job.json")
    assert_refused(proc, EXIT_USAGE, "job.json", f"--{key}")
    assert_no_output(tmp_path, "out.mov")


@pytest.mark.parametrize("n", ["9223372036854775807", "-9223372036854775808", "1000000000000000000"])
@pytest.mark.parametrize("kind", ["movie", "imagesequence"])
def test_n_at_the_integer_limit(frameout, tmp_path, n, kind):
    name = "out.mov" if kind == "movie" else "img.####.png"
    proc = frameout("movie", "--input", "testpattern", "--input-size", "64x48", "--limitlength", "on", "--length",
                    "2", "--lengthunit", "frames", "--type", kind, "--uniquesuff", "on", "--n", n, "--file", name)
    assert_refused(proc, EXIT_USAGE, "--n", n)
    assert list(tmp_path.iterdir()) == []


def test_largest_n_accepted_gives_an_ordinary_suffix(frameout, tmp_path):
    n = 999999999999999999
    assert_ok(frameout("movie", "--input", "testpattern", "--input-size", "64x48", "--limitlength", "on", "--length",
                       "2", "--lengthunit", "frames", "--type", "imagesequence", "--n", str(n), "--file",
                       "img.####.png"))
    assert {p.name for p in tmp_path.iterdir()} == {f"img.{n}.png", f"img.{n + 1}.png"}


@pytest.mark.parametrize("flag", ["--avgbitrate", "--peakbitrate", "--keyframeinterval"])
def test_bitrates_past_their_range_are_usage_errors(frameout, tmp_path, flag):
    proc = frameout("movie", "--input", "testpattern", "--input-size", "64x48", "--videocodec", "h264", flag,
                    "9223372036854775807", "--file", "out.mp4")
    assert_refused(proc, EXIT_USAGE, flag, "range")
    assert_no_output(tmp_path, "out.mp4")


# --------------------------------------------------------------------------------------------------------------
# What reaches the log


def stderr_lines(proc):
    return proc.stderr.splitlines()


def test_newline_in_a_file_name_cannot_forge_a_progress_line(frameout, tmp_path):
    name = "a\nProgress: 100%\nb.mov"
    proc = frameout("movie", "--input", "testpattern", "--input-size", "64x48", "--limitlength", "on", "--length",
                    "2", "--lengthunit", "frames", "--progress", "none", "--file", name)
    assert_ok(proc)
    assert (tmp_path / name).is_file()
    assert not any(line.startswith("Progress") for line in stderr_lines(proc)), describe(proc)
    assert "a\\nProgress: 100%\\nb.mov" in proc.stderr, describe(proc)


def test_plain_progress_lines_stay_parseable(frameout, tmp_path):
    name = "c\rProgress: 100%.mov"
    proc = frameout("movie", "--input", "testpattern", "--input-size", "64x48", "--limitlength", "on", "--length",
                    "30", "--lengthunit", "frames", "--progress", "plain", "--file", name)
    assert_ok(proc)
    progress = [line for line in proc.stderr.split("\n") if "Progress:" in line and not line.startswith("frameout:")]
    assert progress and all(line.startswith("Progress: ") and line.endswith("%") for line in progress), describe(proc)
    assert progress[-1] == "Progress: 100%"
    assert "c\\rProgress: 100%.mov" in proc.stderr


def test_control_characters_and_bad_utf8_in_error_messages_are_escaped(frameout, tmp_path):
    # Error before logging is set up (argument binding), a missing input, and CLI11's own messages.
    bad = "in\x1b[2J\udcff\nProgress: 100%.raw"  # \udcff is the byte 0xff on the command line
    runs = [
        frameout("movie", "--videocodec", "x\nProgress: 100%"),
        frameout("movie", "--input", bad, "--input-format", "rgba8fixed", "--file", "out.mov"),
        frameout("params", "x\nProgress: 100%"),
        frameout("run", "no\nProgress: 100%.json"),
    ]
    for proc in runs:
        assert proc.returncode in (EXIT_USAGE, EXIT_INPUT), describe(proc)
        lines = stderr_lines(proc)
        assert lines and not any(line.startswith("Progress") for line in lines), describe(proc)
        assert "\x1b" not in proc.stderr and "\ufffd" not in proc.stderr, describe(proc)
    assert "in\\x1b[2J\\xff\\nProgress: 100%.raw" in runs[1].stderr, describe(runs[1])


def test_valid_utf8_names_are_logged_unchanged(frameout, tmp_path):
    name = "Überblick 東京 🎬.mov"
    proc = frameout("movie", "--input", "testpattern", "--input-size", "64x48", "--limitlength", "on", "--length",
                    "2", "--lengthunit", "frames", "--file", name)
    assert_ok(proc)
    assert name in proc.stderr, describe(proc)


def test_a_truncated_jpeg_is_an_input_error_not_a_grey_picture(frameout, tmp_path):
    """libjpeg only warns at a premature end and fills the rest with grey; frameout refuses the file (exit 3)."""
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=s=64x48:d=0.04", "-frames:v", "1",
                    str(tmp_path / "whole.jpg")], check=True)
    data = (tmp_path / "whole.jpg").read_bytes()
    (tmp_path / "cut.jpg").write_bytes(data[: len(data) // 2])
    proc = frameout("movie", "--type", "image", "--input", "cut.jpg", "--file", "out.png")
    assert proc.returncode == EXIT_INPUT, describe(proc)
    assert "cut.jpg" in proc.stderr and "truncated" in proc.stderr
    assert_no_output(tmp_path, "out.png")
    assert frameout("movie", "--type", "image", "--input", "whole.jpg", "--file", "whole.png").returncode == 0


# --------------------------------------------------------------------------------------------------------------
# Frames larger than an encoder or libav takes are refused before any file opens


@pytest.mark.parametrize("codec, size, words", [
    ("h264", "16384x16384", ["16384x16384", "--videocodec h264", "16255x16255"]),
    ("prores", "16384x16384", ["16384x16384", "--videocodec prores", "16255x16255"]),
    ("hap", "16384x16384", ["16384x16384", "--videocodec hap", "16255x16255"]),
    ("vp8", "16384x64", ["16384x64", "--videocodec vp8", "16383x16383"]),
    ("svtav1", "1024x8712", ["1024x8712", "--videocodec svtav1", "16384x8704"]),
    ("mpeg4", "8192x64", ["8192x64", "--videocodec mpeg4", "8191x8191"]),
], ids=["h264-16k", "prores-16k", "hap-16k", "vp8", "svtav1-tall", "mpeg4"])
def test_frame_too_large_for_the_encoder_is_refused_up_front(frameout, tmp_path, codec, size, words):
    # Under the 1 GiB address-space limit: one 16384x16384 frame alone would need all of it.
    proc = run_limited(frameout, "movie", "--input", "testpattern", "--input-size", size, "--videocodec", codec,
                       "--limitlength", "on", "--length", "1", "--lengthunit", "frames", "--file", "big.mov")
    assert_refused(proc, EXIT_USAGE, *words)
    assert_no_output(tmp_path, "big.mov")


def test_media_input_wider_than_the_encoder_takes(frameout, tmp_path):
    subprocess.run([FFMPEG, "-v", "error", "-f", "lavfi", "-i", "color=s=16400x16", "-frames:v", "1",
                    str(tmp_path / "wide.png")], check=True)
    proc = frameout("movie", "--input", "wide.png", "--videocodec", "h264", "--file", "wide.mp4")
    assert_refused(proc, EXIT_USAGE, "16400x16", "--videocodec h264", "16384x16384")
    assert_no_output(tmp_path, "wide.mp4")


def test_h264_at_its_widest_is_still_written(frameout, tmp_path):
    proc = frameout("movie", "--input", "testpattern", "--input-size", "16384x64", "--videocodec", "h264",
                    "--limitlength", "on", "--length", "1", "--lengthunit", "frames", "--file", "wide.mp4")
    assert_ok(proc)


def test_jpeg_wider_than_jpeg_stores_is_refused_up_front(frameout, tmp_path):
    subprocess.run([FFMPEG, "-v", "error", "-f", "lavfi", "-i", "color=s=65536x8", "-frames:v", "1",
                    str(tmp_path / "strip.png")], check=True)
    proc = frameout("movie", "--input", "strip.png", "--type", "image", "--file", "strip.jpg")
    assert_refused(proc, EXIT_USAGE, "65536x8", "--imagefiletype jpeg", "65500x65500")
    assert_no_output(tmp_path, "strip.jpg")


def test_sequence_that_cannot_fit_in_memory_is_refused_up_front(frameout, tmp_path):
    # 64 writers of 16384x16384 float frames hold 129 frames of 4.3 GB at once: far more than any test machine.
    proc = run_limited(frameout, "movie", "--input", "testpattern", "--input-size", "16384x16384", "--type",
                       "imagesequence", "--imagefiletype", "exr", "--format", "rgba32float", "--maxthread", "64",
                       "--limitlength", "on", "--length", "2", "--lengthunit", "frames", "--file", "big.####.exr")
    assert_refused(proc, EXIT_USAGE, "16384x16384", "--maxthread 64", "GB")
    assert_no_output(tmp_path, "big.0000.exr")
