"""Record, Pause and Add Frame while running: commands on the --control channel (a FIFO) and SIGUSR1/SIGUSR2.
Frames come through a FIFO the test writes, each one a flat grey whose level is its number, so the decoded
movie says exactly which input frames were recorded. The test waits between writes so that frameout has read
the frames before a command arrives."""

import json
import os
import signal
import subprocess
import time

import numpy as np
import pytest

from support import EXIT_USAGE, FFMPEG, FFPROBE, describe

W, H = 32, 16
FRAME_BYTES = W * H * 4
SETTLE = 0.6  # seconds for frameout to take what was written, or to apply a command


def level(n):
    return (n * 7) % 250


def frame(n):
    return bytes([level(n), level(n), level(n), 255]) * (W * H)


class Session:
    """A frameout recording from a frame FIFO, with a control FIFO."""

    def __init__(self, frameout, *flags, name="take.mov"):
        self.dir = frameout.cwd
        self.frames_path = self.dir / "frames.fifo"
        self.control_path = self.dir / "control.fifo"
        os.mkfifo(self.frames_path)
        os.mkfifo(self.control_path)
        self.name = name
        self.proc = frameout.popen("movie", "--input", self.frames_path, "--input-format", "rgba8fixed",
                                   "--input-size", f"{W}x{H}", "--input-rate", "30", "--control", self.control_path,
                                   "--videocodec", "rle", "--file", name, "--report", "report.json",
                                   "--progress", "json", *flags)
        self.frames = open(self.frames_path, "wb", buffering=0)
        self.next = 0

    def send(self, count):
        for _ in range(count):
            self.frames.write(frame(self.next))
            self.next += 1
        time.sleep(SETTLE)

    def command(self, text):
        with open(self.control_path, "w") as ctl:
            ctl.write(text + "\n")
        time.sleep(SETTLE)

    def signal(self, sig):
        self.proc.send_signal(sig)
        time.sleep(SETTLE)

    def finish(self):
        self.frames.close()
        out, err = self.proc.communicate(timeout=60)
        self.stderr = err.decode(errors="replace")
        assert self.proc.returncode == 0, self.stderr
        return json.loads((self.dir / "report.json").read_text())


def recorded_levels(path):
    raw = subprocess.run([FFMPEG, "-v", "error", "-i", str(path), "-f", "rawvideo", "-pix_fmt", "rgba", "-"],
                         stdout=subprocess.PIPE, check=True, timeout=60).stdout
    frames = np.frombuffer(raw, np.uint8).reshape(-1, H, W, 4)
    return [int(f[0, 0, 0]) for f in frames]


def levels(numbers):
    return [level(n) for n in numbers]


def codec_name(path):
    out = subprocess.run([FFPROBE, "-v", "error", "-select_streams", "v:0", "-show_entries", "stream=codec_name",
                          "-of", "csv=p=0", str(path)], capture_output=True, text=True, check=True, timeout=60)
    return out.stdout.strip()


def test_pause_leaves_frames_out_without_a_gap(frameout):
    s = Session(frameout)
    s.send(10)
    s.command("pause on")
    s.send(10)
    s.command("pause off")
    s.send(10)
    report = s.finish()
    assert recorded_levels(frameout.cwd / "take.mov") == levels(list(range(10)) + list(range(20, 30)))
    assert [e["command"] for e in report["control"]] == ["pause on", "pause off"]
    assert all(e["origin"] == "control" for e in report["control"])
    assert report["counters"]["total_frames_dropped"] == 0


def test_addframe_records_one_frame_per_command_while_paused(frameout):
    s = Session(frameout, "--pause", "on")
    s.send(5)
    s.command("addframe")
    s.send(5)
    s.command("addframe")
    s.send(5)
    s.finish()
    assert recorded_levels(frameout.cwd / "take.mov") == levels([5, 10])


def test_a_stop_frame_movie_holds_only_the_added_frames_at_the_movie_rate(frameout):
    s = Session(frameout, "--type", "stopframemovie", "--fps", "24")
    s.send(4)
    for _ in range(3):
        s.command("addframe")
        s.send(4)
    s.finish()
    path = frameout.cwd / "take.mov"
    assert recorded_levels(path) == levels([4, 8, 12])
    rate = subprocess.run(["ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries", "stream=r_frame_rate",
                           "-of", "csv=p=0", str(path)], capture_output=True, text=True).stdout.strip()
    assert rate == "24/1"


def test_record_off_then_on_starts_a_new_take_under_the_next_unique_name(frameout):
    s = Session(frameout)
    s.send(6)
    s.command("record off")
    s.send(1)   # the frame that finds recording off ends the take
    s.send(3)   # not recorded: no take is open
    s.command("record on")
    s.send(5)
    report = s.finish()
    takes = sorted(p.name for p in frameout.cwd.glob("take*.mov"))
    assert takes == ["take.mov", "take0.mov"], takes
    assert recorded_levels(frameout.cwd / "take.mov") == levels(range(6))
    assert recorded_levels(frameout.cwd / "take0.mov") == levels(range(10, 15))
    assert len(report["outputs"]) == 2


def test_signals_pause_and_add_frames(frameout):
    s = Session(frameout)
    s.send(4)
    s.signal(signal.SIGUSR1)  # pause on
    s.send(4)
    s.signal(signal.SIGUSR2)  # add a frame
    s.send(4)
    s.signal(signal.SIGUSR1)  # pause off
    s.send(4)
    report = s.finish()
    assert recorded_levels(frameout.cwd / "take.mov") == levels([0, 1, 2, 3, 8, 12, 13, 14, 15])
    assert [(e["command"], e["origin"]) for e in report["control"]] == [
        ("pause on", "signal"), ("addframe", "signal"), ("pause off", "signal")]


def test_commands_are_echoed_in_json_progress(frameout):
    s = Session(frameout)
    s.send(3)
    s.command("pause on")
    s.send(2)
    s.finish()
    echoed = [json.loads(line)["control"] for line in s.stderr.splitlines()
              if line.startswith("{") and '"control"' in line]
    assert [e["command"] for e in echoed] == ["pause on"]


def test_a_mistyped_command_is_warned_about_and_recording_goes_on(frameout):
    s = Session(frameout)
    s.send(3)
    s.command("puase on")
    s.send(3)
    s.finish()
    assert "not a control command" in s.stderr
    assert recorded_levels(frameout.cwd / "take.mov") == levels(range(6))


def test_record_off_at_start_waits_and_stop_ends_with_nothing_recorded(frameout):
    s = Session(frameout, "--record", "off")
    s.send(3)
    s.command("stop")
    s.frames.close()
    out, err = s.proc.communicate(timeout=60)
    assert s.proc.returncode == 0, err.decode()
    assert "nothing was recorded" in err.decode()
    assert not list(frameout.cwd.glob("take*.mov"))


def test_addframe_at_start_needs_pause(frameout):
    proc = frameout("movie", "--input", "testpattern", "--input-size", "32x16", "--addframe", "--videocodec", "rle",
                    "--file", "x.mov", timeout=30)
    assert proc.returncode == EXIT_USAGE and "addframe" in proc.stderr, describe(proc)
    assert not (frameout.cwd / "x.mov").exists()



def test_set_changes_the_next_take_and_refuses_what_cannot_change(frameout):
    s = Session(frameout)
    s.send(3)
    s.command("set fps 10")            # the movie's rate is the recording's
    s.command("set videocodec mjpa")   # the next take is Motion JPEG
    s.command("set file Other.mp4")    # mp4 holds no Motion JPEG: the next take could not be written
    s.command("SET file Second.mov")   # the name keeps its case
    s.command("set quality 0.95")
    s.send(2)                          # this take goes on under its own name and codec
    s.command("record off")
    s.send(1)
    s.command("record on")
    s.send(4)
    report = s.finish()
    assert recorded_levels(frameout.cwd / "take.mov") == levels(range(5))
    assert codec_name(frameout.cwd / "take.mov") == "qtrle"
    second = sorted(p.name for p in frameout.cwd.glob("Second*.mov"))
    assert len(second) == 1, second
    assert codec_name(frameout.cwd / second[0]) == "mjpeg"
    got, want = recorded_levels(frameout.cwd / second[0]), levels(range(6, 10))
    assert len(got) == len(want) and all(abs(a - b) <= 2 for a, b in zip(got, want)), (got, want)
    assert not list(frameout.cwd.glob("Other*"))
    assert "set fps: --fps cannot change while recording" in s.stderr
    assert "Other.mp4" in s.stderr
    assert [e["command"] for e in report["control"]] == ["set videocodec mjpa", "set file Second.mov",
                                                         "set quality 0.95", "record off", "record on"]
