"""Realtime with a live sound track: the samples received are the recording's clock (the page's Realtime with an
Audio CHOP), so the frames of a producer slower than --fps are repeated, and those of a faster one passed over,
until the movie lasts as long as its sound: after S samples at R Hz it holds round(S * fps / R) frames, and the
sound ending ends the take."""

import json
import os
import shutil
import signal
import subprocess
import threading
import time

import pytest

from support import count_frames, ffprobe
from test_shm_input import ring, send_args  # noqa: F401 (ring is a fixture)

RATE = 48000
CHUNK = 480  # 10 ms of sound per write


def play(path, seconds, speed=1.0):
    """Writes `seconds` of stereo s16 into the FIFO at `path` as a sound card would: 10 ms every 10 ms, or, for a
    card whose clock runs fast (`speed` above 1), 10 ms every 10 / speed ms."""
    block = bytes(CHUNK * 4)
    with open(path, "wb", buffering=0) as fifo:
        start = time.monotonic()
        for n in range(int(seconds * RATE / CHUNK)):
            time.sleep(max(0.0, start + n * CHUNK / RATE / speed - time.monotonic()))
            fifo.write(block)


def sound_flags(fifo):
    return ["--audiochop", fifo, "--audio-format", "s16", "--audio-rate", str(RATE), "--audio-channels", "2",
            "--audiocodec", "pcm16"]


def check_sound_and_picture(frameout, name, frames):
    """The movie holds 2 s of sound and `frames` frames, and both tracks last the same within a frame."""
    c = json.loads((frameout.cwd / (name + ".json")).read_text())["counters"]
    assert c["total_audio_samples_written"] == 2 * RATE
    assert c["total_frames_written"] == count_frames(frameout.cwd / name) == frames, c
    durations = {s["codec_type"]: float(s["duration"]) for s in ffprobe(frameout.cwd / name)["streams"]}
    assert abs(durations["audio"] - durations["video"]) < 1 / 30, durations
    return c


@pytest.mark.parametrize("producer_rate", [20, 60])
def test_a_producer_s_frames_follow_the_sound(frameout, ring, producer_rate):  # noqa: F811
    fifo = frameout.cwd / "sound.fifo"
    os.mkfifo(fifo)
    recorder = frameout.popen("movie", "--input", f"shm:{ring}", "--fps", "30", *sound_flags(fifo),
                              "--videocodec", "rle", "--file", "av.mov", "--report", "av.mov.json")
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
    c = check_sound_and_picture(frameout, "av.mov", 60)  # round(96000 * 30 / 48000)
    if producer_rate < 30:  # two ticks in three find a new frame; the third repeats it (more while starting)
        assert 15 <= c["total_frames_dropped"] <= 30, c
    else:                   # every other frame is passed over
        assert c["total_frames_dropped"] <= 5 and 45 <= c["input_frames_skipped"] <= 75, c


def test_a_paced_test_pattern_follows_a_fast_sound_card(frameout):
    """2 s of sound that arrive in 1.6 s: the paced pattern is handed on as fast, so the movie holds 2 s of
    pictures (60 at 30 fps), not the 48 the system's clock would have given, and ends with the sound."""
    fifo = frameout.cwd / "sound.fifo"
    os.mkfifo(fifo)
    recorder = frameout.popen("movie", "--input", "testpattern", "--input-size", "64x48", "--input-rate", "30",
                              "--realtime", "on", *sound_flags(fifo), "--videocodec", "rle", "--file", "tp.mov",
                              "--report", "tp.mov.json")
    play(fifo, 2.0, speed=1.25)
    out, err = recorder.communicate(timeout=30)
    assert recorder.returncode == 0, err.decode(errors="replace")
    assert b"follow the sound track's clock" in err
    c = check_sound_and_picture(frameout, "tp.mov", 60)
    assert c["total_frames_dropped"] == 0 and c["input_frames_skipped"] == 0, c


@pytest.mark.skipif(shutil.which("gst-launch-1.0") is None, reason="gst-launch-1.0 not installed")
def test_a_shmsink_s_frames_follow_the_sound(frameout, tmp_path):
    """GStreamer's shmsink at 30 fps for 4 s, a sound card at 1.25x for 2 s of sound: the take follows the sound
    and ends with it after 60 frames; the sink is slower than the sound's ticks, so some frames repeat."""
    fifo = frameout.cwd / "sound.fifo"
    os.mkfifo(fifo)
    socket = tmp_path / "sock"
    recorder = frameout.popen("movie", "--input", f"gst-shm:{socket}", "--input-size", "64x48", "--input-rate", "30",
                              *sound_flags(fifo), "--videocodec", "rle", "--file", "gst.mov", "--report", "gst.mov.json")
    sink = subprocess.Popen(["gst-launch-1.0", "-q", "videotestsrc", "num-buffers=120", "!",
                             "video/x-raw,format=RGBA,width=64,height=48,framerate=30/1", "!", "shmsink",
                             f"socket-path={socket}", "wait-for-connection=true", "sync=true"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        play(fifo, 2.0, speed=1.25)
        out, err = recorder.communicate(timeout=30)
    finally:
        sink.kill()
        sink.wait(timeout=30)
    assert recorder.returncode == 0, err.decode(errors="replace")
    assert b"follow the sound track's clock" in err
    c = check_sound_and_picture(frameout, "gst.mov", 60)
    assert c["total_frames_dropped"] >= 5, c  # the sink's 30 fps against the sound's 37.5 ticks a second
