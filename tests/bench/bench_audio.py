#!/usr/bin/python3
"""frameout vs the ffmpeg CLI and sox: encoding 10 minutes of raw PCM into audio files (issue 4, item 7).

Run it through scripts/bench (bench.py parses the options and calls run() here):

    scripts/bench audio                  the four formats (about 3 minutes on 2 cores)
    scripts/bench --quick audio          2 minutes of audio instead of 10
    scripts/bench --reps 3 audio         3 interleaved runs per program for MP3 and OGG instead of 2
    scripts/bench --no-build audio       without scripts/build first
    tests/bench/bench_audio.py [...]     the same, without scripts/build (this file forwards to bench.py)

Input: 10 minutes of 48 kHz stereo 32-bit float PCM, interleaved little-endian (.f32, 230 MB), deterministic:
a drone, a seeded sequence of plucked notes with harmonics panned between the channels, and seeded noise at
-50 dBFS, peaks below 0.8. Generated once with numpy, cached in build/bench/ and read into the page cache.

The three programs read the same raw file and write the same format with the same settings:

    format            frameout                     ffmpeg                       sox
    WAV 24-bit        --filetype wav --codec pcm24 -c:a pcm_s24le               -b 24 out.wav
    AIFF 16-bit       --filetype aiff --codec pcm16 -c:a pcm_s16be              -b 16 out.aiff
    MP3 320 kb/s      --filetype mp3 --bitrate b320 -c:a libmp3lame -b:a 320k   -C 320 out.mp3
    OGG Vorbis q5     --filetype ogg --ogg-quality 0.5 -c:a libvorbis -q:a 5    -C 5 out.ogg

sox runs with -D (no dither): it dithers by default when it reduces the bit depth (here for AIFF 16-bit), which
neither frameout nor ffmpeg does. Debian's sox reads and writes MP3 only with the separate libsox-fmt-mp3 package
(not installed by scripts/setup); without it `sox -h` lists no mp3 format and the sox MP3 column is N/A.

Runs are interleaved (frameout, ffmpeg, sox, frameout, ...), each after waiting for idle CPUs and with the output
deleted first; the best run counts and disturbed runs are retried as in bench.py. WAV and AIFF runs take well under
a second, so they get at least 5 runs each. Printed: speed in audio seconds per wall second (600 = ten minutes
in one second), the ratios frameout/ffmpeg and frameout/sox against the issue's targets (at least 1.0x for every
format, at least 2x for WAV and AIFF, where no encoder runs and the work is I/O and sample conversion), peak RSS,
CPU time, output sizes and durations (ffprobe), which should agree when the settings match.

A benchmark, not a test: it exits 0 whatever the speed, non-zero only when a command fails.
"""

import math
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench  # noqa: E402  (the shared helpers: waiting for idle CPUs, /usr/bin/time measuring)
from bench import (DISTURBED, CommandFailed, cells, peak_rss_mb, print_aligned, run_measured,  # noqa: E402
                   wait_for_quiet)

RATE, CHANNELS = 48000, 2
FULL_SECONDS, QUICK_SECONDS = 600, 120
PCM_MIN_RUNS = 5  # WAV and AIFF runs are short: more of them for a stable best
GENERATOR_VERSION = 1  # bump when generate_audio changes so the cached input is regenerated


@dataclass
class AudioFormat:
    name: str
    label: str
    ext: str
    frameout: list  # (parameter, value) pairs
    ffmpeg: list  # encoder options after -i
    sox: list  # output options before the output file
    sox_format: str  # the format `sox -h` has to list
    target: float  # issue target for frameout speed / other speed, against each tool
    pcm: bool


FORMATS = [
    AudioFormat("wav-pcm24", "WAV 24-bit", "wav", [("filetype", "wav"), ("codec", "pcm24")],
                ["-c:a", "pcm_s24le"], ["-b", "24"], "wav", 2.0, True),
    AudioFormat("aiff-pcm16", "AIFF 16-bit", "aiff", [("filetype", "aiff"), ("codec", "pcm16")],
                ["-c:a", "pcm_s16be"], ["-b", "16"], "aiff", 2.0, True),
    AudioFormat("mp3-320", "MP3 320 kb/s", "mp3", [("filetype", "mp3"), ("bitrate", "b320")],
                ["-c:a", "libmp3lame", "-b:a", "320k"], ["-C", "320"], "mp3", 1.0, False),
    AudioFormat("ogg-q5", "OGG Vorbis q 0.5 (-q 5)", "ogg", [("filetype", "ogg"), ("ogg-quality", "0.5")],
                ["-c:a", "libvorbis", "-q:a", "5"], ["-C", "5"], "ogg", 1.0, False),
]
TOOLS = ("frameout", "ffmpeg", "sox")


# --------------------------------------------------------------------------------------------------------------
# Input.
# --------------------------------------------------------------------------------------------------------------

def audio_chunks(seconds):
    """The bench audio as raw f32 PCM, 10 seconds at a time."""
    import numpy as np

    note_len = RATE // 4  # a new note every 250 ms
    scale = [220.0 * 2 ** (s / 12) for s in (0, 2, 4, 7, 9, 12, 14, 16, 19, 21, 24)]  # pentatonic, 2 octaves
    rng = np.random.default_rng(4)
    t_note = np.arange(note_len, dtype=np.float64) / RATE
    envelope = np.minimum(t_note / 0.005, 1.0) * np.exp(-t_note / 0.12)  # 5 ms attack, plucked decay
    chunk_notes = 40  # 10 s per chunk
    total_notes = seconds * 4
    for first in range(0, total_notes, chunk_notes):
        notes = min(chunk_notes, total_notes - first)
        n = notes * note_len
        t = (first * note_len + np.arange(n, dtype=np.float64)) / RATE
        # A drone with slow vibrato and tremolo, slightly different in each channel.
        drone = 0.18 * np.sin(2 * math.pi * 110 * t + 0.8 * np.sin(2 * math.pi * 0.3 * t))
        drone *= 0.8 + 0.2 * np.sin(2 * math.pi * 0.07 * t)
        left, right = drone.copy(), 0.9 * drone
        for k in range(notes):
            freq = scale[rng.integers(len(scale))]
            pan = rng.uniform(0.2, 0.8)
            tone = sum(np.sin(2 * math.pi * freq * h * t_note) / h ** 1.5 for h in range(1, 6))
            tone *= 0.25 * envelope
            a, b = k * note_len, (k + 1) * note_len
            left[a:b] += (1 - pan) * tone
            right[a:b] += pan * tone
        out = np.empty((n, CHANNELS), np.float32)
        out[:, 0], out[:, 1] = left, right
        out += rng.standard_normal((n, CHANNELS), dtype=np.float32) * np.float32(10 ** (-50 / 20))
        np.clip(out, -0.8, 0.8, out=out)
        yield out.astype("<f4").tobytes()


def ensure_audio(bench_dir, seconds):
    return bench.cached_input(bench_dir / f"audio-{RATE}hz-{CHANNELS}ch-{seconds}s-v{GENERATOR_VERSION}.f32",
                              seconds * RATE * CHANNELS * 4, audio_chunks(seconds),
                              f"{seconds} s of {RATE} Hz {CHANNELS}-channel f32 PCM")


# --------------------------------------------------------------------------------------------------------------
# Commands and measuring.
# --------------------------------------------------------------------------------------------------------------

def sox_formats():
    """The file formats `sox -h` lists (empty when sox is missing)."""
    try:
        text = subprocess.run(["sox", "-h"], capture_output=True, text=True).stdout
    except OSError:
        return set()
    for line in text.splitlines():
        if line.startswith("AUDIO FILE FORMATS:"):
            return set(line.split(":", 1)[1].split())
    return set()


def commands(fmt, raw, out_dir, frameout, sox_ok):
    """{tool: (argv, output path)}; a tool that cannot write the format is left out."""
    out = {}
    path = out_dir / f"frameout.{fmt.ext}"
    argv = [frameout, "audio", "--input", str(raw), "--audio-format", "f32", "--audio-rate", str(RATE),
            "--audio-channels", str(CHANNELS)]
    for name, value in [*fmt.frameout, ("file", str(path)), ("overwrite", "on"), ("progress", "none")]:
        argv += [f"--{name}", value]
    out["frameout"] = (argv + ["-q"], path)
    path = out_dir / f"ffmpeg.{fmt.ext}"
    out["ffmpeg"] = (["ffmpeg", "-nostdin", "-y", "-v", "error", "-f", "f32le", "-ar", str(RATE), "-ac",
                      str(CHANNELS), "-i", str(raw), *fmt.ffmpeg, str(path)], path)
    if sox_ok:
        path = out_dir / f"sox.{fmt.ext}"
        out["sox"] = (["sox", "-D", "-t", "f32", "-r", str(RATE), "-c", str(CHANNELS), str(raw), *fmt.sox,
                       str(path)], path)
    return out


def probe(path):
    """(codec name, duration in seconds) of the first audio stream, from ffprobe."""
    text = subprocess.run(["ffprobe", "-v", "error", "-select_streams", "a:0", "-show_entries",
                           "stream=codec_name:format=duration", "-of", "default=nw=1", str(path)],
                          capture_output=True, text=True, check=True).stdout
    values = dict(line.split("=", 1) for line in text.splitlines() if "=" in line)
    return values.get("codec_name", "?"), float(values.get("duration", "nan"))


@dataclass
class Result:
    runs: list = field(default_factory=list)
    size: int = 0
    codec: str = ""
    duration: float = 0.0

    def best(self):
        return min(self.runs, key=lambda m: m.wall)


@dataclass
class Row:
    fmt: AudioFormat
    seconds: int
    results: dict  # tool -> Result; tools that cannot write the format are missing

    def speed(self, tool):
        r = self.results.get(tool)
        return self.seconds / r.best().wall if r else None


def bench_format(fmt, raw, seconds, reps, frameout, work_dir, sox_ok):
    out_dir = work_dir / "out"
    out_dir.mkdir(parents=True, exist_ok=True)
    cmds = commands(fmt, raw, out_dir, frameout, sox_ok)
    print(f"\n== {fmt.name}: {fmt.label}", file=sys.stderr)
    for tool, (argv, _) in cmds.items():
        print(f"   {tool}: {' '.join(Path(a).name if a == frameout else a for a in argv)}", file=sys.stderr)
    if not sox_ok:
        print(f"   sox: N/A, `sox -h` lists no {fmt.sox_format} format (Debian: libsox-fmt-mp3)", file=sys.stderr)
    results = {tool: Result() for tool in cmds}
    runs = max(reps, PCM_MIN_RUNS) if fmt.pcm else reps
    for rep in range(2 * runs):
        if rep >= runs and not any(r.best().other > DISTURBED for r in results.values()):
            break
        line = []
        for tool, (argv, path) in cmds.items():
            path.unlink(missing_ok=True)
            wait_for_quiet()
            m = run_measured(argv, work_dir)
            results[tool].runs.append(m)
            line.append(f"{tool} {seconds / m.wall:6.1f}x {m.rss_kb / 1024:4.0f} MB ({m.other:3.0%})")
        print(f"   run {rep + 1}: " + "   ".join(line), file=sys.stderr)
    for tool, (argv, path) in cmds.items():
        r = results[tool]
        r.size = path.stat().st_size
        r.codec, r.duration = probe(path)
        path.unlink()
        if not abs(r.duration - seconds) < 0.2:
            raise CommandFailed(f"{tool} {fmt.name}: output lasts {r.duration} s instead of {seconds} s")
    return Row(fmt, seconds, results)


def versions(root):
    def first_line(argv):
        try:
            return (subprocess.run(argv, capture_output=True, text=True).stdout.strip().splitlines() or ["?"])[0]
        except OSError:
            return "not installed"
    return f"{bench.versions(root)}, {first_line(['sox', '--version']).replace('sox:', '').strip()}"


def print_tables(rows, reps, version_line):
    print(f"\n{version_line}")
    print(f"audio: {rows[0].seconds} s of {RATE} Hz {CHANNELS}-channel f32 PCM in, best of {reps} (WAV/AIFF: "
          f"{max(reps, PCM_MIN_RUNS)}) or more interleaved runs each; speed = audio seconds per wall second; "
          f"ratios = frameout speed / the other's; verdict: PASS when both ratios reach the target")

    def fmt(v, spec=".1f", suffix=""):
        return "N/A" if v is None else format(v, spec) + suffix

    header = ("format", "frameout x", "ffmpeg x", "sox x", "fo/ffmpeg", "fo/sox", "target", "verdict")
    table, notes = [header], []
    for r in rows:
        fo = r.speed("frameout")
        ratios = [fo / s if s else None for s in (r.speed("ffmpeg"), r.speed("sox"))]
        checks = [ratio >= r.fmt.target for ratio in ratios if ratio is not None]
        verdict = "PASS" if all(checks) else "BELOW TARGET"
        table.append((r.fmt.label, fmt(fo), fmt(r.speed("ffmpeg")), fmt(r.speed("sox")),
                      fmt(ratios[0], ".3f", "x"), fmt(ratios[1], ".3f", "x"), f">={r.fmt.target:.1f}x", verdict))
        if "sox" not in r.results:
            notes.append(f"{r.fmt.label}: sox N/A, its build lists no {r.fmt.sox_format} format "
                         "(Debian's libsox-fmt-mp3 adds it); that ratio is not checked")
        for tool, res in r.results.items():
            if res.best().other > DISTURBED:
                notes.append(f"{r.fmt.label}: other processes took {res.best().other:.0%} of the CPU during the "
                             f"best {tool} run: unreliable, rerun on a quiet machine or with more --reps")
        sizes = [res.size for res in r.results.values()]
        if max(sizes) > 1.1 * min(sizes):
            notes.append(f"{r.fmt.label}: output sizes differ by more than 10% "
                         f"({', '.join(f'{t} {res.size}' for t, res in r.results.items())} bytes)")
    print_aligned(table)

    mb = 1024 * 1024
    print("\npeak RSS (MB), CPU seconds (user+sys of the best run), output size (MB) and duration (s, ffprobe)")
    header = ("format", *(f"{t} RSS" for t in TOOLS), *(f"{t} CPU" for t in TOOLS), *(f"{t} MB" for t in TOOLS),
              *(f"{t} s" for t in TOOLS))
    table = [header]
    for r in rows:
        res = [r.results.get(t) for t in TOOLS]
        table.append((r.fmt.label,
                      *cells(res, peak_rss_mb, ".1f"), *cells(res, lambda x: x.best().cpu, ".2f"),
                      *cells(res, lambda x: x.size / mb, ".1f"), *cells(res, lambda x: x.duration, ".3f")))
    print_aligned(table)
    for note in notes:
        print(f"NOTE: {note}")


def run(args, frameout, work_dir, bench_dir, root):
    """Called by bench.py for `scripts/bench audio`."""
    formats = sox_formats()
    if not formats:
        print("bench: sox is not installed (scripts/setup installs Debian's sox); its columns stay N/A",
              file=sys.stderr)
    seconds = QUICK_SECONDS if args.quick else FULL_SECONDS
    raw = ensure_audio(bench_dir, seconds)
    rows = [bench_format(f, raw, seconds, args.reps, str(frameout.binary), work_dir, f.sox_format in formats)
            for f in FORMATS]
    print_tables(rows, args.reps, versions(root))


if __name__ == "__main__":
    sys.exit(bench.main(["audio", *sys.argv[1:]]))
