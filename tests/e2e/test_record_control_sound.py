"""Record, Pause and Add Frame with a sound track: the sound that goes with a frame left out is left out too, and
each take has the sound of its own frames. The sound is a raw PCM ramp whose two channels spell each sample's
number, so the decoded track says exactly which input samples were kept; frames come through a FIFO at 30 fps,
so input frame n goes with samples n * 1600 to (n + 1) * 1600 at 48 kHz."""

import subprocess

import numpy as np

from support import EXIT_USAGE, FFMPEG, describe, ffprobe
from test_record_control import Session, levels, recorded_levels

RATE = 48000
PER_FRAME = RATE // 30


def write_ramp(folder, seconds=20):
    n = np.arange(RATE * seconds, dtype=np.int64)
    pcm = np.stack([n & 0x7FFF, n >> 15], axis=1).astype("<i2")
    path = folder / "ramp.pcm"
    path.write_bytes(pcm.tobytes())
    return path


def sound_session(frameout, *flags, **kwargs):
    ramp = write_ramp(frameout.cwd)
    return Session(frameout, "--audiochop", ramp, "--audio-format", "s16", "--audio-rate", str(RATE),
                   "--audio-channels", "2", "--audiocodec", "pcm16", *flags, **kwargs)


def kept_samples(path):
    """The input sample numbers the movie's sound track holds."""
    raw = subprocess.run([FFMPEG, "-v", "error", "-i", str(path), "-map", "0:a", "-f", "s16le", "-"],
                         stdout=subprocess.PIPE, check=True, timeout=60).stdout
    pcm = np.frombuffer(raw, "<i2").reshape(-1, 2).astype(np.int64)
    return pcm[:, 0] | (pcm[:, 1] << 15)


def frames_samples(frames):
    return np.concatenate([np.arange(f * PER_FRAME, (f + 1) * PER_FRAME) for f in frames])


def stream_seconds(path, kind):
    return next(float(s["duration"]) for s in ffprobe(path)["streams"] if s["codec_type"] == kind)


def assert_in_step(path, frames):
    """Pictures of `frames`, and exactly their sound, the two tracks lasting the same."""
    assert recorded_levels(path) == levels(frames)
    assert np.array_equal(kept_samples(path), frames_samples(frames))
    assert abs(stream_seconds(path, "audio") - stream_seconds(path, "video")) < 1 / 30 + 1e-6


def test_pause_leaves_the_sound_of_the_frames_out_too(frameout):
    s = sound_session(frameout)
    s.send(10)
    s.command("pause on")
    s.send(10)
    s.command("pause off")
    s.send(10)
    s.finish()
    assert_in_step(frameout.cwd / "take.mov", list(range(10)) + list(range(20, 30)))


def test_addframe_keeps_the_sound_of_the_added_frame(frameout):
    s = sound_session(frameout, "--pause", "on")
    s.send(5)
    s.command("addframe")
    s.send(5)
    s.command("addframe")
    s.send(5)
    s.finish()
    assert_in_step(frameout.cwd / "take.mov", [5, 10])


def test_each_take_has_its_own_sound_and_stop_finishes_both_tracks(frameout):
    s = sound_session(frameout)
    s.send(6)
    s.command("record off")
    s.send(4)  # the first ends the take; none is recorded
    s.command("record on")
    s.send(5)
    s.command("stop")
    s.send(1)  # the frame that finds the stop
    report = s.finish()
    assert_in_step(frameout.cwd / "take.mov", range(6))
    assert_in_step(frameout.cwd / "take0.mov", range(10, 15))
    assert report["counters"]["total_audio_samples_written"] == 11 * PER_FRAME


def test_a_stop_frame_movie_takes_no_sound_track(frameout):
    proc = frameout("movie", "--input", "testpattern", "--input-size", "32x16", "--type", "stopframemovie",
                    "--audiochop", "tone", "--videocodec", "rle", "--file", "x.mov", timeout=30)
    assert proc.returncode == EXIT_USAGE, describe(proc)
    assert "--audiochop" in proc.stderr and "stopframemovie" in proc.stderr, describe(proc)
    assert not (frameout.cwd / "x.mov").exists()
