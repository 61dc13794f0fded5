"""Stall for File Open on a live shm: input. A live take opens its encoder before its first frame; SVT-AV1 at
1080p takes a few tenths of a second to open (0.3-0.5 s here with a live take's short look-ahead), long enough to
see what the page describes. A C producer publishes flat grey
frames whose level is their number, 30 a second, so the decoded movie says which frames were taken.
On: the first frame is the one there when recording starts, and the clock waits for the encoder (the next frame
recorded is the one published after the wait, nothing repeated). Off: the clock runs on, the frames taken while
the encoder opens are left out (counted as skipped) and the movie starts with consecutive frames after it."""

import json
import subprocess

import numpy as np
import pytest

from support import FFMPEG, build_c_producer
from test_shm_input import ring  # noqa: F401 (ring is a fixture)

W, H = 1920, 1080
PRODUCER = r"""
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "frameout/shm_producer.h"
/* argv: ring, frames; frame n is flat grey of level n % 256, published n / 30 s after the first. */
int main(int argc, char** argv) {
  (void)argc;
  const int frames = atoi(argv[2]);
  fo_shm_producer p;
  if (fo_shm_video_open(&p, argv[1], 1920, 1080, "rgba8fixed", 1920 * 4, 30, 1, 4) != 0) return 1;
  struct timespec start;
  clock_gettime(CLOCK_MONOTONIC, &start);
  for (int n = 0; n < frames; ++n) {
    const long long ns = start.tv_nsec + (long long)n * 1000000000LL / 30;
    struct timespec due = {start.tv_sec + ns / 1000000000LL, ns % 1000000000LL};
    clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &due, NULL);
    unsigned char* slot = fo_shm_begin(&p);
    memset(slot, n % 256, (size_t)fo_shm_payload_bytes(&p));
    fo_shm_commit(&p, fo_shm_payload_bytes(&p));
  }
  fo_shm_close(&p);
  return 0;
}
"""


@pytest.fixture(scope="module")
def numbered_producer(tmp_path_factory):
    return build_c_producer(tmp_path_factory.mktemp("numbered-producer"), PRODUCER)


def record(frameout, ring, producer, stall):  # noqa: F811
    """Four frames of a live take with --stallforopen `stall`: their numbers and the run's counters."""
    source = subprocess.Popen([str(producer), ring, "300"])
    try:
        proc = frameout("movie", "--input", f"shm:{ring}", "--fps", "30", "--videocodec", "svtav1", "--limitlength",
                        "on", "--length", "4", "--lengthunit", "frames", "--stallforopen", stall, "--file", "s.mp4",
                        "--report", "s.json", "--progress", "none", timeout=60)
    finally:
        source.kill()
        source.wait(timeout=10)
    assert proc.returncode == 0, proc.stderr
    raw = subprocess.run([FFMPEG, "-v", "error", "-i", str(frameout.cwd / "s.mp4"), "-f", "rawvideo", "-pix_fmt",
                          "gray", "-"], stdout=subprocess.PIPE, check=True, timeout=60).stdout
    numbers = [int(np.median(f)) for f in np.frombuffer(raw, np.uint8).reshape(-1, W * H)]
    return numbers, json.loads((frameout.cwd / "s.json").read_text())["counters"]


def test_on_records_the_first_frame_and_the_clock_waits_for_the_encoder(frameout, ring, numbered_producer):  # noqa: F811
    numbers, c = record(frameout, ring, numbered_producer, "on")
    assert len(numbers) == 4 == c["total_frames_written"]
    # The first frame is from before the encoder opened; the clock then goes on from where it stood.
    assert numbers[1] - numbers[0] >= 5, numbers
    # Then on: the two SVT-AV1 encoding threads may hold the reader back a little on two cores (a frame taken
    # late, its neighbour twice), but no run of repeats makes up for the wait.
    assert all(0 <= b - a <= 4 for a, b in zip(numbers[1:], numbers[2:])), numbers
    assert c["total_frames_dropped"] <= 1, c


def test_off_leaves_out_the_frames_taken_before_the_encoder_is_open(frameout, ring, numbered_producer):  # noqa: F811
    numbers, c = record(frameout, ring, numbered_producer, "off")
    assert len(numbers) == 4 == c["total_frames_written"] == c["frames_read"]
    assert all(0 <= b - a <= 4 for a, b in zip(numbers, numbers[1:])), numbers
    # The frames that went by while the encoder opened are passed over, as skipped.
    assert c["input_frames_skipped"] >= 5, c


def test_an_input_that_waits_for_frameout_has_nothing_to_stall(frameout):
    proc = frameout("movie", "--input", "testpattern", "--input-size", "32x16", "--limitlength", "on", "--length", "2",
                    "--lengthunit", "frames", "--stallforopen", "off", "--videocodec", "rle", "--file", "x.mov")
    assert proc.returncode == 0, proc.stderr
    assert "--stallforopen has no effect" in proc.stderr
