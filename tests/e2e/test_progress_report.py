"""--progress json|plain|none and --report: the Info-channel counters, as render-farm managers read them."""

import json
import os
import re
import signal
import subprocess

import pytest

from support import (EXIT_OUTPUT, EXIT_USAGE, StderrReader, assert_ok, count_frames, describe, make_frames,
                     raw_args, to_u8)

PROGRESS_KEYS = {"total_frames_written", "last_frames_written", "total_frames_dropped", "frames_read",
                 "bytes_written", "encode_fps"}
W, H = 64, 48


def json_lines(stderr):
    return [json.loads(line) for line in stderr.splitlines() if line.startswith("{")]


def test_progress_json_lines_over_a_slow_pipe(frameout, tmp_path):
    """Two bursts, the second after the first progress line: several JSON lines with the counters."""
    frames = to_u8(make_frames(W, H, 10, seed=3))
    proc = frameout.popen("movie", *raw_args("-", "rgba8fixed", W, H), "--videocodec", "rle", "--progress",
                          "json", "--file", "p.mov", stdin=subprocess.PIPE)
    reader = StderrReader(proc)
    proc.stdin.write(frames[:5].tobytes())
    proc.stdin.flush()
    assert reader.wait_for(lambda p: p.get("frames_read", 0) >= 5, timeout=20), reader.text()
    proc.stdin.write(frames[5:].tobytes())
    proc.stdin.close()
    assert proc.wait(timeout=30) == 0, reader.text()
    text = reader.text()
    lines = [l for l in text.splitlines() if l.startswith("{")]
    assert len(lines) >= 2, text
    objs = [json.loads(l) for l in lines]
    for obj in objs:
        assert PROGRESS_KEYS <= set(obj), f"missing keys {PROGRESS_KEYS - set(obj)} in {obj}"
        for key in PROGRESS_KEYS:
            assert isinstance(obj[key], (int, float)) and obj[key] >= 0, obj
    last = objs[-1]
    assert last["total_frames_written"] == 10 and last["frames_read"] == 10
    assert last["total_frames_dropped"] == 0
    # last_frames_written counts the frames since the previous line
    assert sum(o["last_frames_written"] for o in objs) == last["total_frames_written"]
    written = [o["total_frames_written"] for o in objs]
    assert written == sorted(written)
    assert 0 < last["bytes_written"] <= (tmp_path / "p.mov").stat().st_size


def test_progress_json_at_most_once_a_second(frameout, tmp_path):
    proc = frameout.popen("movie", "--input", "testpattern", "--input-size", "320x240", "--input-rate", "30",
                          "--videocodec", "h264", "--progress", "json", "--file", "t.mp4")
    reader = StderrReader(proc)
    assert reader.wait_for(lambda p: p.get("elapsed_seconds", 0) >= 2.5 or len(reader.progress()) >= 4,
                           timeout=30), reader.text()
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=30)
    objs = reader.progress()
    times = [o["elapsed_seconds"] for o in objs if "elapsed_seconds" in o]
    gaps = [b - a for a, b in zip(times, times[1:])]
    # every gap but the closing line's is about a second
    assert all(g >= 0.9 for g in gaps[:-1]), times


def test_progress_plain_percentages(frameout, tmp_path):
    frames = to_u8(make_frames(W, H, 20, seed=3))
    proc = frameout.popen("movie", *raw_args("-", "rgba8fixed", W, H), "--videocodec", "rle", "--progress",
                          "plain", "--limitlength", "on", "--length", "20", "--lengthunit", "frames",
                          "--file", "p.mov", stdin=subprocess.PIPE)
    reader = StderrReader(proc)
    proc.stdin.write(frames[:10].tobytes())
    proc.stdin.flush()
    first = reader.wait_line(lambda l: l.startswith("Progress:"), timeout=20)
    assert first, reader.text()
    proc.stdin.write(frames[10:].tobytes())
    proc.stdin.close()
    assert proc.wait(timeout=30) == 0, reader.text()
    percents = [int(m.group(1)) for m in re.finditer(r"^Progress: (\d{1,3})%$", reader.text(), re.M)]
    assert len(percents) >= 2, reader.text()
    assert percents == sorted(percents) and percents[-1] == 100
    assert percents[0] == 50, percents  # half the frames had arrived at the first line
    assert count_frames(tmp_path / "p.mov") == 20


def test_progress_plain_from_a_file_knows_the_total(frameout, rgba8_clip):
    raw, frames, w, h = rgba8_clip
    proc = frameout("movie", *raw_args(raw, "rgba8fixed", w, h), "--videocodec", "rle", "--progress", "plain",
                    "--file", "p.mov")
    assert_ok(proc)
    assert "Progress: 100%" in proc.stderr.splitlines()


@pytest.mark.parametrize("mode", ["none", "auto"])
def test_progress_none_and_auto_without_terminal(frameout, rgba8_clip, mode):
    raw, frames, w, h = rgba8_clip
    proc = frameout("movie", *raw_args(raw, "rgba8fixed", w, h), "--videocodec", "rle", "--progress", mode,
                    "--file", "p.mov")
    assert_ok(proc)
    assert "Progress:" not in proc.stderr and "{" not in proc.stderr and "\r" not in proc.stderr


def read_report(path):
    report = json.loads(path.read_text())
    for key in ("command", "exit_code", "status", "message", "counters", "outputs"):
        assert key in report, f"report without {key}: {report}"
    return report


def test_report_on_success(frameout, rgba8_clip, tmp_path):
    raw, frames, w, h = rgba8_clip
    proc = frameout("movie", *raw_args(raw, "rgba8fixed", w, h), "--videocodec", "prores", "--file",
                    "out/take.mov", "--uniquesuff", "on", "--n", "1", "--report", "report.json")
    assert_ok(proc)
    report = read_report(tmp_path / "report.json")
    assert report["command"] == "movie" and report["exit_code"] == 0 and report["status"] == "ok"
    assert len(report["outputs"]) == 1
    out = report["outputs"][0]
    assert os.path.realpath(os.path.join(tmp_path, out)) == os.path.realpath(tmp_path / "out" / "take1.mov")
    counters = report["counters"]
    assert PROGRESS_KEYS <= set(counters)
    assert counters["total_frames_written"] == len(frames) == counters["frames_read"]
    assert counters["total_frames_dropped"] == 0
    assert 0 < counters["bytes_written"] <= (tmp_path / "out" / "take1.mov").stat().st_size


@pytest.mark.parametrize("fps,written,dropped,skipped", [("60", 24, 12, 0), ("15", 6, 0, 6)])
def test_report_counts_repeats_and_skips(frameout, rgba8_clip, tmp_path, fps, written, dropped, skipped):
    raw, frames, w, h = rgba8_clip  # 12 frames at 30 fps
    proc = frameout("movie", *raw_args(raw, "rgba8fixed", w, h), "--videocodec", "rle", "--fps", fps,
                    "--file", "f.mov", "--report", "r.json")
    assert_ok(proc)
    counters = read_report(tmp_path / "r.json")["counters"]
    assert counters["total_frames_written"] == written == count_frames(tmp_path / "f.mov")
    assert counters["frames_read"] == 12
    assert counters["total_frames_dropped"] == dropped
    if "input_frames_skipped" in counters:
        assert counters["input_frames_skipped"] == skipped


def test_report_on_output_failure(frameout, rgba8_clip, tmp_path):
    raw, frames, w, h = rgba8_clip
    (tmp_path / "taken.mov").write_bytes(b"x")
    proc = frameout("movie", *raw_args(raw, "rgba8fixed", w, h), "--file", "taken.mov", "--report", "r.json")
    assert proc.returncode == EXIT_OUTPUT, describe(proc)
    report = read_report(tmp_path / "r.json")
    assert report["exit_code"] == EXIT_OUTPUT and report["status"] != "ok"
    assert "taken.mov" in report["message"]
    assert report["outputs"] == []


def test_report_on_rule_failure(frameout, rgba8_clip, tmp_path):
    raw, frames, w, h = rgba8_clip
    proc = frameout("movie", *raw_args(raw, "rgba8fixed", w, h), "--videocodec", "prores", "--file", "x.mp4",
                    "--report", "r.json")
    assert proc.returncode == EXIT_USAGE, describe(proc)
    report = read_report(tmp_path / "r.json")
    assert report["exit_code"] == EXIT_USAGE and report["status"] != "ok" and "mp4" in report["message"]
    assert report["outputs"] == []


def truncated_run(frameout, rgba8_clip, tmp_path):
    raw, frames, w, h = rgba8_clip
    short = tmp_path / "short.raw"
    short.write_bytes(raw.read_bytes()[: 3 * w * h * 4 + 5])
    proc = frameout("movie", *raw_args(short, "rgba8fixed", w, h), "--videocodec", "rle", "--file", "s.mov",
                    "--report", "r.json")
    assert proc.returncode == 3, describe(proc)
    assert count_frames(tmp_path / "s.mov") == 3
    return read_report(tmp_path / "r.json")


def test_report_on_truncated_input(frameout, rgba8_clip, tmp_path):
    report = truncated_run(frameout, rgba8_clip, tmp_path)
    assert report["exit_code"] == 3 and report["status"] != "ok"
    assert "truncated" in report["message"]
    assert report["counters"]["total_frames_written"] == 3


def test_report_lists_the_file_kept_after_truncated_input(frameout, rgba8_clip, tmp_path):
    report = truncated_run(frameout, rgba8_clip, tmp_path)
    assert [os.path.basename(p) for p in report["outputs"]] == ["s.mov"]


def test_report_path_unwritable_is_exit_4(frameout, rgba8_clip, tmp_path):
    raw, frames, w, h = rgba8_clip
    (tmp_path / "blocker").write_text("a file, not a folder")
    proc = frameout("movie", *raw_args(raw, "rgba8fixed", w, h), "--videocodec", "rle", "--file", "m.mov",
                    "--report", "blocker/r.json")
    assert proc.returncode == EXIT_OUTPUT, describe(proc)
    assert "blocker/r.json" in proc.stderr and "--report" in proc.stderr
