"""A sound track that delivers nothing is lost data: the movie is kept (its pictures are whole), but the run
ends with exit 3 naming --audiochop, never "ok"."""

import json
import os
import threading

import pytest

from support import EXIT_INPUT, count_frames, describe, video_stream

PATTERN = ["--input", "testpattern", "--input-size", "64x48", "--limitlength", "on", "--length", "5",
           "--lengthunit", "frames", "--videocodec", "prores", "--progress", "none"]


def audio_streams(path):
    from support import ffprobe
    return [s for s in ffprobe(path)["streams"] if s["codec_type"] == "audio"]


@pytest.mark.parametrize("kind", ["empty file", "fifo closed without data"])
def test_a_silent_audiochop_fails_the_run_and_keeps_the_movie(frameout, tmp_path, kind):
    source = tmp_path / "sound.raw"
    if kind == "empty file":
        source.write_bytes(b"")
        closer = None
    else:
        os.mkfifo(source)
        closer = threading.Thread(target=lambda: open(source, "wb").close())  # a writer that sends nothing
        closer.start()
    proc = frameout("movie", *PATTERN, "--audiochop", source, "--audio-format", "s16", "--file", "m.mov",
                    "--report", "r.json", timeout=60)
    if closer:
        closer.join(timeout=10)
    assert proc.returncode == EXIT_INPUT, describe(proc)
    assert "--audiochop" in proc.stderr and "no samples" in proc.stderr
    assert count_frames(tmp_path / "m.mov") == 5 and audio_streams(tmp_path / "m.mov") == []
    report = json.loads((tmp_path / "r.json").read_text())
    assert report["status"] == "failed" and report["exit_code"] == EXIT_INPUT


def test_a_sound_track_with_samples_passes(frameout, tmp_path):
    proc = frameout("movie", *PATTERN, "--audiochop", "tone", "--file", "m.mov")
    assert proc.returncode == 0, describe(proc)
    assert len(audio_streams(tmp_path / "m.mov")) == 1 and video_stream(tmp_path / "m.mov")
