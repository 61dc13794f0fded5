"""`--input gst-shm:SOCKET` reads GStreamer's own shmsink, a producer nobody here wrote: frames from
videotestsrc arrive unchanged (compared with the same pipeline written to a file), in order without realtime
and on the movie clock with it. GStreamer 1.22's shmsink reports an error of its own when the reader closes
its end; its exit code is not checked."""

import json
import shutil
import subprocess
import time

import numpy as np
import pytest

from support import EXIT_USAGE, FFMPEG, assert_ok, count_frames, describe

pytestmark = pytest.mark.skipif(shutil.which("gst-launch-1.0") is None, reason="gst-launch-1.0 not installed")

W, H = 320, 240
CAPS = f"video/x-raw,format=RGBA,width={W},height={H},framerate=30/1"


def gst(*elements, timeout=60):
    return subprocess.run(["gst-launch-1.0", "-q", *elements], capture_output=True, timeout=timeout)


def decode_rgba(path):
    raw = subprocess.run([FFMPEG, "-v", "error", "-i", str(path), "-f", "rawvideo", "-pix_fmt", "rgba", "-"],
                         stdout=subprocess.PIPE, check=True, timeout=120).stdout
    return np.frombuffer(raw, np.uint8).reshape(-1, H, W, 4)


def record(frameout, socket, name, *extra):
    return frameout.popen("movie", "--input", f"gst-shm:{socket}", "--input-size", f"{W}x{H}", "--input-rate", "30",
                          "--videocodec", "rle", "--file", name, "--report", name + ".json", *extra)


def test_shmsink_frames_arrive_unchanged(frameout, tmp_path):
    socket = tmp_path / "sock"
    recorder = record(frameout, socket, "gst.mov", "--realtime", "off")
    time.sleep(0.3)
    gst("videotestsrc", "num-buffers=40", "pattern=smpte", "!", CAPS, "!", "shmsink", f"socket-path={socket}",
        "wait-for-connection=true", "sync=false")
    out, err = recorder.communicate(timeout=60)
    assert recorder.returncode == 0, err.decode()
    reference = tmp_path / "reference.rgba"
    assert gst("videotestsrc", "num-buffers=40", "pattern=smpte", "!", CAPS, "!", "filesink",
               f"location={reference}").returncode == 0
    expected = np.fromfile(reference, np.uint8).reshape(-1, H, W, 4)
    got = decode_rgba(frameout.cwd / "gst.mov")
    assert got.shape == expected.shape == (40, H, W, 4)
    assert np.array_equal(got, expected)


def test_shmsink_on_the_movie_clock(frameout, tmp_path):
    socket = tmp_path / "sock"
    recorder = record(frameout, socket, "rt.mov", "--fps", "30")
    time.sleep(0.3)
    gst("videotestsrc", "num-buffers=60", "!", CAPS, "!", "shmsink", f"socket-path={socket}",
        "wait-for-connection=true", "sync=true")
    out, err = recorder.communicate(timeout=60)
    assert recorder.returncode == 0, err.decode()
    counters = json.loads((frameout.cwd / "rt.mov.json").read_text())["counters"]
    written = count_frames(frameout.cwd / "rt.mov")
    assert abs(written - 60) <= 4, counters
    assert counters["frames_read"] - counters["total_frames_dropped"] + counters["input_frames_skipped"] == 60


def test_shmsink_needs_the_frame_size(frameout, tmp_path):
    proc = frameout("movie", "--input", f"gst-shm:{tmp_path / 'sock'}", "--file", "x.mov")
    assert proc.returncode == EXIT_USAGE and "--input-size" in proc.stderr, describe(proc)


def test_a_buffer_of_the_wrong_size_names_the_flags(frameout, tmp_path):
    socket = tmp_path / "sock"
    recorder = frameout.popen("movie", "--input", f"gst-shm:{socket}", "--input-size", "64x48", "--realtime", "off",
                              "--videocodec", "rle", "--file", "bad.mov")
    time.sleep(0.3)
    # The sink waits on for a reader that has gone: it is stopped once frameout has given up.
    sink = subprocess.Popen(["gst-launch-1.0", "-q", "videotestsrc", "num-buffers=5", "!", CAPS, "!", "shmsink",
                             f"socket-path={socket}", "wait-for-connection=true", "sync=false"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        out, err = recorder.communicate(timeout=60)
    finally:
        sink.kill()
        sink.wait(timeout=30)
    assert recorder.returncode == 3, err.decode()
    assert "--input-size" in err.decode() and "is not a 64x48 rgba8fixed frame" in err.decode()
    assert not (frameout.cwd / "bad.mov").exists()
