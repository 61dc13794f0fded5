"""Realtime with a live sound track: the samples received are the recording's clock (the page's Realtime with an
Audio CHOP), so the frames of a producer slower than --fps are repeated, and those of a faster one passed over,
until the movie lasts as long as its sound: after S samples at R Hz it holds round(S * fps / R) frames, and the
sound ending ends the take."""

import json
import os
import signal
import threading
import time

import pytest

from support import count_frames, ffprobe
from test_shm_input import ring, send_args  # noqa: F401 (ring is a fixture)

RATE = 48000
CHUNK = 480  # 10 ms of sound per write


def play(path, seconds):
    """Writes `seconds` of stereo s16 into the FIFO at `path` as a sound card would: 10 ms every 10 ms."""
    block = bytes(CHUNK * 4)
    with open(path, "wb", buffering=0) as fifo:
        start = time.monotonic()
        for n in range(int(seconds * RATE / CHUNK)):
            time.sleep(max(0.0, start + n * CHUNK / RATE - time.monotonic()))
            fifo.write(block)


@pytest.mark.parametrize("producer_rate", [20, 60])
def test_a_producer_s_frames_follow_the_sound(frameout, ring, producer_rate):  # noqa: F811
    fifo = frameout.cwd / "sound.fifo"
    os.mkfifo(fifo)
    recorder = frameout.popen("movie", "--input", f"shm:{ring}", "--fps", "30", "--audiochop", fifo,
                              "--audio-format", "s16", "--audio-rate", str(RATE), "--audio-channels", "2",
                              "--audiocodec", "pcm16", "--videocodec", "rle", "--file", "av.mov", "--report", "av.json")
    sender = frameout.popen(*send_args(ring, "--realtime", "on", frames=4 * producer_rate, size="64x48",
                                       rate=producer_rate))
    player = threading.Thread(target=play, args=(fifo, 2.0))
    player.start()
    try:
        player.join(timeout=30)
        out, err = recorder.communicate(timeout=30)
    finally:
        sender.send_signal(signal.SIGINT)
        sender.wait(timeout=30)
    assert recorder.returncode == 0, err.decode(errors="replace")
    c = json.loads((frameout.cwd / "av.json").read_text())["counters"]
    assert c["total_audio_samples_written"] == 2 * RATE
    assert c["total_frames_written"] == count_frames(frameout.cwd / "av.mov") == 60  # round(96000 * 30 / 48000)
    if producer_rate < 30:  # two ticks in three find a new frame; the third repeats it (more while starting)
        assert 15 <= c["total_frames_dropped"] <= 30, c
    else:                   # every other frame is passed over
        assert c["total_frames_dropped"] <= 5 and 45 <= c["input_frames_skipped"] <= 75, c
    durations = {s["codec_type"]: float(s["duration"]) for s in ffprobe(frameout.cwd / "av.mov")["streams"]}
    assert abs(durations["audio"] - durations["video"]) < 1 / 30, durations
