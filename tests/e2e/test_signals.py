"""SIGINT / SIGTERM: stop reading, flush the encoder, write the trailer, rename, exit 130 / 143.

The writer feeds a few frames and then keeps the pipe open without sending more, as a stalled renderer would;
the signal must still leave a finished, playable file with exactly the frames that were read.
"""

import json
import os
import signal
import subprocess
import threading
import time

import pytest

from support import (EXIT_SIGINT, EXIT_SIGTERM, StderrReader, count_frames, decode, leftovers, make_frames,
                     max_error, raw_args, to_u8, video_stream)

W, H = 64, 48


@pytest.fixture(scope="module")
def frames():
    return to_u8(make_frames(W, H, 6, seed=13))


def start_stdin_recording(frameout, frames, name, *flags):
    proc = frameout.popen("movie", *raw_args("-", "rgba8fixed", W, H), "--progress", "json", "--file", name,
                          *flags, stdin=subprocess.PIPE)
    reader = StderrReader(proc)
    for f in frames:
        proc.stdin.write(f.tobytes())
    proc.stdin.flush()
    # wait until frameout has read them all (progress lines come at most once a second)
    got = reader.wait_for(lambda p: p.get("frames_read", 0) >= len(frames), timeout=20)
    assert got, f"frameout did not report reading {len(frames)} frames:\n{reader.text()}"
    return proc, reader


def finish(proc, reader, sig, expected_code):
    proc.send_signal(sig)
    try:
        code = proc.wait(timeout=30)
    finally:
        proc.stdin.close()  # only now does the "renderer" go away
    assert code == expected_code, f"exit {code}, expected {expected_code}:\n{reader.text()}"
    return reader.text()


@pytest.mark.parametrize("flags,lossless", [
    (["--videocodec", "rle", "--moviepixelformat", "rgba"], True),
    (["--videocodec", "prores", "--videocodectype", "4444", "--moviepixelformat", "rgba"], False),
    (["--videocodec", "h264", "--maxbframes", "2"], False),
    (["--videocodec", "mjpa"], False),
    (["--videocodec", "hap"], False),
], ids=["rle", "prores", "h264_bframes", "mjpa", "hap"])
def test_sigint_during_slow_pipe_leaves_playable_file(frameout, tmp_path, frames, flags, lossless):
    name = "take.mp4" if "h264" in flags else "take.mov"
    proc, reader = start_stdin_recording(frameout, frames, name, *flags)
    finish(proc, reader, signal.SIGINT, EXIT_SIGINT)
    out = tmp_path / name
    assert out.is_file(), sorted(p.name for p in tmp_path.iterdir())
    assert leftovers(tmp_path) == []
    assert count_frames(out) == len(frames)
    dec = decode(out, "rgba")
    assert dec.shape == frames.shape
    if lossless:
        assert max_error(dec, frames) == 0


def test_sigterm_during_slow_pipe(frameout, tmp_path, frames):
    proc, reader = start_stdin_recording(frameout, frames, "term.mov", "--videocodec", "prores")
    finish(proc, reader, signal.SIGTERM, EXIT_SIGTERM)
    assert count_frames(tmp_path / "term.mov") == len(frames)
    assert leftovers(tmp_path) == []


def test_sigterm_h264_mp4_is_complete(frameout, tmp_path, frames):
    proc, reader = start_stdin_recording(frameout, frames, "term.mp4", "--videocodec", "h264",
                                         "--maxbframes", "2", "--starttimecode", "01:00:00:00")
    finish(proc, reader, signal.SIGTERM, EXIT_SIGTERM)
    out = tmp_path / "term.mp4"
    assert count_frames(out) == len(frames)
    st = video_stream(out)
    assert abs(float(st["duration"]) - len(frames) / 30.0) < 0.02


def test_sigint_with_fifo_writer_holding_it_open(frameout, tmp_path, frames):
    fifo = tmp_path / "live.fifo"
    os.mkfifo(fifo)
    proc = frameout.popen("movie", *raw_args(fifo, "rgba8fixed", W, H), "--progress", "json", "--videocodec",
                          "rle", "--moviepixelformat", "rgba", "--file", "fifo.mov")
    reader = StderrReader(proc)
    release = threading.Event()

    def writer():
        with open(fifo, "wb") as pipe:
            for f in frames[:4]:
                pipe.write(f.tobytes())
            pipe.flush()
            release.wait(30)  # keep the FIFO open until the test is done

    thread = threading.Thread(target=writer, daemon=True)
    thread.start()
    try:
        assert reader.wait_for(lambda p: p.get("frames_read", 0) >= 4, timeout=20), reader.text()
        proc.send_signal(signal.SIGINT)
        code = proc.wait(timeout=30)
    finally:
        release.set()
        thread.join(timeout=10)
    assert code == EXIT_SIGINT, reader.text()
    assert max_error(decode(tmp_path / "fifo.mov"), frames[:4]) == 0
    assert leftovers(tmp_path) == []


def test_sigint_on_endless_testpattern(frameout, tmp_path):
    proc = frameout.popen("movie", "--input", "testpattern", "--input-size", "64x48", "--input-rate", "30",
                          "--videocodec", "h264", "--progress", "json", "--file", "endless.mp4",
                          "--report", "report.json")
    reader = StderrReader(proc)
    assert reader.wait_for(lambda p: p.get("total_frames_written", 0) >= 10, timeout=20), reader.text()
    proc.send_signal(signal.SIGINT)
    code = proc.wait(timeout=30)
    assert code == EXIT_SIGINT, reader.text()
    written = count_frames(tmp_path / "endless.mp4")
    assert written >= 10
    report = json.loads((tmp_path / "report.json").read_text())
    assert report["exit_code"] == EXIT_SIGINT
    assert report["counters"]["total_frames_written"] == written
    assert [os.path.basename(p) for p in report["outputs"]] == ["endless.mp4"]
    assert leftovers(tmp_path) == []


def test_sigint_report_says_interrupted(frameout, tmp_path, frames):
    proc, reader = start_stdin_recording(frameout, frames[:3], "r.mov", "--videocodec", "rle", "--report",
                                         "r.json")
    finish(proc, reader, signal.SIGINT, EXIT_SIGINT)
    report = json.loads((tmp_path / "r.json").read_text())
    assert report["exit_code"] == EXIT_SIGINT
    assert report["status"] != "ok"
    assert report["counters"]["frames_read"] == 3
    assert report["counters"]["total_frames_written"] == 3


def test_sigint_before_first_frame(frameout, tmp_path):
    proc = frameout.popen("movie", *raw_args("-", "rgba8fixed", W, H), "--progress", "json", "--file",
                          "none.mov", stdin=subprocess.PIPE)
    reader = StderrReader(proc)
    # the first progress line proves it is up and waiting on stdin
    assert reader.wait_for(lambda p: "frames_read" in p, timeout=20) is not None, reader.text()
    proc.send_signal(signal.SIGINT)
    code = proc.wait(timeout=30)
    proc.stdin.close()
    assert not (tmp_path / "none.mov").exists()
    assert leftovers(tmp_path) == []
    assert code == EXIT_SIGINT, reader.text()


def test_no_file_and_no_temp_after_sigint_before_first_frame(frameout, tmp_path):
    """Whatever the exit code, an interrupt before any frame leaves nothing behind and is not success."""
    proc = frameout.popen("movie", *raw_args("-", "rgba8fixed", W, H), "--progress", "json", "--file",
                          "none.mov", stdin=subprocess.PIPE)
    reader = StderrReader(proc)
    assert reader.wait_for(lambda p: "frames_read" in p, timeout=20) is not None, reader.text()
    proc.send_signal(signal.SIGINT)
    code = proc.wait(timeout=30)
    proc.stdin.close()
    assert code != 0
    assert not (tmp_path / "none.mov").exists()
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("sig, code", [(signal.SIGINT, EXIT_SIGINT), (signal.SIGTERM, EXIT_SIGTERM)])
@pytest.mark.parametrize("flags, ext", [(["--videocodec", "h264"], "mp4"),
                                        (["--videocodec", "prores", "--audiocodec", "pcm24"], "mov")],
                         ids=["h264-aac", "prores-pcm"])
def test_a_stop_ends_both_tracks_together(frameout, tmp_path, sig, code, flags, ext):
    """The sound is read only a little ahead of the muxed pictures, so at a stop it may lag the frames already
    taken; both tracks must still end together, within one audio frame (AAC: 1024 samples at 48 kHz)."""
    proc = frameout.popen("movie", "--input", "testpattern", "--input-size", "320x240", "--input-rate", "30",
                          *flags, "--audiochop", "tone", "--progress", "json", "--file", f"take.{ext}")
    reader = StderrReader(proc)
    assert reader.wait_for(lambda p: p.get("total_frames_written", 0) >= 60, timeout=30), reader.text()
    proc.send_signal(sig)
    assert proc.wait(timeout=60) == code, reader.text()
    info = json.loads(subprocess.run(["ffprobe", "-v", "error", "-of", "json", "-show_streams",
                                      str(tmp_path / f"take.{ext}")], stdout=subprocess.PIPE, check=True).stdout)
    durations = {s["codec_type"]: float(s["duration"]) for s in info["streams"]}
    assert abs(durations["video"] - durations["audio"]) <= 1024 / 48000 + 1e-3, durations


# --------------------------------------------------------------------------------------------------------------
# A signal during start-up, before frameout's libraries have finished loading


def wait_for_blocked_stop_signals(pid):
    """Returns once process `pid` has SIGINT and SIGTERM blocked (its SigBlk mask in /proc/PID/status)."""
    wanted = (1 << (signal.SIGINT - 1)) | (1 << (signal.SIGTERM - 1))
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        with open(f"/proc/{pid}/status") as status:
            blocked = next(int(line.split()[1], 16) for line in status if line.startswith("SigBlk:"))
        if blocked & wanted == wanted:
            return
    raise AssertionError(f"process {pid} never blocked SIGINT and SIGTERM")


@pytest.mark.parametrize("sig, code", [(signal.SIGTERM, EXIT_SIGTERM), (signal.SIGINT, EXIT_SIGINT)],
                         ids=["sigterm", "sigint"])
def test_signal_right_after_spawn_is_an_interrupted_exit_not_a_kill(frameout, tmp_path, sig, code):
    # The signal lands while the engine's shared libraries are still loading (0.1-0.3 s here), the moment that
    # used to kill the process with -15 / -2. No program can catch one sent before its first instruction (inside
    # the kernel's exec, or before a loaded machine first schedules it), so each trial starts counting when the
    # launcher's first act, blocking the two signals, shows in /proc.
    for trial, delay in enumerate([0.0, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.15, 0.2]):
        name = f"early{trial}.mov"
        proc = frameout.popen("movie", "--input", "testpattern", "--videocodec", "rle", "--progress", "none",
                              "--file", name)
        wait_for_blocked_stop_signals(proc.pid)
        threading.Event().wait(delay)
        proc.send_signal(sig)
        _, err = proc.communicate(timeout=60)
        assert proc.returncode == code, f"trial {trial} (+{delay}s): exit {proc.returncode}\n{err.decode()}"
        assert not (tmp_path / name).exists() or count_frames(tmp_path / name) > 0, f"trial {trial}: empty {name}"
        assert leftovers(tmp_path) == [], f"trial {trial}: {leftovers(tmp_path)}"


def test_signal_before_any_frame_leaves_no_file(frameout, tmp_path):
    proc = frameout.popen("movie", "--input", "testpattern", "--videocodec", "rle", "--file", "none.mov")
    wait_for_blocked_stop_signals(proc.pid)  # see the test above: a signal before that cannot be caught
    threading.Event().wait(0.002)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == EXIT_SIGTERM, err.decode()
    assert not (tmp_path / "none.mov").exists() and leftovers(tmp_path) == []


@pytest.mark.parametrize("caller,expected", [(None, "glibc.malloc.hugetlb=1"),
                                             ("glibc.malloc.hugetlb=0", "glibc.malloc.hugetlb=0")])
def test_launcher_asks_glibc_for_huge_pages_unless_the_caller_chose(frameout, tmp_path, caller, expected):
    """The engine runs with glibc.malloc.hugetlb=1 unless the caller's GLIBC_TUNABLES chose a value. (glibc 2.36
    rewrites the variable at start-up, leaving only its first entry visible in /proc, so a caller's list of other
    tunables cannot be checked this way.)"""
    env = {k: v for k, v in os.environ.items() if k != "GLIBC_TUNABLES"}
    if caller:
        env["GLIBC_TUNABLES"] = caller
    proc = subprocess.Popen([str(frameout.binary), "movie", *raw_args("-", "rgba8fixed", W, H), "--file", "t.mov"],
                            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            cwd=tmp_path, env=env)
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and not os.readlink(f"/proc/{proc.pid}/exe").endswith("frameout-engine"):
            time.sleep(0.01)
        # Right after the exec, /proc may still show an empty environment for a moment (seen under load).
        environ = [b""]
        while time.monotonic() < deadline and environ == [b""]:
            environ = open(f"/proc/{proc.pid}/environ", "rb").read().split(b"\0")
    finally:
        proc.kill()
        proc.wait(timeout=30)
    assert f"GLIBC_TUNABLES={expected}".encode() in environ
