"""Output naming (file, uniquesuff, n, overwrite, temp-then-rename) and length (limitlength, length,
lengthunit, fps, starttimecode)."""

import re
import subprocess

import numpy as np
import pytest

from support import (EXIT_OUTPUT, StderrReader, assert_ok, count_frames, decode, describe, ffprobe, leftovers,
                     raw_args, video_stream, write_raw)


def pattern(*extra, name="out.mov", frames=3, size="64x48", rate="30"):
    return ["movie", "--input", "testpattern", "--input-size", size, "--input-rate", rate,
            "--limitlength", "on", "--length", str(frames), "--lengthunit", "frames",
            "--videocodec", "rle", "--file", name, *extra]


# --- naming -------------------------------------------------------------------------------------------------


def test_uniquesuff_counts_up_from_n(frameout, tmp_path):
    for expected in ("take1.mov", "take2.mov", "take3.mov"):
        proc = frameout(*pattern("--uniquesuff", "on", "--n", "1", name="take.mov"))
        assert_ok(proc)
        assert (tmp_path / expected).is_file(), sorted(p.name for p in tmp_path.iterdir())
    assert not (tmp_path / "take.mov").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["take1.mov", "take2.mov", "take3.mov"]


@pytest.mark.parametrize("frames, runs", [(1, 3), (4, 2), (3, 4)])
def test_sequences_racing_for_one_pattern_each_claim_their_own_numbers(frameout, tmp_path, frames, runs):
    # Every run is started at once; each must take a range of its own, whole, and leave no temporary file.
    for trial in range(10):
        folder = tmp_path / f"t{trial}"
        args = ["movie", "--input", "testpattern", "--input-size", "32x24", "--limitlength", "on", "--length",
                str(frames), "--lengthunit", "frames", "--type", "imagesequence", "--imagefiletype", "png",
                "--uniquesuff", "on", "--n", "1", "--progress", "none", "--file", f"{folder}/s.####.png"]
        started = [frameout.popen(*args) for _ in range(runs)]
        for proc in started:
            _, err = proc.communicate(timeout=120)
            assert proc.returncode == 0, f"trial {trial}: exit {proc.returncode}\n{err.decode()}"
        names = sorted(p.name for p in folder.iterdir())
        assert names == [f"s.{i:04d}.png" for i in range(1, frames * runs + 1)], f"trial {trial}: {names}"
        assert all(p.read_bytes().startswith(b"\x89PNG") for p in folder.iterdir()), f"trial {trial}"
        # The test pattern is the same on every run, so each run's range repeats the first run's files in order.
        data = [(folder / name).read_bytes() for name in names]
        assert all(data[i] == data[i % frames] for i in range(len(data))), f"trial {trial}: ranges interleaved"


def test_uniquesuff_skips_taken_numbers(frameout, tmp_path):
    (tmp_path / "shot5.mov").write_bytes(b"someone else's file")
    (tmp_path / "shot6.mov").write_bytes(b"another one")
    proc = frameout(*pattern("--uniquesuff", "on", "--n", "5", name="shot.mov"))
    assert_ok(proc)
    assert count_frames(tmp_path / "shot7.mov") == 3
    assert (tmp_path / "shot5.mov").read_bytes() == b"someone else's file"
    assert (tmp_path / "shot6.mov").read_bytes() == b"another one"


def test_uniquesuff_never_overwrites_even_with_overwrite(frameout, tmp_path):
    (tmp_path / "a1.mov").write_bytes(b"keep me")
    proc = frameout(*pattern("--uniquesuff", "on", "--n", "1", "--overwrite", name="a.mov"))
    assert_ok(proc)
    assert (tmp_path / "a1.mov").read_bytes() == b"keep me"
    assert count_frames(tmp_path / "a2.mov") == 3


def test_uniquesuff_steps_over_dangling_links(frameout, tmp_path):
    """A dangling link at a candidate name is a taken name: frameout moves on (it once retried the rename forever)."""
    (tmp_path / "d1.mov").symlink_to(tmp_path / "nowhere.mov")
    (tmp_path / "d2.mov").symlink_to(tmp_path / "nowhere.mov")
    proc = frameout(*pattern("--uniquesuff", "on", "--n", "1", name="d.mov"), timeout=30)
    assert_ok(proc)
    assert count_frames(tmp_path / "d3.mov") == 3
    assert not (tmp_path / "nowhere.mov").exists()
    assert (tmp_path / "d1.mov").is_symlink() and (tmp_path / "d2.mov").is_symlink()


@pytest.mark.parametrize("kind", ["movie", "image", "audio"])
def test_a_link_at_the_final_name_is_never_followed(frameout, tmp_path, kind):
    """A (dangling) link at the final name is an existing file: refused without --overwrite, and its target is
    neither created nor written."""
    name = {"movie": "out.mov", "image": "still.png", "audio": "take.wav"}[kind]
    (tmp_path / name).symlink_to(tmp_path / "victim")
    args = {"movie": pattern(name=name),
            "image": ["movie", "--type", "image", "--input", "testpattern", "--input-size", "32x32",
                      "--imagefiletype", "png", "--file", name],
            "audio": ["audio", "--input", "tone", "--duration", "0.1", "--file", name]}[kind]
    proc = frameout(*args, timeout=30)
    assert proc.returncode == EXIT_OUTPUT, describe(proc)
    assert name in proc.stderr
    assert not (tmp_path / "victim").exists()
    assert leftovers(tmp_path) == []


def test_a_name_at_the_length_limit_gets_a_temporary_name(frameout, tmp_path):
    """A 250-byte file name is allowed by the file system; its temporary name is shortened to fit in 255 bytes."""
    name = "x" * 246 + ".mov"
    proc = frameout(*pattern(name=name), timeout=60)
    assert_ok(proc)
    assert count_frames(tmp_path / name) == 3
    assert leftovers(tmp_path) == []


def test_existing_file_without_overwrite_is_exit_4_and_untouched(frameout, tmp_path):
    (tmp_path / "out.mov").write_bytes(b"precious")
    proc = frameout(*pattern())
    assert proc.returncode == EXIT_OUTPUT, describe(proc)
    assert "out.mov" in proc.stderr and "--overwrite" in proc.stderr
    assert (tmp_path / "out.mov").read_bytes() == b"precious"
    assert leftovers(tmp_path) == []


def test_overwrite_replaces(frameout, tmp_path):
    (tmp_path / "out.mov").write_bytes(b"old")
    proc = frameout(*pattern("--overwrite"))
    assert_ok(proc)
    assert count_frames(tmp_path / "out.mov") == 3
    assert leftovers(tmp_path) == []


def test_missing_folders_are_created(frameout, tmp_path):
    proc = frameout(*pattern(name="deep/er/out.mov"))
    assert_ok(proc)
    assert count_frames(tmp_path / "deep" / "er" / "out.mov") == 3


def test_absolute_output_path(frameout, tmp_path):
    target = tmp_path / "abs" / "x.mov"
    proc = frameout(*pattern(name=str(target)), cwd="/")
    assert_ok(proc)
    assert count_frames(target) == 3


def test_output_is_written_under_a_temporary_name(frameout, tmp_path):
    """While recording, only `.NAME.frameout-RANDOM.part` exists in the folder (RANDOM: 16 hex digits another user
    cannot predict, so nobody can plant a link there beforehand); the final name appears at the end."""
    proc = frameout.popen("movie", "--input", "-", "--input-format", "rgba8fixed", "--input-size", "64x48",
                          "--input-rate", "30", "--videocodec", "rle", "--file", "live.mov", "--progress", "json",
                          stdin=subprocess.PIPE)
    reader = StderrReader(proc)
    frame = np.zeros((48, 64, 4), np.uint8).tobytes()
    try:
        for _ in range(4):
            proc.stdin.write(frame)
        proc.stdin.flush()
        assert reader.wait_for(lambda p: p.get("total_frames_written", 0) >= 4), reader.text()
        names = sorted(p.name for p in tmp_path.iterdir())
        assert not (tmp_path / "live.mov").exists(), f"final name exists before the end: {names}"
        temps = [n for n in names if n.startswith(".live.mov.frameout-") and n.endswith(".part")]
        assert len(temps) == 1 and re.fullmatch(r"\.live\.mov\.frameout-[0-9a-f]{16}\.part", temps[0]), names
        assert str(proc.pid) not in temps[0]
    finally:
        proc.stdin.close()
    assert proc.wait(timeout=30) == 0, reader.text()
    assert count_frames(tmp_path / "live.mov") == 4
    assert leftovers(tmp_path) == []


# --- length -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("length,unit,fps,expected", [
    ("2", "seconds", None, 60),          # 2 s at 30 fps
    ("2", "seconds", "15", 30),          # 2 s at the movie rate 15
    ("0.5", "seconds", "60", 30),
    ("7", "frames", None, 7),
    ("10", "frames", "60", 20),          # 10 input frames last 1/3 s: 20 frames at 60 fps
    ("10", "indices", "60", 10),         # indices count output frames
    ("1", "frames", None, 1),
])
def test_limitlength_exact(frameout, tmp_path, length, unit, fps, expected):
    args = ["movie", "--input", "testpattern", "--input-size", "64x48", "--input-rate", "30", "--videocodec",
            "rle", "--limitlength", "on", "--length", length, "--lengthunit", unit, "--file", "len.mov"]
    if fps:
        args += ["--fps", fps]
    proc = frameout(*args)
    assert_ok(proc)
    assert count_frames(tmp_path / "len.mov") == expected
    rate = video_stream(tmp_path / "len.mov")["r_frame_rate"]
    assert rate == f"{fps or 30}/1"


def test_limitlength_stops_reading_a_longer_file(frameout, rgba8_clip, tmp_path):
    raw, frames, w, h = rgba8_clip
    proc = frameout("movie", *raw_args(raw, "rgba8fixed", w, h), "--videocodec", "rle", "--moviepixelformat",
                    "rgba", "--limitlength", "on", "--length", "4", "--lengthunit", "frames", "--file", "four.mov")
    assert_ok(proc)
    dec = decode(tmp_path / "four.mov")
    assert dec.shape[0] == 4 and np.array_equal(dec, frames[:4])


def test_limitlength_off_reads_everything(frameout, rgba8_clip, tmp_path):
    raw, frames, w, h = rgba8_clip
    proc = frameout("movie", *raw_args(raw, "rgba8fixed", w, h), "--videocodec", "rle", "--limitlength", "off",
                    "--length", "2", "--file", "all.mov")
    assert_ok(proc)
    assert count_frames(tmp_path / "all.mov") == len(frames)


@pytest.fixture
def numbered_clip(tmp_path):
    """30 frames at 30 fps whose red channel encodes the frame number (8 * i)."""
    frames = np.zeros((30, 16, 16, 4), np.uint8)
    frames[..., 0] = (np.arange(30) * 8)[:, None, None]
    frames[..., 3] = 255
    return write_raw(tmp_path / "numbered.raw", frames)


@pytest.mark.parametrize("fps,expected_count", [("15", 15), ("60", 60), ("24", 24), ("25", 25),
                                                ("30000/1001", 30), ("29.97", 30)])
def test_fps_repeats_or_skips_to_keep_time(frameout, numbered_clip, tmp_path, fps, expected_count):
    proc = frameout("movie", *raw_args(numbered_clip, "rgba8fixed", 16, 16), "--videocodec", "rle",
                    "--fps", fps, "--file", "fps.mov")
    assert_ok(proc)
    path = tmp_path / "fps.mov"
    dec = decode(path)
    assert dec.shape[0] == expected_count
    shown = dec[:, 0, 0, 0].astype(int) // 8
    rate = float(eval(fps)) if "/" in fps else float(fps)  # noqa: S307 - literal from the parameter list
    for k, i in enumerate(shown):
        # output frame k (at k / fps seconds) shows the input frame on screen then (or the next one)
        assert abs(i - k * 30.0 / rate) < 1.0 + 1e-9, f"output frame {k} shows input {i}: {list(shown)}"
    assert list(shown) == sorted(shown)
    assert abs(float(ffprobe(path)["format"]["duration"]) - 1.0) < 0.01


def test_starttimecode_mov(frameout, tmp_path):
    proc = frameout(*pattern("--starttimecode", "01:00:00:00"))
    assert_ok(proc)
    streams = ffprobe(tmp_path / "out.mov")["streams"]
    tmcd = [s for s in streams if s.get("codec_tag_string") == "tmcd"]
    assert tmcd, streams
    assert tmcd[0]["tags"]["timecode"] == "01:00:00:00"


def test_starttimecode_mp4(frameout, tmp_path):
    proc = frameout("movie", "--input", "testpattern", "--input-size", "64x48", "--input-rate", "25",
                    "--limitlength", "on", "--length", "3", "--lengthunit", "frames", "--videocodec", "h264",
                    "--starttimecode", "10:20:30:12", "--file", "tc.mp4")
    assert_ok(proc)
    streams = ffprobe(tmp_path / "tc.mp4")["streams"]
    codes = {s.get("tags", {}).get("timecode") for s in streams}
    assert "10:20:30:12" in codes, streams
    assert count_frames(tmp_path / "tc.mp4") == 3


def test_no_timecode_track_by_default(frameout, tmp_path):
    assert_ok(frameout(*pattern()))
    streams = ffprobe(tmp_path / "out.mov")["streams"]
    assert [s["codec_type"] for s in streams] == ["video"]


def record_while_a_file_appears(frameout, tmp_path, *flags):
    """Records 3 frames from a pipe; before the end another program creates take.mov and take1.mov."""
    proc = frameout.popen("movie", *raw_args("-", "rgba8fixed", 64, 48), "--videocodec", "rle",
                          "--progress", "json", "--file", "take.mov", *flags, stdin=subprocess.PIPE)
    reader = StderrReader(proc)
    frame = np.zeros((48, 64, 4), np.uint8).tobytes()
    for _ in range(3):
        proc.stdin.write(frame)
    proc.stdin.flush()
    assert reader.wait_for(lambda p: p.get("frames_read", 0) >= 3), reader.text()
    (tmp_path / "take.mov").write_bytes(b"intruder")
    (tmp_path / "take1.mov").write_bytes(b"intruder1")
    proc.stdin.close()
    code = proc.wait(timeout=30)
    return code, reader.text()


def test_file_appearing_during_recording_is_not_replaced(frameout, tmp_path):
    code, text = record_while_a_file_appears(frameout, tmp_path)
    assert code == EXIT_OUTPUT, text
    assert (tmp_path / "take.mov").read_bytes() == b"intruder"
    assert "take.mov" in text


def test_file_appearing_during_recording_keeps_the_recording(frameout, tmp_path):
    code, text = record_while_a_file_appears(frameout, tmp_path)
    assert code == EXIT_OUTPUT, text
    kept = [p for p in tmp_path.iterdir() if p.name not in ("take.mov", "take1.mov")]
    assert kept, f"the recording is gone although the message says it was kept:\n{text}"
    assert count_frames(kept[0]) == 3


def test_uniquesuff_picks_a_free_name_at_the_end(frameout, tmp_path):
    code, text = record_while_a_file_appears(frameout, tmp_path, "--uniquesuff", "on", "--n", "1")
    assert code == 0, text
    assert (tmp_path / "take1.mov").read_bytes() == b"intruder1"
    assert count_frames(tmp_path / "take2.mov") == 3
    assert leftovers(tmp_path) == []


def test_overwrite_replaces_a_file_appearing_during_recording(frameout, tmp_path):
    code, text = record_while_a_file_appears(frameout, tmp_path, "--overwrite")
    assert code == 0, text
    assert count_frames(tmp_path / "take.mov") == 3
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("rate,expected", [("29.97", "30000/1001"), ("30000/1001", "30000/1001"),
                                           ("24", "24/1"), ("23.976", "24000/1001"), ("59.94", "60000/1001")])
def test_input_rate_forms(frameout, tmp_path, rate, expected):
    proc = frameout(*pattern(rate=rate, frames=4))
    assert_ok(proc)
    st = video_stream(tmp_path / "out.mov", count=True)
    assert st["r_frame_rate"] == expected and int(st["nb_read_frames"]) == 4


@pytest.mark.parametrize("codec,ext", [("h264", "mp4"), ("prores", "mov"), ("mjpa", "mov"), ("hap", "mov")])
def test_limitlength_seconds_exact_for_every_codec(frameout, tmp_path, codec, ext):
    extra = ["--maxbframes", "2"] if codec == "h264" else []
    proc = frameout("movie", "--input", "testpattern", "--input-size", "64x48", "--input-rate", "30",
                    "--videocodec", codec, *extra, "--limitlength", "on", "--length", "2", "--lengthunit",
                    "seconds", "--file", f"two.{ext}")
    assert_ok(proc)
    assert count_frames(tmp_path / f"two.{ext}") == 60
    assert abs(float(ffprobe(tmp_path / f"two.{ext}")["format"]["duration"]) - 2.0) < 0.02


@pytest.mark.parametrize("rate,code,expected", [("29.97", "01:00:00;10", "01:00:00;10"),
                                                ("23.976", "00:59:59:23", "00:59:59:23")])
def test_starttimecode_rates(frameout, tmp_path, rate, code, expected):
    assert_ok(frameout(*pattern("--starttimecode", code, rate=rate)))
    tags = [s.get("tags", {}).get("timecode") for s in ffprobe(tmp_path / "out.mov")["streams"]]
    assert expected in tags, tags


def test_starttimecode_frames_beyond_rate(frameout, tmp_path):
    proc = frameout(*pattern("--starttimecode", "01:00:00:30", rate="24"))
    assert proc.returncode == 2, describe(proc)
    assert "--starttimecode" in proc.stderr
    assert not (tmp_path / "out.mov").exists()
