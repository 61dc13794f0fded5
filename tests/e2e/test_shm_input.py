"""Shared-memory input: `--input shm:NAME` records what a producer publishes into frameout's ring
(docs/shm-protocol.md). Producers here: `frameout send`, the Python sample (samples/shm_producer.py), a C
program built against include/frameout/shm_producer.h, and hand-made segments. Frames are checked by decoding
the movie with ffmpeg; counters come from the run report."""

import json
import os
import signal
import struct
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from support import (EXIT_INPUT, EXIT_SIGINT, EXIT_USAGE, FFMPEG, StderrReader, assert_no_output, assert_ok,
                     build_c_producer, count_frames, describe, leftovers)

REPO = Path(__file__).resolve().parents[2]
PYTHON_PRODUCER = REPO / "samples" / "shm_producer.py"
SHM = Path("/dev/shm")


@pytest.fixture
def ring():
    """A ring name of this test's own; its segment is removed if a test leaves it behind."""
    name = f"fo-test-{uuid.uuid4().hex[:12]}"
    yield name
    (SHM / name).unlink(missing_ok=True)


def wait_for(condition, timeout=10.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.01)
    return False


def counters(path):
    return json.loads(Path(path).read_text())["counters"]


def framemd5(path):
    out = subprocess.run([FFMPEG, "-v", "error", "-i", str(path), "-map", "0:v", "-f", "framemd5", "-"],
                         stdout=subprocess.PIPE, check=True, timeout=120).stdout.decode()
    return [line.split(",")[-1].strip() for line in out.splitlines() if line and not line.startswith("#")]


def send_args(ring, *extra, frames=30, size="160x120", rate=30):
    return ["send", "--input", "testpattern", "--input-size", size, "--input-rate", str(rate), "--limitlength", "on",
            "--length", str(frames), "--lengthunit", "frames", "--to", f"shm:{ring}", *extra]


def published(ring):
    """How many frames the ring's current producer has published (0 while there is no ring)."""
    try:
        with open(SHM / ring, "rb") as segment:
            header = segment.read(120)
    except FileNotFoundError:
        return 0
    return struct.unpack_from("<Q", header, 112)[0] if len(header) == 120 else 0


def record(frameout, ring, name, *extra):
    """Starts a recorder of shm:ring in the background, its log collected as it comes."""
    return logged(frameout.popen("movie", "--input", f"shm:{ring}", "--videocodec", "rle", "--file", name,
                                 "--report", name + ".json", *extra))


def logged(proc):
    proc.log = StderrReader(proc)
    return proc


def waiting_for_producer(proc):
    """Returns once the recorder `proc` says it waits for its ring (a producer started later is then seen from its
    first frame, however slowly the recorder started)."""
    assert proc.log.wait_line(lambda line: "waiting for a producer" in line, timeout=30), proc.log.text()
    return proc


def finish(proc, timeout=60):
    if hasattr(proc, "log"):
        proc.wait(timeout=timeout)
        proc.stderr_text = proc.log.text()
    else:
        _, err = proc.communicate(timeout=timeout)
        proc.stderr_text = err.decode(errors="replace")
    return proc


@pytest.mark.parametrize("described", [(), ("--input-size", "160x120", "--input-rate", "30")],
                         ids=["by-the-ring", "ahead"])
def test_every_frame_arrives_unchanged_without_realtime(frameout, ring, described):
    """Recorder first, then a lossless producer: all frames, the same pixels as recording the input directly.
    Described ahead (--input-size …), the recording is planned before the ring exists."""
    recorder = record(frameout, ring, "ring.mov", "--realtime", "off", "-v", *described)
    waiting_for_producer(recorder)
    assert any(line and "plan:" in line for line in recorder.log.lines) == bool(described), recorder.log.text()
    sent = frameout(*send_args(ring, "--realtime", "off", frames=40))
    assert_ok(sent)
    recorder = finish(recorder)
    assert recorder.returncode == 0, recorder.stderr_text
    direct = frameout("movie", "--input", "testpattern", "--input-size", "160x120", "--input-rate", "30",
                      "--limitlength", "on", "--length", "40", "--lengthunit", "frames", "--videocodec", "rle",
                      "--file", "direct.mov")
    assert_ok(direct)
    assert count_frames(frameout.cwd / "ring.mov") == 40
    assert framemd5(frameout.cwd / "ring.mov") == framemd5(frameout.cwd / "direct.mov")
    assert not (SHM / ring).exists(), "the producer removes its segment"


def test_a_ring_that_differs_from_its_description_is_refused(frameout, ring):
    recorder = waiting_for_producer(record(frameout, ring, "other.mov", "--input-size", "64x48"))
    sender = frameout(*send_args(ring, "--realtime", "on", frames=30))
    assert_ok(sender)
    recorder = finish(recorder)
    assert recorder.returncode == EXIT_INPUT, recorder.stderr_text
    assert "sends 160x120 rgba8fixed at 30/1 fps, not the 64x48 rgba8fixed at 60/1 fps" in recorder.stderr_text
    assert "--input-size" in recorder.stderr_text
    assert_no_output(frameout.cwd, "other.mov")


@pytest.mark.parametrize("flag, value", [("--input-format", "rgba8fixed"), ("--input-rate", "30")])
def test_a_ring_is_described_ahead_only_with_its_size(frameout, flag, value):
    proc = frameout("movie", "--input", "shm:x", flag, value, "--file", "x.mov")
    assert proc.returncode == EXIT_USAGE, describe(proc)
    assert f"{flag} describes --input shm:x ahead only together with --input-size" in proc.stderr


def test_a_lossless_producer_waits_for_its_reader(frameout, ring):
    """Producer first: with --realtime off it publishes nothing until the recorder attaches."""
    sender = frameout.popen(*send_args(ring, "--realtime", "off", "--slots", "3", frames=25))
    assert wait_for(lambda: (SHM / ring).exists())
    time.sleep(0.3)
    recorder = finish(record(frameout, ring, "late.mov", "--realtime", "off"))
    assert recorder.returncode == 0, recorder.stderr_text
    assert sender.wait(timeout=30) == 0
    assert count_frames(frameout.cwd / "late.mov") == 25
    assert counters(frameout.cwd / "late.mov.json")["total_frames_dropped"] == 0


@pytest.mark.parametrize("producer_rate, produced", [(20, 60), (60, 180)])
def test_realtime_takes_frames_on_the_movie_clock(frameout, ring, producer_rate, produced):
    """--realtime (the default for shm:) at --fps 30: a slow producer's frames repeat (dropped), a fast one's are
    passed over (skipped); every published frame is either read or skipped. The producer runs 3 s (longer on a
    loaded machine), so the counts are checked as shares, the balance exactly."""
    recorder = record(frameout, ring, "rt.mov", "--fps", "30")
    waiting_for_producer(recorder)
    producer = subprocess.run([sys.executable, str(PYTHON_PRODUCER), ring, "--size", "160x120", "--rate",
                               str(producer_rate), "--frames", str(produced)], timeout=60, capture_output=True)
    assert producer.returncode == 0, producer.stderr.decode()
    recorder = finish(recorder)
    assert recorder.returncode == 0, recorder.stderr_text
    c = counters(frameout.cwd / "rt.mov.json")
    written = count_frames(frameout.cwd / "rt.mov")
    assert written == c["total_frames_written"] == c["frames_read"]
    assert 85 <= written <= 110, c                       # about 3 s of ticks at 30 fps
    distinct_read = c["frames_read"] - c["total_frames_dropped"]
    assert distinct_read + c["input_frames_skipped"] == produced, c
    if producer_rate < 30:   # one tick in three finds nothing new
        assert abs(c["total_frames_dropped"] - written / 3) <= 6 and c["input_frames_skipped"] <= 3, c
    else:                    # one frame in two is passed over
        assert abs(c["input_frames_skipped"] - produced / 2) <= 8 and c["total_frames_dropped"] <= 5, c


JITTERY_PRODUCER = r"""
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "frameout/shm_producer.h"
/* argv: ring, frames. 10 frames a second, frame n published up to 1.1 frames late (a fixed pseudo-random
 * share of it; none for frame 0), as a renderer that sometimes runs long would publish them: a frame more than
 * one late comes after the next one's time, and that one right after it. */
int main(int argc, char** argv) {
  (void)argc;
  const int frames = atoi(argv[2]);
  fo_shm_producer p;
  if (fo_shm_video_open(&p, argv[1], 160, 120, "rgba8fixed", 160 * 4, 10, 1, 4) != 0) return 1;
  struct timespec start;
  clock_gettime(CLOCK_MONOTONIC, &start);
  for (int n = 0; n < frames; ++n) {
    const long long late = (long long)((n * 7919) % 12) * 10000000LL;  /* 0 to 110 ms of the 100 */
    const long long ns = start.tv_nsec + (long long)n * 100000000LL + late;
    struct timespec due = {start.tv_sec + ns / 1000000000LL, ns % 1000000000LL};
    clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &due, NULL);
    memset(fo_shm_begin(&p), n % 256, (size_t)fo_shm_payload_bytes(&p));
    fo_shm_commit(&p, fo_shm_payload_bytes(&p));
  }
  fo_shm_close(&p);
  return 0;
}
"""


def test_a_producer_late_by_up_to_a_frame_and_more_loses_nothing(frameout, ring, tmp_path):
    """Realtime at the producer's own rate: ticks come half a frame after its frames, and a late frame is waited
    for until the next tick, so frames published up to 1.1 frames late (more than the one frame the rule used to
    wait for) repeat none and pass none over. 10 fps leaves a loaded machine 40 ms of scheduling delay on top of
    the producer's lateness."""
    producer = build_c_producer(tmp_path, JITTERY_PRODUCER)
    # Told the stream ahead, the recorder's output is open before the first frame: no stall for it to open.
    recorder = waiting_for_producer(record(frameout, ring, "jitter.mov", "--fps", "10", "--input-size", "160x120",
                                           "--input-rate", "10"))
    assert subprocess.run([str(producer), ring, "30"], timeout=60).returncode == 0
    recorder = finish(recorder)
    assert recorder.returncode == 0, recorder.stderr_text
    c = counters(frameout.cwd / "jitter.mov.json")
    assert (c["total_frames_written"], c["total_frames_dropped"], c["input_frames_skipped"]) == (30, 0, 0), c
    levels = subprocess.run([FFMPEG, "-v", "error", "-i", str(frameout.cwd / "jitter.mov"), "-f", "rawvideo",
                             "-pix_fmt", "gray", "-"], stdout=subprocess.PIPE, check=True).stdout[::160 * 120]
    assert list(levels) == list(range(30))


def test_a_c_producer_built_against_the_public_header(frameout, ring, tmp_path):
    binary = build_c_producer(tmp_path, r"""
#include <stdlib.h>
#include <string.h>
#include "frameout/shm_producer.h"
int main(int argc, char** argv) {
  fo_shm_producer p;
  if (fo_shm_video_open(&p, argv[1], 64, 48, "rgba8fixed", 64 * 4 + 64, 30, 1, 3) != 0) return 1;
  for (int n = 0; n < 20; ++n) {
    unsigned char* slot = fo_shm_begin(&p);
    for (int y = 0; y < 48; ++y)
      for (int x = 0; x < 64; ++x) {
        unsigned char* px = slot + y * fo_shm_row_bytes(&p) + 4 * x;
        px[0] = (unsigned char)(8 * n); px[1] = (unsigned char)(4 * x); px[2] = (unsigned char)(5 * y); px[3] = 255;
      }
    fo_shm_commit(&p, fo_shm_payload_bytes(&p));
    struct timespec t = {0, 33000000};
    nanosleep(&t, NULL);
  }
  fo_shm_close(&p);
  return 0;
}
""")
    recorder = record(frameout, ring, "c.mov", "--realtime", "off")
    waiting_for_producer(recorder)
    assert subprocess.run([str(binary), ring], timeout=30).returncode == 0
    recorder = finish(recorder)
    assert recorder.returncode == 0, recorder.stderr_text
    assert count_frames(frameout.cwd / "c.mov") == 20
    # Rows carry 64 bytes of padding (row_bytes > width * 4): the frame must come out without it.
    decoded = subprocess.run([FFMPEG, "-v", "error", "-i", str(frameout.cwd / "c.mov"), "-frames:v", "1", "-f",
                              "rawvideo", "-pix_fmt", "rgba", "-"], stdout=subprocess.PIPE, check=True).stdout
    assert len(decoded) == 64 * 48 * 4
    assert decoded[4 * 10 + 1] == 40 and decoded[64 * 4 * 7 + 2] == 35


def test_a_producer_that_dies_ends_the_take_with_a_finished_file(frameout, ring):
    recorder = record(frameout, ring, "dead.mov", "--realtime", "off")
    waiting_for_producer(recorder)
    producer = subprocess.Popen([sys.executable, str(PYTHON_PRODUCER), ring, "--size", "160x120", "--rate", "30",
                                 "--frames", "100000"])
    try:
        assert wait_for(lambda: (frameout.cwd / "dead.mov").exists() or any(frameout.cwd.glob(".dead.mov*")))
        time.sleep(1.0)
    finally:
        producer.send_signal(signal.SIGKILL)
        producer.wait(timeout=10)
    recorder = finish(recorder, timeout=30)
    assert recorder.returncode == 0, recorder.stderr_text
    assert "the producer (pid" in recorder.stderr_text and "is gone" in recorder.stderr_text
    assert count_frames(frameout.cwd / "dead.mov") >= 20
    assert leftovers(frameout.cwd) == []


def test_a_second_reader_is_refused(frameout, ring):
    sender = frameout.popen(*send_args(ring, "--realtime", "on", frames=300))
    assert wait_for(lambda: (SHM / ring).exists())
    first = record(frameout, ring, "one.mov")
    time.sleep(0.5)
    second = frameout("movie", "--input", f"shm:{ring}", "--videocodec", "rle", "--file", "two.mov")
    assert second.returncode == EXIT_USAGE, describe(second)
    assert "already reading this ring" in second.stderr
    assert not (frameout.cwd / "two.mov").exists()
    first.send_signal(signal.SIGINT)
    assert finish(first).returncode == EXIT_SIGINT
    sender.send_signal(signal.SIGINT)
    sender.wait(timeout=30)


def test_a_segment_that_is_not_a_ring_is_an_input_error(frameout, ring):
    (SHM / ring).write_bytes(b"\x01" * 8192)
    proc = frameout("movie", "--input", f"shm:{ring}", "--videocodec", "rle", "--file", "x.mov", timeout=30)
    assert proc.returncode == EXIT_INPUT, describe(proc)
    assert f"--input shm:{ring}" in proc.stderr and "not a frameout ring" in proc.stderr
    assert not (frameout.cwd / "x.mov").exists()


def test_stopping_while_waiting_for_a_producer_records_nothing(frameout, ring):
    proc = record(frameout, ring, "wait.mov")
    time.sleep(0.5)
    proc.send_signal(signal.SIGINT)
    proc = finish(proc, timeout=30)
    assert proc.returncode == EXIT_SIGINT, proc.stderr_text
    assert "waiting for its producer" in proc.stderr_text
    assert not (frameout.cwd / "wait.mov").exists()


def test_send_takes_input_flags_only(frameout, ring):
    proc = frameout(*send_args(ring), "--videocodec", "h264")
    assert proc.returncode == EXIT_USAGE and "--videocodec" in proc.stderr, describe(proc)
    proc = frameout("send", "--input", "testpattern")
    assert proc.returncode == EXIT_USAGE and "--to shm:NAME" in proc.stderr, describe(proc)


def test_segments_are_private_to_their_owner(frameout, ring):
    sender = frameout.popen(*send_args(ring, "--realtime", "on", frames=300))
    try:
        assert wait_for(lambda: (SHM / ring).exists())
        assert (SHM / ring).stat().st_mode & 0o777 == 0o600
    finally:
        sender.send_signal(signal.SIGINT)
        sender.wait(timeout=30)
    assert not (SHM / ring).exists()


def test_realtime_paces_other_inputs_at_their_rate(frameout):
    start = time.monotonic()
    proc = frameout("movie", "--input", "testpattern", "--input-size", "64x48", "--input-rate", "20", "--realtime",
                    "on", "--limitlength", "on", "--length", "20", "--lengthunit", "frames", "--videocodec", "rle",
                    "--file", "paced.mov")
    took = time.monotonic() - start
    assert_ok(proc)
    assert count_frames(frameout.cwd / "paced.mov") == 20
    assert took >= 0.9, f"20 frames at 20 fps took {took:.2f} s"


AUDIO_PRODUCER = r"""
#include <stdint.h>
#include <stdlib.h>
#include "frameout/shm_producer.h"
/* argv: ring, blocks; block n holds 480 stereo s16 sample frames whose left sample k is (n * 480 + k) % 30000
   and whose right one is its negative. */
int main(int argc, char** argv) {
  fo_shm_producer p;
  if (fo_shm_audio_open(&p, argv[1], 48000, 2, "s16", 480, 4) != 0) return 1;
  const int blocks = atoi(argv[2]);
  for (int n = 0; n < blocks; ++n) {
    int16_t* pcm = fo_shm_begin(&p);
    for (int k = 0; k < 480; ++k) {
      pcm[2 * k] = (int16_t)((n * 480 + k) % 30000);
      pcm[2 * k + 1] = (int16_t)-pcm[2 * k];
    }
    fo_shm_commit(&p, 480 * 4);
    struct timespec t = {0, 10000000};
    nanosleep(&t, NULL);
  }
  fo_shm_close(&p);
  return 0;
}
"""


@pytest.fixture(scope="module")
def audio_producer(tmp_path_factory):
    return build_c_producer(tmp_path_factory.mktemp("audio-producer"), AUDIO_PRODUCER)


def expected_pcm(blocks):
    import numpy as np
    left = (np.arange(blocks * 480) % 30000).astype(np.int16)
    return np.stack([left, -left], axis=1)


def test_audio_from_a_ring_is_every_sample(frameout, ring, audio_producer):
    import numpy as np
    recorder = waiting_for_producer(logged(frameout.popen("audio", "--input", f"shm:{ring}", "--filetype", "wav",
                                                          "--codec", "pcm16", "--file", "ring.wav")))
    assert subprocess.run([str(audio_producer), ring, "100"], timeout=60).returncode == 0
    recorder = finish(recorder)
    assert recorder.returncode == 0, recorder.stderr_text
    raw = subprocess.run([FFMPEG, "-v", "error", "-i", str(frameout.cwd / "ring.wav"), "-f", "s16le", "-"],
                         stdout=subprocess.PIPE, check=True).stdout
    got = np.frombuffer(raw, np.int16).reshape(-1, 2)
    assert np.array_equal(got, expected_pcm(100))


def test_a_sound_track_from_a_ring(frameout, ring, audio_producer):
    recorder = waiting_for_producer(logged(frameout.popen(
        "movie", "--input", "testpattern", "--input-size", "64x48", "--input-rate", "25", "--limitlength", "on",
        "--length", "25", "--lengthunit", "frames", "--audiochop", f"shm:{ring}", "--audiocodec", "pcm16",
        "--videocodec", "rle", "--file", "av.mov")))
    assert subprocess.run([str(audio_producer), ring, "100"], timeout=60).returncode == 0
    recorder = finish(recorder)
    assert recorder.returncode == 0, recorder.stderr_text
    streams = subprocess.run(["ffprobe", "-v", "error", "-show_entries", "stream=codec_type,sample_rate,channels",
                              "-of", "csv=p=0", str(frameout.cwd / "av.mov")], capture_output=True, text=True).stdout
    assert "audio,48000,2" in streams.split()


def test_a_ring_of_frames_is_not_a_sound_track(frameout, ring):
    sender = frameout.popen(*send_args(ring, "--realtime", "on", frames=300))
    try:
        assert wait_for(lambda: (SHM / ring).exists())
        proc = frameout("audio", "--input", f"shm:{ring}", "--filetype", "wav", "--file", "x.wav", timeout=30)
        assert proc.returncode == EXIT_INPUT and "carries frames, not audio" in proc.stderr, describe(proc)
    finally:
        sender.send_signal(signal.SIGINT)
        sender.wait(timeout=30)


def test_waiting_for_a_restarted_producer_goes_on_with_the_take(frameout, ring):
    """--producer-restart wait: a producer killed mid-stream and a new one under the same name make one take;
    Ctrl-C then ends it with the frames of both."""
    recorder = record(frameout, ring, "restart.mov", "--realtime", "off", "--producer-restart", "wait")
    waiting_for_producer(recorder)
    first = subprocess.Popen([sys.executable, str(PYTHON_PRODUCER), ring, "--size", "160x120", "--rate", "30",
                              "--frames", "100000"])
    # About 30 frames, however long the producer took to start.
    assert wait_for(lambda: published(ring) >= 30, timeout=30)
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=10)
    time.sleep(2.5)  # longer than the 2 s after which a silent producer counts as gone
    second = subprocess.run([sys.executable, str(PYTHON_PRODUCER), ring, "--size", "160x120", "--rate", "30",
                             "--frames", "15"], timeout=60)
    assert second.returncode == 0
    time.sleep(0.5)
    recorder.send_signal(signal.SIGINT)
    recorder = finish(recorder)
    assert recorder.returncode == EXIT_SIGINT, recorder.stderr_text
    assert "waiting for it to start again" in recorder.stderr_text
    assert "a new producer" in recorder.stderr_text
    frames = count_frames(frameout.cwd / "restart.mov")
    assert frames >= 15 + 20, f"{frames} frames: the second producer's 15 and about 30 of the first's"
