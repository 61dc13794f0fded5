"""One table of bad inputs and environments: flags, menu tokens, numbers, JSON jobs, corrupt and truncated files
of every readable type, folders that cannot take the output, a full disk, closed stdin, a FIFO without a writer,
names too long or not UTF-8. Each row gives the contract's exit code and words the message must hold (the file
or the parameter); every row also checks that nothing is at the final name and no temporary file is left."""

import json
import os
import signal
import struct
import subprocess
from dataclasses import dataclass
from typing import Callable, Optional

import pytest

from support import (EXIT_INPUT, EXIT_OUTPUT, EXIT_SIGTERM, EXIT_USAGE, FFMPEG, assert_no_output, describe,
                     leftovers)

OUT = "out.mov"
# A short, valid movie job: each row changes one thing about it.
MOVIE = ["movie", "--input", "testpattern", "--input-size", "64x48", "--limitlength", "on", "--length", "2",
         "--lengthunit", "frames", "--videocodec", "rle", "--progress", "none"]
RAW = ["--input-format", "rgba8fixed", "--input-size", "64x48", "--input-rate", "30"]


@dataclass
class Row:
    id: str
    args: list                     # after the binary; "{tmp}" is replaced by the test folder
    code: int
    words: list                    # each must be in stderr ("{tmp}" replaced too)
    output: Optional[str] = OUT    # the final name that must not exist afterwards (None: the row occupies it)
    setup: Optional[Callable] = None  # setup(tmp) prepares files; may return a reason to skip
    stdin: object = None           # None: /dev/null; bytes: piped in; "closed": no descriptor 0 at all
    stop_after: Optional[float] = None  # send SIGTERM after this many seconds (a run that waits by design)


def movie(*extra, file=OUT):
    return [*MOVIE, "--file", file, *extra]


def decoded(source, *extra, file=OUT):
    """A movie job decoding `source` (a media file, an image or a sequence)."""
    return ["movie", "--input", source, "--videocodec", "rle", "--progress", "none", "--file", file, *extra]


# --------------------------------------------------------------------------------------------------------------
# Files the rows read


def ffmpeg_image(tmp, name, *codec):
    subprocess.run([FFMPEG, "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=32x24", "-frames:v", "1",
                    *codec, str(tmp / name)], check=True)
    return (tmp / name).read_bytes()


IMAGE_CODECS = {
    "exr": ["-c:v", "exr", "-pix_fmt", "gbrpf32le", "-compression", "none"],
    "png": [], "tif": [], "jpg": [], "bmp": [],
}


def truncated_image(ext):
    def setup(tmp):
        data = ffmpeg_image(tmp, f"whole.{ext}", *IMAGE_CODECS[ext])
        (tmp / f"cut.{ext}").write_bytes(data[:len(data) // 3])
    return setup


def garbage(name, data=b"\x13\x37" * 300):
    def setup(tmp):
        (tmp / name).write_bytes(data)
    return setup


def dds_truncated(tmp):
    # A 32x24 RGBA8 DDS (legacy header: 128 bytes, then the pixels) with a third of its pixels.
    header = b"DDS " + struct.pack("<7I", 124, 0x100F, 24, 32, 32 * 4, 0, 1) + b"\0" * 44
    pixel_format = struct.pack("<II4sIIIII", 32, 0x41, b"\0\0\0\0", 32, 0xFF, 0xFF00, 0xFF0000, 0xFF000000)
    caps = struct.pack("<5I", 0x1000, 0, 0, 0, 0)
    (tmp / "cut.dds").write_bytes(header + pixel_format + caps + b"\x80" * (32 * 24 * 4 // 3))


def truncated_movie(tmp):
    subprocess.run([FFMPEG, "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=64x48:rate=30", "-t", "1",
                    "-c:v", "mpeg4", str(tmp / "whole.mp4")], check=True)
    data = (tmp / "whole.mp4").read_bytes()
    (tmp / "cut.mp4").write_bytes(data[:200])


def job(content):
    def setup(tmp):
        (tmp / "job.json").write_text(content if isinstance(content, str) else json.dumps(content))
    return setup


def base_job(**changes):
    entry = {"type": "movie", "input": "testpattern", "input-size": "64x48", "limitlength": True, "length": 2,
             "lengthunit": "frames", "videocodec": "rle", "progress": "none", "file": OUT}
    entry.update(changes)
    return job(entry)


def sequence_on_disk(tmp):
    (tmp / "seq").mkdir()
    for n in (1, 2, 3):
        ffmpeg_image(tmp / "seq", f"s.{n:04d}.png")


MOUNTS = []  # tmpfs mounts made by the rows, undone after each test


def mount_tmpfs(tmp, name, options):
    folder = tmp / name
    folder.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)], capture_output=True)
    if done.returncode != 0:
        return f"cannot mount a tmpfs here: {done.stderr.decode().strip()}"
    MOUNTS.append(folder)
    return None


def read_only_folder(tmp):
    return mount_tmpfs(tmp, "ro", "ro,size=64k")


def full_disk(tmp):
    reason = mount_tmpfs(tmp, "full", "size=64k")
    if reason is None:  # fill what is left, so the first write already fails
        with open(tmp / "full" / "filler", "wb") as f:
            try:
                f.write(b"\0" * (1 << 20))
            except OSError:
                pass
    return reason


def small_disk(tmp):
    return mount_tmpfs(tmp, "small", "size=48k")


def fifo(tmp):
    os.mkfifo(tmp / "frames.fifo")


def folder_in_the_way(tmp):
    (tmp / OUT).mkdir()


def dangling_link(tmp):
    os.symlink(tmp / "nowhere" / "target.mov", tmp / OUT)


def link_to_file(tmp):
    (tmp / "precious.mov").write_bytes(b"keep me")
    os.symlink(tmp / "precious.mov", tmp / OUT)


def file_as_folder(tmp):
    (tmp / "plain").write_bytes(b"not a folder")


def raw_file(size):
    def setup(tmp):
        (tmp / "frames.raw").write_bytes(b"\x40" * size)
    return setup


LONG = "n" * 300 + ".mov"
NOT_UTF8 = b"caf\xe9-missing.mov"


ROWS = [
    # --- flags and commands ---------------------------------------------------------------------------------
    Row("unknown-flag", movie("--videocodex", "h264"), EXIT_USAGE, ["--videocodex"]),
    Row("unknown-command", ["moive", "--file", OUT], EXIT_USAGE, ["moive", "did you mean movie"]),
    Row("flag-without-value", [*MOVIE, "--file", OUT, "--videocodec"], EXIT_USAGE, ["--videocodec"]),
    Row("toggle-not-a-toggle", movie("--overwrite", "maybe"), EXIT_USAGE, ["--overwrite", "maybe"]),
    Row("no-file", MOVIE, EXIT_USAGE, ["--file"]),
    Row("raw-stdin-without-format", ["movie", "--input", "-", "--input-size", "64x48", "--file", OUT], EXIT_USAGE,
        ["--input-format"], stdin=b"\0" * 100),
    Row("raw-without-size", ["movie", "--input", "frames.raw", "--input-format", "rgba8fixed", "--file", OUT],
        EXIT_USAGE, ["--input-size"], setup=raw_file(64 * 48 * 4)),
    Row("audiochop-on-a-still", movie("--type", "image", "--audiochop", "tone", file="still.png"), EXIT_USAGE,
        ["--audiochop"], output="still.png"),
    # --- menu tokens ----------------------------------------------------------------------------------------
    Row("codec-token", movie("--videocodec", "h263"), EXIT_USAGE, ["--videocodec", "h263"]),
    Row("codec-type-token", movie("--videocodec", "prores", "--videocodectype", "9999"), EXIT_USAGE,
        ["--videocodectype", "9999"]),
    Row("pixel-format-token", movie("--moviepixelformat", "yuv999"), EXIT_USAGE, ["--moviepixelformat", "yuv999"]),
    Row("image-type-token", movie("--type", "image", "--imagefiletype", "gifx", file="still.png"), EXIT_USAGE,
        ["--imagefiletype", "gifx"], output="still.png"),
    Row("container-token", movie("--moviecontainer", "avi"), EXIT_USAGE, ["--moviecontainer", "avi"]),
    Row("length-unit-token", movie("--lengthunit", "hours"), EXIT_USAGE, ["--lengthunit", "hours"]),
    Row("progress-token", movie("--progress", "loud"), EXIT_USAGE, ["--progress", "loud"]),
    Row("type-token", movie("--type", "film"), EXIT_USAGE, ["--type", "film"]),
    Row("codec-in-wrong-container", movie("--videocodec", "prores", file="out.mp4"), EXIT_USAGE, ["prores", "mp4"],
        output="out.mp4"),
    Row("gif-faster-than-its-clock", movie("--videocodec", "gif", "--fps", "120", file="out.gif"), EXIT_USAGE,
        ["--fps", "out.gif", "100"], output="out.gif"),
    # --- numbers --------------------------------------------------------------------------------------------
    Row("quality-nan", movie("--quality", "nan"), EXIT_USAGE, ["--quality"]),
    Row("quality-inf", movie("--quality", "inf"), EXIT_USAGE, ["--quality"]),
    Row("length-nan", movie("--length", "nan"), EXIT_USAGE, ["--length"]),
    Row("length-negative", movie("--length", "-3"), EXIT_USAGE, ["--length"]),
    Row("input-rate-nan", ["movie", "--input", "frames.raw", *RAW[:4], "--input-rate", "nan", "--file", OUT],
        EXIT_USAGE, ["--input-rate"], setup=raw_file(64 * 48 * 4)),
    Row("input-size-zero", movie("--input-size", "0x0"), EXIT_USAGE, ["--input-size"]),
    Row("input-size-half", movie("--input-size", "64x"), EXIT_USAGE, ["--input-size"]),
    Row("n-too-large", movie("--n", "99999999999999999999", file="take_###.mov"), EXIT_USAGE, ["--n"],
        output="take_###.mov"),
    Row("leading-zeros-99", movie("--type", "imagesequence", "--leadingzerosdigits", "99", file="s.png"),
        EXIT_USAGE, ["--leadingzerosdigits"], output="s0.png"),
    Row("maxthread-0", movie("--type", "imagesequence", "--maxthread", "0", file="s.png"), EXIT_USAGE,
        ["--maxthread"], output="s0.png"),
    Row("keyframe-interval-0", movie("--videocodec", "h264", "--keyframeinterval", "0", file="out.mp4"), EXIT_USAGE,
        ["--keyframeinterval"], output="out.mp4"),
    Row("frames-reversed", ["movie", "--input", "seq/s.####.png", "--frames", "3-1", "--videocodec", "rle",
                            "--file", OUT], EXIT_USAGE, ["--frames", "3-1"], setup=sequence_on_disk),
    Row("frames-not-a-range", ["movie", "--input", "seq/s.####.png", "--frames", "one-three", "--videocodec", "rle",
                               "--file", OUT], EXIT_USAGE, ["--frames", "one-three"], setup=sequence_on_disk),
    Row("audio-duration-nan", ["audio", "--input", "tone", "--duration", "nan", "--file", "out.wav"], EXIT_USAGE,
        ["--duration"], output="out.wav"),
    Row("frame-negative", movie("--type", "image", "--frame", "-1", file="still.png"), EXIT_USAGE, ["--frame"],
        output="still.png"),
    Row("size-too-large-for-libav", movie("--input-size", "16384x16384"), EXIT_USAGE, ["16384x16384", "--videocodec"]),
    # --- JSON jobs ------------------------------------------------------------------------------------------
    Row("json-not-json", ["run", "job.json"], EXIT_USAGE, ["job.json"], setup=job("{ this is not json")),
    Row("json-unknown-key", ["run", "job.json"], EXIT_USAGE, ["videocodex"], setup=base_job(videocodex="h264")),
    Row("json-object-value", ["run", "job.json"], EXIT_USAGE, ['job file "job.json": key "videocodec"'],
        setup=base_job(videocodec={"a": 1})),
    Row("json-number-too-large", ["run", "job.json"], EXIT_USAGE, ["job.json"],
        setup=job('{"type": "movie", "input": "testpattern", "length": 1e999, "file": "out.mov"}')),
    Row("json-nan-value", ["run", "job.json"], EXIT_USAGE, ["quality"], setup=base_job(quality="nan")),
    Row("json-missing-job", ["run", "missing.json"], EXIT_USAGE, ["missing.json"]),
    Row("json-job-is-a-folder", ["run", "{tmp}"], EXIT_USAGE, ["{tmp}"]),
    Row("json-empty-jobs", ["run", "job.json"], EXIT_USAGE, ["job.json"], setup=job({"jobs": []})),
    Row("json-set-without-value", ["run", "job.json", "--set", "quality"], EXIT_USAGE, ["--set", "quality"],
        setup=base_job()),
    # --- corrupt and truncated inputs of every readable type -----------------------------------------------
    *[Row(f"truncated-{ext}", decoded(f"cut.{ext}"), EXIT_INPUT, [f"cut.{ext}"],
          setup=truncated_image(ext)) for ext in ("exr", "png", "tif", "jpg", "bmp")],
    Row("truncated-dds", decoded("cut.dds"), EXIT_INPUT, ["cut.dds"], setup=dds_truncated),
    *[Row(f"garbage-{ext}", decoded(f"junk.{ext}"), EXIT_INPUT, [f"junk.{ext}"],
          setup=garbage(f"junk.{ext}")) for ext in ("exr", "png", "tif", "jpg", "bmp", "dds", "mov")],
    Row("empty-png", decoded("empty.png"), EXIT_INPUT, ["empty.png"], setup=garbage("empty.png", b"")),
    Row("truncated-mp4", decoded("cut.mp4"), EXIT_INPUT, ["cut.mp4"], setup=truncated_movie),
    Row("raw-shorter-than-a-frame", ["movie", "--input", "frames.raw", *RAW, "--file", OUT], EXIT_INPUT,
        ["frames.raw"], setup=raw_file(1000)),
    Row("raw-empty", ["movie", "--input", "frames.raw", *RAW, "--file", OUT], EXIT_INPUT, ["frames.raw"],
        setup=raw_file(0)),
    Row("missing-input", decoded("nothing-here.mov"), EXIT_INPUT, ["nothing-here.mov"]),
    Row("sequence-with-no-files", decoded("none/s.####.exr"), EXIT_INPUT, ["none/s.####.exr"]),
    Row("missing-audiochop", movie("--audiochop", "nothing.wav"), EXIT_INPUT, ["nothing.wav"]),
    Row("missing-headerdat", movie("--type", "image", "--imagefiletype", "exr", "--headerdat", "nothing.tsv",
                                   file="still.exr"), EXIT_USAGE, ["nothing.tsv", "--headerdat"],
        output="still.exr"),
    Row("input-is-a-folder", decoded("{tmp}"), EXIT_INPUT, ["{tmp}"]),
    Row("not-utf8-input-name", decoded(NOT_UTF8), EXIT_INPUT, ["caf\\xe9-missing.mov"]),
    # --- environments: stdin, FIFO, folders, names, disk ----------------------------------------------------
    Row("closed-stdin", ["movie", "--input", "-", *RAW, "--file", OUT], EXIT_INPUT, ["stdin", "--input"],
        stdin="closed"),
    Row("empty-stdin", ["movie", "--input", "-", *RAW, "--file", OUT], EXIT_INPUT, ["stdin"], stdin=b""),
    Row("fifo-without-writer", ["movie", "--input", "frames.fifo", *RAW, "--file", OUT], EXIT_SIGTERM, [],
        setup=fifo, stop_after=2.0),
    # The name is taken on purpose in these three: what was there must be untouched (checked below).
    Row("folder-at-output-name", movie(), EXIT_OUTPUT, [OUT, "folder"], setup=folder_in_the_way, output=None),
    Row("dangling-link-at-output-name", movie(), EXIT_OUTPUT, [OUT, "exists"], setup=dangling_link, output=None),
    Row("link-to-file-at-output-name", movie(), EXIT_OUTPUT, [OUT, "exists"], setup=link_to_file, output=None),
    Row("output-under-a-file", movie(file="plain/out.mov"), EXIT_OUTPUT, ["plain/out.mov"], setup=file_as_folder,
        output="plain/out.mov"),
    Row("read-only-folder", movie(file="ro/out.mov"), EXIT_OUTPUT, ["ro/out.mov", "Read-only"], setup=read_only_folder,
        output="ro/out.mov"),
    Row("full-disk-movie", movie(file="full/out.mov"), EXIT_OUTPUT, ["full/out.mov"], setup=full_disk,
        output="full/out.mov"),
    Row("full-disk-sequence", movie("--type", "imagesequence", "--imagefiletype", "tiff", "--tiff-compression",
                                    "none", "--maxthread", "1", file="full/s.####.tif"),
        EXIT_OUTPUT, ["full/s.0000.tif: "], setup=full_disk, output="full/s.0000.tif"),
    Row("full-disk-wav", ["audio", "--input", "tone", "--duration", "5", "--file", "small/out.wav"], EXIT_OUTPUT,
        ["small/out.wav"], setup=small_disk, output="small/out.wav"),
    Row("full-disk-report", [*movie(file="out.mov"), "--report", "full/report.json"], EXIT_OUTPUT,
        ["full/report.json"], setup=full_disk, output="full/report.json"),
    Row("report-is-a-folder", movie("--report", "{tmp}"), EXIT_OUTPUT, ["--report"], output="nothing"),
    Row("not-utf8-output-name", movie(file=b"plain/caf\xe9.mov"), EXIT_OUTPUT, ["plain/caf\\xe9.mov"],
        setup=file_as_folder, output=None),
    Row("name-too-long", movie(file=LONG), EXIT_OUTPUT, ["--file"], output="n" * 10),
    Row("folder-name-too-long", movie(file="d" * 300 + "/out.mov"), EXIT_OUTPUT, ["--file"], output="d" * 10),
]


def substitute(value, tmp):
    if isinstance(value, bytes):
        return value
    return str(value).replace("{tmp}", str(tmp))


@pytest.fixture(autouse=True)
def unmount_after():
    yield
    while MOUNTS:
        subprocess.run(["umount", "-l", str(MOUNTS.pop())], capture_output=True)


def test_the_table_has_at_least_sixty_rows():
    assert len(ROWS) >= 60
    assert len({row.id for row in ROWS}) == len(ROWS), "row ids must be unique"


@pytest.mark.parametrize("row", ROWS, ids=[row.id for row in ROWS])
def test_bad_input(frameout, tmp_path, row):
    if row.setup:
        reason = row.setup(tmp_path)
        if reason:
            pytest.skip(reason)
    cmd = [str(frameout.binary)] + [substitute(a, tmp_path) for a in row.args]
    stdin = subprocess.DEVNULL
    if isinstance(row.stdin, bytes):
        stdin = subprocess.PIPE
    proc = subprocess.Popen(cmd, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            stdin=stdin,
                            # "closed": the descriptor is closed in the child, as `frameout <&-` does
                            preexec_fn=(lambda: os.close(0)) if row.stdin == "closed" else None)
    try:
        if row.stop_after is not None:
            try:
                proc.wait(timeout=row.stop_after)
            except subprocess.TimeoutExpired:
                proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(input=row.stdin if isinstance(row.stdin, bytes) else None, timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    proc.stderr, proc.cmd = err.decode("utf-8", "replace"), [str(c) for c in cmd]
    assert proc.returncode == row.code, describe(proc)
    assert "terminate called" not in proc.stderr, describe(proc)
    for word in row.words:
        assert substitute(word, tmp_path) in proc.stderr, f"{word!r} not in the message\n{describe(proc)}"
    if row.output is not None:
        final = tmp_path / row.output
        assert_no_output(final.parent, final.name)
    assert leftovers(tmp_path) == [], leftovers(tmp_path)
    taken = tmp_path / OUT
    if row.id == "folder-at-output-name":
        assert taken.is_dir() and not any(taken.iterdir())
    if row.id == "dangling-link-at-output-name":
        assert taken.is_symlink() and not taken.exists()
    if row.id == "link-to-file-at-output-name":
        assert taken.is_symlink() and (tmp_path / "precious.mov").read_bytes() == b"keep me"
