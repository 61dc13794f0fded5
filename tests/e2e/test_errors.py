"""Every bad-input rule: the exit code, a message that names the parameter (and what would work), and no file
left at the final name nor a temporary file in the folder."""

import os
import subprocess
import time

import numpy as np
import pytest

from support import (EXIT_INPUT, EXIT_OUTPUT, EXIT_UNAVAILABLE, EXIT_USAGE, assert_no_output, assert_ok,
                     describe, leftovers, make_frames, raw_args, to_u8, write_raw)


def run_raw(frameout, tmp_path, w, h, *flags, name="out.mov", n=2):
    raw = write_raw(tmp_path / "in.raw", to_u8(make_frames(w, h, n, seed=1)))
    return frameout("movie", *raw_args(raw, "rgba8fixed", w, h), *flags, "--file", name)


# (id, size, flags, file name, exit code, substrings of the message)
RULES = [
    ("prores_in_mp4", (64, 48), ["--videocodec", "prores"], "out.mp4", EXIT_USAGE, ["mp4", "mov", "prores"]),
    ("hap_in_mp4", (64, 48), ["--videocodec", "hap"], "out.mp4", EXIT_USAGE, ["mp4", "mov", "hap"]),
    ("rle_in_mp4", (64, 48), ["--videocodec", "rle"], "out.mp4", EXIT_USAGE, ["mp4", "mov", "rle"]),
    ("mjpa_in_mp4", (64, 48), ["--videocodec", "mjpa"], "out.mp4", EXIT_USAGE, ["mp4", "mov", "mjpa"]),
    ("prores_container_mp4", (64, 48), ["--videocodec", "prores", "--moviecontainer", "mp4"], "out.mp4",
     EXIT_USAGE, ["mp4", "mov"]),
    ("rle_in_mkv", (64, 48), ["--videocodec", "rle"], "out.mkv", EXIT_USAGE, ["mkv", "mov"]),
    ("hap_in_mkv", (64, 48), ["--videocodec", "hap"], "out.mkv", EXIT_USAGE, ["mkv", "mov"]),
    ("extension_vs_container", (64, 48), ["--videocodec", "h264", "--moviecontainer", "mp4"], "out.mov",
     EXIT_USAGE, ["--moviecontainer", ".mp4"]),
    ("hap_width_not_4", (66, 48), ["--videocodec", "hap"], "out.mov", EXIT_USAGE, ["66x48", "4", "64x48"]),
    ("hap_height_not_4", (64, 50), ["--videocodec", "hap", "--videocodectype", "hapq"], "out.mov",
     EXIT_USAGE, ["64x50", "4", "64x48"]),
    ("h264_420_odd_width", (65, 48), ["--videocodec", "h264", "--moviepixelformat", "yuv420"], "out.mp4",
     EXIT_USAGE, ["65x48", "4:2:0", "64x48"]),
    ("h264_420_odd_height", (64, 47), ["--videocodec", "h264"], "out.mp4", EXIT_USAGE, ["64x47", "4:2:0"]),
    ("mjpa_420_odd_height", (64, 47), ["--videocodec", "mjpa", "--moviepixelformat", "yuv420"], "out.mov",
     EXIT_USAGE, ["64x47", "4:2:0"]),
    ("prores_422_odd_width", (65, 48), ["--videocodec", "prores", "--videocodectype", "hq"], "out.mov",
     EXIT_USAGE, ["65x48", "4:2:2"]),
    ("mjpa_422_odd_width", (63, 48), ["--videocodec", "mjpa", "--moviepixelformat", "yuv422"], "out.mov",
     EXIT_USAGE, ["63x48", "4:2:2"]),
    ("prores_hq_rgba", (64, 48), ["--videocodec", "prores", "--videocodectype", "hq", "--moviepixelformat",
                                  "rgba"], "out.mov", EXIT_USAGE, ["--moviepixelformat", "yuv422"]),
    ("prores_4444_yuv422", (64, 48), ["--videocodec", "prores", "--videocodectype", "4444",
                                      "--moviepixelformat", "yuv422"], "out.mov", EXIT_USAGE, ["rgb"]),
    ("rle_yuv420", (64, 48), ["--videocodec", "rle", "--moviepixelformat", "yuv420"], "out.mov", EXIT_USAGE,
     ["rgb", "rgba"]),
    ("mjpa_yuv444", (64, 48), ["--videocodec", "mjpa", "--moviepixelformat", "yuv444"], "out.mov", EXIT_USAGE,
     ["yuv420", "yuv422"]),
    ("h264_rgb", (64, 48), ["--videocodec", "h264", "--moviepixelformat", "rgb"], "out.mp4", EXIT_USAGE,
     ["yuv420"]),
    # The page's Hap Q Alpha: a page feature not built yet, so exit 5 like every other (not a usage error).
    ("hapq_rgba", (64, 48), ["--videocodec", "hap", "--videocodectype", "hapq", "--moviepixelformat", "rgba"],
     "out.mov", EXIT_UNAVAILABLE, ["hapq", "rgba", "not implemented"]),
    ("h264_with_prores_type", (64, 48), ["--videocodec", "h264", "--videocodectype", "hq"], "out.mp4",
     EXIT_USAGE, ["--videocodectype"]),
    ("prores_with_hap_type", (64, 48), ["--videocodec", "prores", "--videocodectype", "hapq"], "out.mov",
     EXIT_USAGE, ["--videocodectype"]),
    ("baseline_444", (64, 48), ["--videocodec", "h264", "--profile", "baseline", "--moviepixelformat",
                                "yuv444"], "out.mp4", EXIT_USAGE, ["--profile"]),
    ("h264nvgpu_without_gpu", (64, 48), ["--videocodec", "h264nvgpu"], "out.mp4", EXIT_UNAVAILABLE,
     ["h264nvgpu", "--videocodec h264"]),
    ("notchlc_not_implemented", (64, 48), ["--videocodec", "notchlc"], "out.mov", EXIT_UNAVAILABLE, ["notchlc"]),
    ("stereo", (64, 48), ["--stereomode", "leftright"], "out.mov", EXIT_UNAVAILABLE, ["--stereomode"]),
    ("reference_white_not_positive", (64, 48), ["--outputcolorspace", "rec2020st2084pq", "--hdr-reference-white",
                                                 "-203"], "out.mov", EXIT_USAGE, ["--hdr-reference-white"]),
    ("starttimecode_in_mkv", (64, 48), ["--videocodec", "h264", "--starttimecode", "01:00:00:00"], "out.mkv",
     EXIT_USAGE, ["--starttimecode", "mkv"]),
    ("bad_timecode", (64, 48), ["--starttimecode", "1 hour"], "out.mov", EXIT_USAGE, ["--starttimecode"]),
]


@pytest.mark.parametrize("rule", RULES, ids=[r[0] for r in RULES])
def test_bad_input_rule(frameout, tmp_path, rule):
    _, (w, h), flags, name, code, needles = rule
    proc = run_raw(frameout, tmp_path, w, h, *flags, name=name)
    assert proc.returncode == code, describe(proc)
    for needle in needles:
        assert needle in proc.stderr, f"message should mention {needle!r}:\n{proc.stderr}"
    assert_no_output(tmp_path, name)


def test_h264nvgpu_unavailable_reason_matches_codecs(frameout, tmp_path):
    import json
    codecs = {c["token"]: c for c in json.loads(frameout("codecs", "--json").stdout)}
    if codecs["h264nvgpu"]["available"]:
        pytest.skip("an NVIDIA encoder opened on this machine")
    proc = run_raw(frameout, tmp_path, 64, 48, "--videocodec", "h264nvgpu", name="nv.mp4")
    assert proc.returncode == EXIT_UNAVAILABLE
    assert "h264" in proc.stderr.replace("h264nvgpu", "")
    assert_no_output(tmp_path, "nv.mp4")


def test_valid_rules_just_inside_the_limits(frameout, tmp_path):
    """The same codecs at sizes that fit: 4:2:2 allows an odd height, Hap takes multiples of 4."""
    assert_ok(run_raw(frameout, tmp_path, 64, 47, "--videocodec", "prores", "--videocodectype", "hq",
                      name="p.mov"))
    assert_ok(run_raw(frameout, tmp_path, 68, 44, "--videocodec", "hap", name="h.mov"))
    assert_ok(run_raw(frameout, tmp_path, 63, 47, "--videocodec", "h264", "--moviepixelformat", "yuv444",
                      name="x.mp4"))
    assert_ok(run_raw(frameout, tmp_path, 63, 47, "--videocodec", "rle", name="r.mov"))


def test_422_message_names_only_the_width(frameout, tmp_path):
    proc = run_raw(frameout, tmp_path, 65, 47, "--videocodec", "prores", "--videocodectype", "hq")
    assert proc.returncode == EXIT_USAGE
    assert "width and height" not in proc.stderr, proc.stderr
    assert "64x47" in proc.stderr, proc.stderr


def test_output_folder_is_a_file(frameout, tmp_path):
    (tmp_path / "blocker").write_text("not a folder")
    proc = run_raw(frameout, tmp_path, 64, 48, name="blocker/out.mov")
    assert proc.returncode == EXIT_OUTPUT, describe(proc)
    assert "blocker" in proc.stderr
    assert leftovers(tmp_path) == []


def test_output_folder_not_writable(frameout, tmp_path):
    if os.geteuid() == 0:
        target = "/proc/frameout-e2e/out.mov"  # even root cannot create folders in /proc
    else:
        ro = tmp_path / "ro"
        ro.mkdir()
        ro.chmod(0o555)
        target = str(ro / "out.mov")
    proc = run_raw(frameout, tmp_path, 64, 48, name=target)
    assert proc.returncode == EXIT_OUTPUT, describe(proc)
    assert "out.mov" in proc.stderr
    assert not os.path.exists(target)


def test_output_is_a_folder(frameout, tmp_path):
    (tmp_path / "out.mov").mkdir()
    proc = run_raw(frameout, tmp_path, 64, 48, "--overwrite")
    assert proc.returncode == EXIT_OUTPUT, describe(proc)
    assert (tmp_path / "out.mov").is_dir()
    assert leftovers(tmp_path) == []


def test_existing_file_is_exit_4(frameout, tmp_path):
    (tmp_path / "out.mov").write_bytes(b"x")
    proc = run_raw(frameout, tmp_path, 64, 48)
    assert proc.returncode == EXIT_OUTPUT, describe(proc)
    assert (tmp_path / "out.mov").read_bytes() == b"x"
    assert leftovers(tmp_path) == []


def test_rules_checked_before_reading_input(frameout, tmp_path):
    """A rule violation is reported at once, without consuming stdin (it never opens the output)."""
    proc = frameout("movie", *raw_args("-", "rgba8fixed", 66, 48), "--videocodec", "hap", "--file", "h.mov",
                    input=b"\0" * (66 * 48 * 4 * 3), timeout=20)
    assert proc.returncode == EXIT_USAGE
    assert_no_output(tmp_path, "h.mov")


def test_garbage_media_file(frameout, tmp_path):
    """A path without --input-format is media to decode; garbage is an input error (or exit 5 while media
    decoding is not in the build), naming the file, leaving nothing behind."""
    (tmp_path / "movie.mov").write_bytes(b"\0" * 1000)
    proc = frameout("movie", "--input", "movie.mov", "--file", "out.mov")
    assert proc.returncode in (EXIT_INPUT, EXIT_UNAVAILABLE), describe(proc)
    assert "movie.mov" in proc.stderr
    assert_no_output(tmp_path, "out.mov")


def test_input_error_mid_stream_removes_nothing_else(frameout, tmp_path):
    """An input error after some frames keeps only the finished file; no temporary files remain."""
    raw = to_u8(make_frames(64, 48, 3, seed=4)).tobytes()[:-7]
    proc = frameout("movie", *raw_args("-", "rgba8fixed", 64, 48), "--videocodec", "h264", "--file", "o.mp4",
                    input=raw)
    assert proc.returncode == EXIT_INPUT, describe(proc)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["o.mp4"]


@pytest.fixture
def tiny_disk(tmp_path):
    """A 1 MiB tmpfs (needs root, as in CI here; skipped elsewhere)."""
    mount = tmp_path / "tiny"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1M", "tmpfs", str(mount)], capture_output=True)
    if done.returncode != 0:
        pytest.skip("cannot mount a tmpfs here: " + done.stderr.decode(errors="replace").strip())
    yield mount
    subprocess.run(["umount", str(mount)], capture_output=True)


@pytest.mark.parametrize("command", [
    ["movie", "--input", "testpattern", "--input-size", "320x240", "--limitlength", "on", "--length", "60",
     "--lengthunit", "frames", "--videocodec", "prores", "--file", "{dir}/take.mov"],
    ["movie", "--input", "testpattern", "--input-size", "320x240", "--limitlength", "on", "--length", "60",
     "--lengthunit", "frames", "--type", "imagesequence", "--imagefiletype", "tiff", "--tiff-compression", "none",
     "--file", "{dir}/f.####.tif"],
    ["movie", "--input", "testpattern", "--input-size", "320x240", "--limitlength", "on", "--length", "60",
     "--lengthunit", "frames", "--type", "imagesequence", "--imagefiletype", "exr", "--format", "rgba32float",
     "--exr-compression", "piz", "--file", "{dir}/f.####.exr"],
    ["movie", "--input", "testpattern", "--input-size", "320x240", "--limitlength", "on", "--length", "60",
     "--lengthunit", "frames", "--type", "imagesequence", "--imagefiletype", "exr", "--format", "rgba32float",
     "--file", "{dir}/f.####.exr"],
    ["audio", "--input", "tone", "--duration", "10", "--file", "{dir}/take.wav"],
], ids=["movie", "sequence", "exr-piz", "exr-zip", "audio"])
def test_full_disk_is_an_output_error(frameout, tiny_disk, command):
    proc = frameout(*[part.replace("{dir}", str(tiny_disk)) for part in command])
    assert proc.returncode == EXIT_OUTPUT, describe(proc)
    assert str(tiny_disk) in proc.stderr, describe(proc)  # the message names the file
    if command[0] == "audio" or "prores" in command or "exr" in command:  # libtiff words its errors its own way
        assert "No space left on device" in proc.stderr, describe(proc)
    # Nothing partial remains: no temporary file, and no file at the name that failed (a sequence keeps the
    # complete files written before the disk filled).
    leftovers = [p.name for p in tiny_disk.iterdir()]
    assert not any(name.startswith(".") for name in leftovers), leftovers
    assert "take.mov" not in leftovers and "take.wav" not in leftovers, leftovers
    failed = [name for name in leftovers if name in proc.stderr]
    assert not failed, f"the file that failed is still there: {failed}"


@pytest.mark.parametrize("flags", [
    ["--videocodec", "prores", "--file", "out.mov"],
    ["--videocodec", "hap", "--file", "out.mov"],  # Hap reads the mapped frames straight into its encoder
    ["--type", "imagesequence", "--imagefiletype", "exr", "--exr-compression", "piz", "--format", "rgba32float",
     "--file", "seq/f.####.exr"],
], ids=["prores", "hap", "exr-sequence"])
def test_input_file_shrinking_mid_run_is_an_input_error(frameout, tmp_path, flags):
    """Raw frames of a regular file are mapped; if another program truncates the file while frames are in
    flight, frameout must not die of SIGBUS: exit 3 naming the input, no temporary file, no movie, and only
    complete images of the frames read before."""
    w, h, n = 1280, 720, 48
    rng = np.random.default_rng(3)
    raw = write_raw(tmp_path / "in.raw", rng.integers(0, 256, size=(n, h, w, 4), dtype=np.uint8))  # slow to code
    (tmp_path / "seq").mkdir()
    proc = frameout.popen("movie", *raw_args(raw, "rgba8fixed", w, h), *flags, "-q")
    # Truncate once writing has begun: the frames in flight then lie past the new end of the file.
    deadline = time.monotonic() + 60
    while not leftovers(tmp_path) and not leftovers(tmp_path / "seq") and not any((tmp_path / "seq").iterdir()):
        assert proc.poll() is None, "frameout ended before the file could be truncated"
        assert time.monotonic() < deadline
        time.sleep(0.01)
    os.truncate(raw, 0)
    _, stderr = proc.communicate(timeout=120)
    stderr = stderr.decode()
    assert proc.returncode == EXIT_INPUT, stderr
    assert str(raw) in stderr and "shrank" in stderr, stderr
    assert_no_output(tmp_path, "out.mov")
    assert leftovers(tmp_path / "seq") == []
    for image in (tmp_path / "seq").iterdir():  # images finished before the truncation are whole
        back = subprocess.run(["ffprobe", "-v", "error", str(image)], capture_output=True)
        assert back.returncode == 0, image
