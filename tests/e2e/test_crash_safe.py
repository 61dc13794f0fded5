"""Crash-safe movies (issue 12, section 4).

While recording, mov and mp4 are written as fragments of at most a second (or 8 MiB) and mkv in clusters of at most a
second (half a second in a live take, whose encoders look at most a quarter second ahead); a clean stop turns a fragmented file into an ordinary movie in place. A SIGKILL leaves the temporary
file (.NAME.frameout-RANDOM.part) in the output's folder; ffprobe and `ffmpeg -xerror` read it, it holds all
but the last second, and `frameout recover` finishes it under its final name.

Boxes are read by a walker in this file (ISO/IEC 14496-12 layout), independently of frameout's own reader.
"""

import json
import random
import re
import struct
import subprocess
import threading
import time
from pathlib import Path

import pytest

from support import (EXIT_INPUT, EXIT_OUTPUT, EXIT_USAGE, FFMPEG, FFPROBE, assert_ok, count_frames, describe)

W, H, FPS = 160, 120, 30
PART = re.compile(r"\.(?P<name>.+)\.frameout-[0-9a-f]{16}\.part")

# (codec flags, containers the codec may be written to, per `frameout codecs`): mp4 refuses ProRes and Hap,
# mkv refuses Hap.
CODECS = {
    "prores": (["--videocodec", "prores", "--videocodectype", "standard"], ["mov", "mkv"]),
    "h264": (["--videocodec", "h264"], ["mov", "mp4", "mkv"]),
    "hap": (["--videocodec", "hap"], ["mov"]),
}
CASES = [(codec, container) for codec, (_, containers) in CODECS.items() for container in containers]
IDS = [f"{codec}-{container}" for codec, container in CASES]


def top_level_boxes(path):
    """[(type, offset, size)] of an ISO file's top-level boxes; stops at a box the file ends inside."""
    data = Path(path).read_bytes()
    boxes, offset = [], 0
    while offset + 8 <= len(data):
        size, kind = struct.unpack(">I4s", data[offset:offset + 8])
        if size == 1:
            size = struct.unpack(">Q", data[offset + 8:offset + 16])[0]
        elif size == 0:
            size = len(data) - offset
        if size < 8 or offset + size > len(data):
            break
        boxes.append((kind.decode("latin-1"), offset, size))
        offset += size
    return boxes


def assert_ordinary(path, container):
    """A finished movie: mov/mp4 with one moov and no visible fragment, mkv with Cues and a duration."""
    if container == "mkv":
        data = Path(path).read_bytes()
        assert b"\x1c\x53\xbb\x6b" in data, f"{path}: no Cues element"
        out = subprocess.run([FFPROBE, "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", str(path)],
                             capture_output=True, text=True, timeout=60)
        assert out.returncode == 0 and float(out.stdout) > 0, out.stderr
        return
    kinds = [k for k, _, _ in top_level_boxes(path)]
    assert "moof" not in kinds and "mfra" not in kinds, f"{path}: fragments left visible: {kinds}"
    assert kinds.count("moov") == 1 and kinds[-1] == "moov", kinds
    assert kinds.count("mdat") >= 1, kinds


def decodes_cleanly(path):
    out = subprocess.run([FFMPEG, "-v", "error", "-xerror", "-i", str(path), "-f", "null", "-"],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0 and out.stderr.strip() == "", f"ffmpeg -xerror on {path}:\n{out.stderr}"
    probe = subprocess.run([FFPROBE, "-v", "error", "-show_format", "-show_streams", str(path)],
                           capture_output=True, text=True, timeout=60)
    assert probe.returncode == 0 and probe.stderr.strip() == "", f"ffprobe on {path}:\n{probe.stderr}"


def frame_hashes(path, copy=False):
    """One md5 per frame: of the decoded picture, or of the stored packet with copy=True."""
    codec = ["-c", "copy"] if copy else ["-pix_fmt", "rgba"]
    out = subprocess.run([FFMPEG, "-v", "error", "-i", str(path), "-map", "0:v", *codec, "-f", "framemd5", "-"],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    return [line.split(",")[-1].strip() for line in out.stdout.splitlines() if line and not line.startswith("#")]


def start_time(path):
    out = subprocess.run([FFPROBE, "-v", "error", "-select_streams", "v:0", "-show_entries", "stream=start_time",
                          "-of", "csv=p=0", str(path)], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    return float(out.stdout)


def record(frameout, codec, container, name, *extra):
    flags, _ = CODECS[codec]
    return frameout("movie", "--input", "testpattern", "--input-size", f"{W}x{H}", "--input-rate", FPS,
                    *flags, "--deterministic", *extra, "--file", name)


@pytest.mark.parametrize("codec,container", CASES, ids=IDS)
def test_clean_run_gives_an_ordinary_movie(frameout, tmp_path, codec, container):
    name = f"clean.{container}"
    proc = record(frameout, codec, container, name, "--limitlength", "on", "--length", "75", "--lengthunit", "frames")
    assert_ok(proc)
    out = tmp_path / name
    assert_ordinary(out, container)
    assert count_frames(out) == 75
    decodes_cleanly(out)
    assert [p.name for p in tmp_path.iterdir() if PART.fullmatch(p.name)] == []


@pytest.mark.parametrize("codec", [c for c, (_, containers) in CODECS.items() if "mkv" in containers])
def test_finalised_movie_holds_the_packets_of_an_unfragmented_one(frameout, tmp_path, codec):
    """The deterministic job written to every container: the same packets and the same decoded pictures, with the
    presentation starting at 0. The mkv muxer keeps its packets in place, so a finalised mov/mp4 matching it has its sample
    tables pointing at exactly the right bytes."""
    written = {}
    for container in CODECS[codec][1]:
        name = f"ref.{container}"
        assert_ok(record(frameout, codec, container, name, "--limitlength", "on", "--length", "70",
                         "--lengthunit", "frames"))
        written[container] = (frame_hashes(tmp_path / name, copy=True), frame_hashes(tmp_path / name))
        assert start_time(tmp_path / name) == 0.0, f"{container}: the presentation does not start at 0"
    packets, pictures = written["mkv"]
    assert len(pictures) == 70
    for container, (p, d) in written.items():
        assert p == packets, f"{container}: packets differ from mkv's"
        assert d == pictures, f"{container}: decoded pictures differ from mkv's"


def test_large_frames_are_cut_into_fragments_of_at_most_8_mib(frameout, tmp_path):
    """20 frames of noise in ProRes 4444 (about 2 MB each, 0.67 s): cut by size, not only by the second, and
    finalised into the same packets as the mkv of the same job."""
    raw = tmp_path / "noise.raw"
    raw.write_bytes(random.Random(1).randbytes(640 * 480 * 4 * 20))
    hashes = {}
    for container in ("mov", "mkv"):
        assert_ok(frameout("movie", "--input", raw, "--input-format", "rgba8fixed", "--input-size", "640x480",
                           "--input-rate", FPS, "--videocodec", "prores", "--videocodectype", "4444",
                           "--moviepixelformat", "rgba", "--deterministic", "--file", f"noise.{container}"))
        hashes[container] = frame_hashes(tmp_path / f"noise.{container}", copy=True)
    boxes = top_level_boxes(tmp_path / "noise.mov")
    mdats = [size for kind, _, size in boxes if kind == "mdat"]
    assert len(mdats) >= 4 and max(mdats) <= (8 << 20) + 16, f"fragments of {mdats} bytes"
    assert_ordinary(tmp_path / "noise.mov", "mov")
    assert len(hashes["mov"]) == 20 and hashes["mov"] == hashes["mkv"]


class ProgressClock:
    """Reads a recording's --progress json lines (on stderr, among its messages) as they come and notes when each
    arrived."""

    def __init__(self, proc):
        self.lines = []  # (time.monotonic() of arrival, frames_read)
        self.thread = threading.Thread(target=self._read, args=(proc.stderr,), daemon=True)
        self.thread.start()

    def _read(self, stream):
        for line in stream:
            if line.startswith(b"{"):
                self.lines.append((time.monotonic(), json.loads(line)["frames_read"]))

    def frames_taken_by(self, moment):
        """How many frames the paced input had taken at `moment`, from the last line before it, or the first line
        (frames are taken at FPS on a clock, so the count grows by FPS a second)."""
        before = [(t, n) for t, n in self.lines if t <= moment]
        arrived, frames = before[-1] if before else self.lines[0]
        return frames + int((moment - arrived) * FPS)


def kill_trial(frameout, tmp_path, codec, container, rng, *extra):
    """Records the paced test pattern, SIGKILLs it 0.2-2 s after its first progress line (1-3 s into the take) and
    checks what it left: all the frames taken up to a second before the kill; returns the part file and its frame
    count."""
    folder = tmp_path / f"trial{rng.randrange(1 << 30)}"
    folder.mkdir()
    name = f"take.{container}"
    flags, _ = CODECS[codec]
    proc = frameout.popen("movie", "--input", "testpattern", "--realtime", "on", "--input-size", f"{W}x{H}",
                          "--input-rate", FPS, *flags, *extra, "--progress", "json", "--file", name, cwd=folder)
    progress = ProgressClock(proc)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and not progress.lines:
        time.sleep(0.005)
    time.sleep(rng.uniform(0.2, 2.0))
    killed = time.monotonic()
    proc.kill()
    proc.wait(timeout=30)
    progress.thread.join(timeout=10)
    parts = [p for p in folder.iterdir() if PART.fullmatch(p.name)]
    assert len(parts) == 1 and PART.fullmatch(parts[0].name)["name"] == name, sorted(p.name for p in folder.iterdir())
    assert not (folder / name).exists()
    part = parts[0]
    decodes_cleanly(part)
    frames = count_frames(part)
    least = progress.frames_taken_by(killed - 1.0) - 3  # 3: frames still in the queues
    assert frames >= least, f"{codec}/{container} kept {frames} frames; {least} were taken over a second before the kill"
    return part, frames


def check_recover(frameout, part, container, frames):
    before = frame_hashes(part)
    proc = frameout("recover", part)
    assert_ok(proc)
    final = part.parent / PART.fullmatch(part.name)["name"]
    assert final.is_file() and not part.exists(), describe(proc)
    assert_ordinary(final, container)
    decodes_cleanly(final)
    assert count_frames(final) == frames
    assert frame_hashes(final) == before


@pytest.mark.slow
def test_twenty_sigkills_of_prores_mov_leave_decodable_recoverable_files(frameout, tmp_path):
    rng = random.Random(12)
    for _ in range(20):
        part, frames = kill_trial(frameout, tmp_path, "prores", "mov", rng)
        check_recover(frameout, part, "mov", frames)


@pytest.mark.slow
@pytest.mark.parametrize("codec,container", [c for c in CASES if c != ("prores", "mov")],
                         ids=[i for c, i in zip(CASES, IDS) if c != ("prores", "mov")])
def test_sigkills_leave_decodable_recoverable_files(frameout, tmp_path, codec, container):
    rng = random.Random(f"{codec}{container}")
    for _ in range(2):
        part, frames = kill_trial(frameout, tmp_path, codec, container, rng)
        check_recover(frameout, part, container, frames)


def test_sigkill_with_a_sound_track_keeps_both_tracks(frameout, tmp_path):
    part, frames = kill_trial(frameout, tmp_path, "prores", "mov", random.Random(5), "--audiochop", "tone",
                              "--audiocodec", "pcm24")
    check_recover(frameout, part, "mov", frames)
    final = part.parent / "take.mov"
    out = subprocess.run([FFPROBE, "-v", "error", "-show_entries", "stream=codec_type,duration", "-of", "csv=p=0",
                          str(final)], capture_output=True, text=True, timeout=60)
    durations = dict(line.split(",") for line in out.stdout.split())
    assert set(durations) == {"video", "audio"}, out.stdout
    assert abs(float(durations["audio"]) - float(durations["video"])) <= 0.1, durations


def test_recover_help(frameout):
    proc = frameout("recover", "--help")
    assert_ok(proc)
    assert "PART-FILE" in proc.stdout and "--overwrite" in proc.stdout


def test_recover_takes_file_and_refuses_to_overwrite(frameout, tmp_path):
    rng = random.Random(7)
    part, frames = kill_trial(frameout, tmp_path, "prores", "mov", rng)
    existing = part.parent / "take.mov"
    existing.write_bytes(b"keep me")
    proc = frameout("recover", part)
    assert proc.returncode == EXIT_OUTPUT, describe(proc)
    assert "take.mov" in proc.stderr and "--overwrite" in proc.stderr
    assert existing.read_bytes() == b"keep me" and part.exists()
    proc = frameout("recover", part, "--file", tmp_path / "elsewhere.mov")
    assert_ok(proc)
    assert count_frames(tmp_path / "elsewhere.mov") == frames and not part.exists()


def test_recover_overwrite_on_replaces(frameout, tmp_path):
    part, frames = kill_trial(frameout, tmp_path, "prores", "mkv", random.Random(3))
    existing = part.parent / "take.mkv"
    existing.write_bytes(b"old")
    assert_ok(frameout("recover", part, "--overwrite", "on"))
    assert count_frames(existing) == frames and not part.exists()


@pytest.mark.parametrize("args,code,words", [
    (["missing.mov.part"], EXIT_INPUT, ["missing.mov.part", "no such file"]),
    ([], EXIT_USAGE, ["PART-FILE"]),
    (["--bogus"], EXIT_USAGE, ["--bogus"]),
], ids=["missing", "no-file", "unknown-flag"])
def test_recover_usage_errors(frameout, args, code, words):
    proc = frameout("recover", *args)
    assert proc.returncode == code, describe(proc)
    for word in words:
        assert word in proc.stderr, describe(proc)


def test_recover_needs_file_for_a_name_that_is_not_temporary(frameout, tmp_path):
    (tmp_path / "odd.mov").write_bytes(b"\0\0\0\x08free")
    proc = frameout("recover", "odd.mov")
    assert proc.returncode == EXIT_USAGE and "--file" in proc.stderr, describe(proc)
    proc = frameout("recover", "odd.mov", "--file", "out.mov")
    assert proc.returncode == EXIT_INPUT and "odd.mov" in proc.stderr, describe(proc)
    assert not (tmp_path / "out.mov").exists()
