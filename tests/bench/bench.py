#!/usr/bin/python3
"""frameout vs the ffmpeg CLI: encode speed, peak memory and output size per codec (issue item 12).

Run it through scripts/bench, which builds frameout first. Usage:

    scripts/bench                       every codec, full input (72 frames of 1080p), 2+ runs each
    scripts/bench --quick               24 frames instead of 72
    scripts/bench prores h264           only these codecs (prores = prores-hq and prores-4444)
    scripts/bench memory                frameout's peak memory: 100 vs 10,000 frames
    scripts/bench all                   every codec, the memory check, then images and audio
    scripts/bench images                image sequences vs ffmpeg and oiiotool (bench_images.py)
    scripts/bench audio                 audio files vs ffmpeg and sox (bench_audio.py)
    scripts/bench --reps 3 mjpa memory  codecs and the memory check can be combined
    scripts/bench --no-build ...        skip scripts/build (handled by scripts/bench itself)

For every codec, frameout and ffmpeg encode the same raw RGBA file with the same encoder settings, interleaved
(frameout, ffmpeg, frameout, ffmpeg, ...); the best run of each counts. Each run waits for the CPUs to be
idle first, runs that other processes slowed anyway are flagged and retried. It prints frames per second, the ratio
frameout/ffmpeg against the issue's targets, peak RSS (from /usr/bin/time), CPU time and the size of both
outputs, which should be close when the settings match. A benchmark, not a test: it exits 0 whatever the speed,
and non-zero only when a command fails.
"""

import argparse
import importlib
import math
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

WIDTH, HEIGHT, RATE = 1920, 1080, 30
FULL_FRAMES, QUICK_FRAMES = 72, 24  # 72 frames of 1080p RGBA is 597 MB, kept in the page cache
GENERATOR_VERSION = 1  # bump when make_frame changes so cached inputs are regenerated
TIME_BIN = "/usr/bin/time"  # Debian package `time`
DISTURBED = 0.10  # a run during which other processes used more than this share of the CPU is flagged


# --------------------------------------------------------------------------------------------------------------
# Codecs: the frameout parameters and the ffmpeg options that mean the same encoder settings.
# frameout's mapping lives in lib/formats/encoder_settings.cpp and video_codecs.cpp: quality 0.8 gives libx264
# crf 13 (preset medium, bf 0, keyint 30) and MJPEG qscale 7 (qmin 1); ProRes is prores_ks with vendor apl0;
# Animation is qtrle on ARGB; Hap is the hap encoder fed RGBA with snappy as the second stage.
#
# Colour conversion. frameout converts RGBA to Y'CbCr itself, without resizing: BT.709 limited range for ProRes
# and H.264, the JPEG matrix (BT.601) at full range for Motion JPEG, chroma as the mean of each 2x1 (4:2:2) or
# 2x2 (4:2:0) block. Left alone, the ffmpeg CLI (5.1) inserts a swscale conversion with the BT.601 matrix and
# bicubic chroma filtering. The explicit `-vf scale=flags=area:out_color_matrix=...:out_range=...` adds no stage:
# it takes the place of the scale filter the CLI would insert (one sws_scale call per frame either way) and only
# picks the coefficients and the chroma filter. Checked both ways on this machine (runs without other load):
#   - cost: converting 72 frames alone (`-f null`) takes 0.5 s either way (BT.601 or BT.709, bicubic or area),
#     under 2% of the fastest encode; ProRes HQ 4.7 vs 4.7 fps, ProRes 4444 3.8 vs 3.9 fps with and without.
#   - equivalence: only with the explicit matrix do both programs code the same samples (ProRes HQ: identical
#     planes with it, 35 dB PSNR without). The chroma filter only matters for 4:2:0: with bicubic x264 gets
#     smoother chroma and writes 2.5% less than frameout (8.56 vs 8.74 MB for 24 frames, and spends less CPU),
#     with area 8.77 vs 8.74 MB; for 4:2:2 and 4:4:4 the two flags give identical output.
# So the explicit filter is the fair equivalent and the default; --ffmpeg-auto-scale runs ffmpeg without it
# (BT.601, bicubic). The setparams filter only tags ffmpeg's frames like frameout's (metadata, no pixel work;
# 5.1's scale filter does not, and the encoder's -colorspace options are ignored), so both files also decode to
# the same pictures. Animation (RGBA to ARGB) and Hap (RGBA in) have no matrix and get no filter.
# --------------------------------------------------------------------------------------------------------------


@dataclass
class Codec:
    name: str
    label: str
    ext: str
    frameout: list  # (parameter, value) pairs
    ffmpeg: list  # encoder options after -i
    matrix: tuple | None  # (out_color_matrix, out_range) for the ffmpeg scale filter, None when RGB out
    target: float  # issue target for frameout fps / ffmpeg fps


CODECS = [
    Codec("prores-hq", "ProRes 422 HQ", "mov",
          [("videocodec", "prores"), ("videocodectype", "hq")],
          ["-c:v", "prores_ks", "-profile:v", "hq", "-vendor", "apl0", "-pix_fmt", "yuv422p10le"],
          ("bt709", "tv"), 1.0),
    Codec("prores-4444", "ProRes 4444 + alpha", "mov",
          [("videocodec", "prores"), ("videocodectype", "4444"), ("moviepixelformat", "rgba")],
          ["-c:v", "prores_ks", "-profile:v", "4444", "-vendor", "apl0", "-pix_fmt", "yuva444p10le"],
          ("bt709", "tv"), 1.0),
    Codec("h264", "H.264 libx264 crf 13", "mp4",
          [("videocodec", "h264")],
          ["-c:v", "libx264", "-preset", "medium", "-crf", "13", "-bf", "0", "-g", "30", "-pix_fmt", "yuv420p"],
          ("bt709", "tv"), 1.0),
    Codec("mjpa", "Motion JPEG 4:2:2 q7", "mov",
          [("videocodec", "mjpa")],
          ["-c:v", "mjpeg", "-q:v", "7", "-qmin", "1", "-pix_fmt", "yuvj422p"],
          ("bt601", "pc"), 1.3),
    Codec("rle", "Animation (qtrle) ARGB", "mov",
          [("videocodec", "rle")],
          ["-c:v", "qtrle", "-pix_fmt", "argb", "-g", "30"],
          None, 1.3),
    Codec("hap", "Hap (snappy)", "mov",
          [("videocodec", "hap"), ("videocodectype", "hap")],
          ["-c:v", "hap", "-format", "hap", "-compressor", "snappy"],
          None, 1.3),
    Codec("h265", "H.265 libx265 crf 13", "mp4",
          [("videocodec", "h265")],
          ["-c:v", "libx265", "-preset", "medium", "-crf", "13", "-bf", "0", "-g", "30", "-pix_fmt", "yuv420p",
           "-x265-params", "log-level=error", "-tag:v", "hvc1"],
          ("bt709", "tv"), 1.0),
    Codec("svtav1", "AV1 SVT-AV1 crf 16 preset 8", "mp4",
          [("videocodec", "svtav1")],
          ["-c:v", "libsvtav1", "-preset", "8", "-crf", "16", "-g", "30", "-pix_fmt", "yuv420p"],
          ("bt709", "tv"), 1.0),
    Codec("vp9", "VP9 libvpx crf 16 good/4", "webm",
          [("videocodec", "vp9"), ("moviepixelformat", "yuv420")],  # the input has alpha: auto would keep it
          ["-c:v", "libvpx-vp9", "-crf", "16", "-b:v", "0", "-deadline", "good", "-cpu-used", "4", "-row-mt", "1",
           "-g", "30", "-pix_fmt", "yuv420p"],
          ("bt709", "tv"), 1.0),
    Codec("cineform", "CineForm 4:2:2 10-bit film2+", "mov",
          [("videocodec", "cineform"), ("moviepixelformat", "yuv422")],
          ["-c:v", "cfhd", "-quality", "2", "-pix_fmt", "yuv422p10le"],
          ("bt709", "tv"), 1.2),
    Codec("mpeg4", "MPEG-4 Part 2 q7", "mp4",
          [("videocodec", "mpeg4")],
          ["-c:v", "mpeg4", "-q:v", "7", "-bf", "0", "-g", "30", "-pix_fmt", "yuv420p"],
          ("bt709", "tv"), 1.2),
]
ALIASES = {"prores": ["prores-hq", "prores-4444"]}


# --------------------------------------------------------------------------------------------------------------
# Input: deterministic 1080p RGBA frames with smooth moving gradients, film-grain noise, moving textured shapes
# and a scrolling high-detail ticker, so every encoder does real work (unlike a flat test card).
# --------------------------------------------------------------------------------------------------------------

def drifting_gradients(np, xs, ys, t):
    """Smooth RGB gradients that drift over time (float32, the shape xs and ys broadcast to + (3,)); the base of
    every bench input."""
    two_pi = np.float32(2 * math.pi)
    rgb = np.empty(np.broadcast_shapes(xs.shape, ys.shape) + (3,), np.float32)
    rgb[..., 0] = 0.45 + 0.30 * np.sin(two_pi * (1.3 * xs + 0.35 * t)) * np.cos(two_pi * (0.7 * ys - 0.2 * t))
    rgb[..., 1] = 0.50 + 0.30 * np.sin(two_pi * (0.8 * xs + 0.6 * ys + 0.25 * t))
    rgb[..., 2] = 0.20 + 0.50 * ys + 0.15 * np.cos(two_pi * (2.0 * xs - 0.3 * t))
    return rgb


def cells(results, value, spec):
    """One table cell per result: value(result) formatted with spec, or N/A for a tool that did not run."""
    return ["N/A" if r is None else format(value(r), spec) for r in results]


def peak_rss_mb(result):
    """The largest peak RSS of a tool's runs, in MB."""
    return max(m.rss_kb for m in result.runs) / 1024


def print_aligned(table):
    """Prints rows of strings as a table: first column and verdicts left-aligned, numbers right-aligned."""
    widths = [max(len(line[i]) for line in table) for i in range(len(table[0]))]
    for n, line in enumerate(table):
        print(" | ".join(c.ljust(w) if i == 0 or c in ("PASS", "BELOW TARGET") else c.rjust(w)
                         for i, (c, w) in enumerate(zip(line, widths))))
        if n == 0:
            print("-+-".join("-" * w for w in widths))


def make_frame(index, np, statics):
    xs, ys, alpha_base, ticker = statics
    t = index / RATE
    rgb = drifting_gradients(np, xs, ys, t)
    alpha = alpha_base.copy()

    # Discs on Lissajous paths, each with rings and spokes (edges at every angle).
    discs = [((0.30, 0.40, 0.22, 0.35, 0.0), 200, (0.95, 0.55, 0.20), 1.0),
             ((0.65, 0.55, 0.30, 0.30, 1.7), 150, (0.20, 0.70, 0.95), 0.6),
             ((0.50, 0.30, 0.40, 0.20, 3.1), 110, (0.90, 0.90, 0.85), 1.0)]
    for k, ((cx, cy, ax, ay, phase), radius, colour, opacity) in enumerate(discs):
        x0 = WIDTH * (cx + ax * math.sin(0.9 * t + phase) * 0.8)
        y0 = HEIGHT * (cy + ay * math.sin(1.3 * t + 2 * phase) * 0.8)
        xa, xb = max(0, int(x0 - radius - 2)), min(WIDTH, int(x0 + radius + 3))
        ya, yb = max(0, int(y0 - radius - 2)), min(HEIGHT, int(y0 + radius + 3))
        if xa >= xb or ya >= yb:
            continue
        dx = np.arange(xa, xb, dtype=np.float32)[None, :] - np.float32(x0)
        dy = np.arange(ya, yb, dtype=np.float32)[:, None] - np.float32(y0)
        d = np.sqrt(dx * dx + dy * dy)
        cover = np.clip(radius - d + 0.5, 0, 1)[..., None]  # anti-aliased edge
        theta = np.arctan2(dy, dx)
        texture = 0.75 + 0.15 * np.sin(d / (4 + 2 * k)) + 0.10 * np.sign(np.sin(8 * theta + (2 + k) * t))
        fill = texture[..., None] * np.array(colour, np.float32)
        region = rgb[ya:yb, xa:xb]
        region += (fill - region) * cover * opacity
        a = alpha[ya:yb, xa:xb]
        a += (np.float32(opacity) - a) * cover[..., 0] * np.float32(opacity)

    # Checkerboard rectangles sliding across and wrapping round.
    for k, (w, h, speed_x, speed_y, top, colour) in enumerate([(360, 220, 9.0, 0.0, 600, (0.1, 0.1, 0.1)),
                                                                (180, 300, -5.0, 3.0, 150, (0.8, 0.2, 0.6))]):
        x0 = int((200 + 700 * k + speed_x * index) % (WIDTH + w)) - w
        y0 = int((top + speed_y * index) % (HEIGHT + h)) - h
        xa, xb, ya, yb = max(0, x0), min(WIDTH, x0 + w), max(0, y0), min(HEIGHT, y0 + h)
        if xa >= xb or ya >= yb:
            continue
        cx = (np.arange(xa, xb) - x0)[None, :] // 12
        cy = (np.arange(ya, yb) - y0)[:, None] // 12
        checks = ((cx + cy) % 2).astype(np.float32)[..., None]
        rgb[ya:yb, xa:xb] = np.array(colour, np.float32) * (0.4 + 0.6 * checks) + 0.35 * checks
        alpha[ya:yb, xa:xb] = 1.0

    # A ticker of small glyph-like blocks scrolling 3 px per frame near the bottom (text-like detail).
    band_top = HEIGHT - 140
    shift = (3 * index) % ticker.shape[1]
    band = np.roll(ticker, -shift, axis=1)[:, :WIDTH]
    rgb[band_top:band_top + band.shape[0]] = rgb[band_top:band_top + band.shape[0]] * 0.25 + band[..., None] * 0.7
    alpha[band_top:band_top + band.shape[0]] = 1.0

    # Film grain, stronger towards the bottom (sigma 1.5 to 5 code values), different every frame.
    rng = np.random.default_rng(1000 + index)
    grain = rng.standard_normal((HEIGHT, WIDTH, 3), dtype=np.float32)
    grain *= (1.5 + 3.5 * ys)[..., None]
    out = np.empty((HEIGHT, WIDTH, 4), np.uint8)
    out[..., :3] = np.clip(rgb * 255 + grain + 0.5, 0, 255)
    out[..., 3] = np.clip(alpha * 255 + 0.5, 0, 255)
    return out


def input_frames(frames):
    """The bench clip, frame by frame as raw RGBA bytes."""
    import numpy as np

    xs = (np.arange(WIDTH, dtype=np.float32) / WIDTH)[None, :]
    ys = (np.arange(HEIGHT, dtype=np.float32) / HEIGHT)[:, None]
    # Alpha: opaque centre fading to half transparent in the corners (ProRes 4444 and Animation keep it).
    radial = np.sqrt(((xs - 0.5) * 1.6) ** 2 + (ys - 0.5) ** 2)
    alpha_base = np.clip(1.25 - 1.1 * radial, 0.5, 1.0).astype(np.float32)
    rng = np.random.default_rng(7)
    glyphs = rng.random((120 // 6, 2 * WIDTH // 4)) < 0.45
    ticker = np.repeat(np.repeat(glyphs, 6, axis=0), 4, axis=1).astype(np.float32)
    ticker[:, ::40] = 0  # gaps between "words"
    statics = (xs, ys, alpha_base, ticker)
    for i in range(frames):
        yield make_frame(i, np, statics).tobytes()


def cached_input(path, size, chunks, what):
    """`path`, generated from the byte `chunks` (an iterable) unless it already holds `size` bytes, then read once
    so every run finds it in the page cache. `what` describes it in the log line."""
    if not path.exists() or path.stat().st_size != size:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".partial")
        started = time.perf_counter()
        with open(partial, "wb") as f:
            for chunk in chunks:
                f.write(chunk)
        partial.rename(path)
        print(f"bench: generated {what} in {time.perf_counter() - started:.1f} s -> {path}", file=sys.stderr)
    with open(path, "rb") as f:
        while f.read(1 << 24):
            pass
    return path


def ensure_input(bench_dir, frames):
    return cached_input(bench_dir / f"input-{WIDTH}x{HEIGHT}-{frames}f-v{GENERATOR_VERSION}.rgba",
                        frames * WIDTH * HEIGHT * 4, input_frames(frames), f"{frames} frames of {WIDTH}x{HEIGHT} RGBA")


# --------------------------------------------------------------------------------------------------------------
# Running and measuring.
# --------------------------------------------------------------------------------------------------------------

@dataclass
class Measure:
    wall: float
    rss_kb: int
    cpu: float  # user + system seconds
    other: float  # share of the machine's CPU time used by other processes during the run


def busy_cpu_seconds():
    """CPU seconds the whole machine has spent busy (steal included: a VM neighbour slows us down too)."""
    with open("/proc/stat") as f:
        user, nice, system, _idle, _iowait, irq, softirq, steal = map(int, f.readline().split()[1:9])
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


class CommandFailed(Exception):
    pass


WAIT_BUDGET = [180.0]  # seconds wait_for_quiet may spend over the whole run, so a busy machine cannot stall it


def wait_for_quiet(limit=30.0, window=0.3):
    """Waits (up to `limit` seconds, within WAIT_BUDGET) until other processes leave the CPUs nearly idle."""
    started = time.perf_counter()
    told = False
    while WAIT_BUDGET[0] > 0 and time.perf_counter() - started < limit:
        busy = busy_cpu_seconds()
        time.sleep(window)
        share = (busy_cpu_seconds() - busy) / (window * (os.cpu_count() or 1))
        if share <= DISTURBED / 2:
            break
        if not told:
            print(f"   (other processes use {share:.0%} of the CPUs; waiting up to {limit:.0f} s for them)",
                  file=sys.stderr)
            told = True
    WAIT_BUDGET[0] -= time.perf_counter() - started
    if told and WAIT_BUDGET[0] <= 0:
        print("   (waited long enough in this run; measuring regardless from now on)", file=sys.stderr)


def run_measured(argv, work_dir):
    """Runs argv under /usr/bin/time; returns wall time (measured here), peak RSS and CPU time (from time).

    /usr/bin/time forks the command from its own tiny process. Measuring with os.wait4 from this Python process
    would not do: Linux carries the pre-exec RSS of the forked Python into the child's ru_maxrss.
    """
    stats = work_dir / "time.txt"
    errors = work_dir / "stderr.txt"
    full = [TIME_BIN, "-f", "%M %U %S", "-o", str(stats), *argv]
    with open(errors, "wb") as err:
        busy = busy_cpu_seconds()
        started = time.perf_counter()
        rc = subprocess.call(full, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err)
        wall = time.perf_counter() - started
        busy = busy_cpu_seconds() - busy
    if rc != 0:
        raise CommandFailed(f"exit {rc}: {' '.join(argv)}\n{errors.read_text(errors='replace')}")
    fields = stats.read_text().split()[-3:]
    cpu = float(fields[1]) + float(fields[2])
    other = max(0.0, busy - cpu) / (wall * (os.cpu_count() or 1))
    return Measure(wall, int(fields[0]), cpu, other)


def packet_count(path):
    out = subprocess.run(["ffprobe", "-v", "error", "-select_streams", "v:0", "-count_packets", "-show_entries",
                          "stream=nb_read_packets", "-of", "csv=p=0", str(path)],
                         capture_output=True, text=True, check=True).stdout.strip()
    return int(out) if out.isdigit() else -1


class Frameout:
    """Builds `frameout movie --name value ... -q` command lines."""

    def __init__(self, binary):
        self.binary = str(binary)

    def argv(self, params):
        out = [self.binary, "movie"]
        for name, value in params:
            out += [f"--{name}", value]
        return out + ["-q"]

    def display(self, params):
        return "frameout movie " + " ".join(f"--{n} {v}" for n, v in params) + " -q"


@dataclass
class Row:
    codec: Codec
    frames: int
    fo: list = field(default_factory=list)
    ff: list = field(default_factory=list)
    fo_size: int = 0
    ff_size: int = 0
    fo_packets: int = 0
    ff_packets: int = 0

    @staticmethod
    def best(runs):
        return min(runs, key=lambda m: m.wall)

    def fps(self, runs):
        return self.frames / self.best(runs).wall

    def ratio(self):
        return self.fps(self.fo) / self.fps(self.ff)


def codec_commands(codec, raw, frames, out_dir, auto_scale):
    fo_out = out_dir / f"frameout-{codec.name}.{codec.ext}"
    ff_out = out_dir / f"ffmpeg-{codec.name}.{codec.ext}"
    fo_params = [("input", str(raw)), ("input-format", "rgba8fixed"), ("input-size", f"{WIDTH}x{HEIGHT}"),
                 ("input-rate", str(RATE)), *codec.frameout, ("file", str(fo_out)), ("overwrite", "on"),
                 ("progress", "none")]
    ff_argv = ["ffmpeg", "-nostdin", "-y", "-v", "error", "-f", "rawvideo", "-pix_fmt", "rgba",
               "-s", f"{WIDTH}x{HEIGHT}", "-r", str(RATE), "-i", str(raw)]
    if codec.matrix and not auto_scale:
        matrix, colour_range = codec.matrix
        tag = "bt470bg" if matrix == "bt601" else matrix
        ff_argv += ["-vf", f"scale=flags=area:out_color_matrix={matrix}:out_range={colour_range},"
                           f"setparams=colorspace={tag}:color_primaries=bt709:color_trc=iec61966-2-1:"
                           f"range={colour_range}"]
    ff_argv += [*codec.ffmpeg, str(ff_out)]
    return fo_params, fo_out, ff_argv, ff_out


def bench_codec(codec, raw, frames, reps, frameout, work_dir, auto_scale, keep):
    out_dir = work_dir / "out"
    out_dir.mkdir(parents=True, exist_ok=True)
    fo_params, fo_out, ff_argv, ff_out = codec_commands(codec, raw, frames, out_dir, auto_scale)
    print(f"\n== {codec.name}: {codec.label}", file=sys.stderr)
    print(f"   {frameout.display(fo_params)}", file=sys.stderr)
    print(f"   {' '.join(ff_argv)}", file=sys.stderr)
    row = Row(codec, frames)
    # Interleaved pairs; when the best run of either program was slowed by other processes, up to `reps` more
    # pairs are tried (other load only ever slows a run down, so the fastest run stays the best estimate).
    for rep in range(2 * reps):
        if rep >= reps and not (row.best(row.fo).other > DISTURBED or row.best(row.ff).other > DISTURBED):
            break
        wait_for_quiet()
        fo = run_measured(frameout.argv(fo_params), work_dir)
        wait_for_quiet()
        ff = run_measured(ff_argv, work_dir)
        row.fo.append(fo)
        row.ff.append(ff)
        print(f"   run {rep + 1}: frameout {frames / fo.wall:6.1f} fps {fo.rss_kb / 1024:5.0f} MB "
              f"(other load {fo.other:4.0%})   ffmpeg {frames / ff.wall:6.1f} fps {ff.rss_kb / 1024:5.0f} MB "
              f"(other load {ff.other:4.0%})", file=sys.stderr)
    row.fo_size, row.ff_size = fo_out.stat().st_size, ff_out.stat().st_size
    row.fo_packets, row.ff_packets = packet_count(fo_out), packet_count(ff_out)
    if not keep:
        fo_out.unlink()
        ff_out.unlink()
    return row


def versions(root):
    def output(argv):
        try:
            return subprocess.run(argv, capture_output=True, text=True).stdout.strip()
        except OSError:
            return ""
    revision = output(["git", "-C", str(root), "rev-parse", "--short", "HEAD"]) or "?"
    dirty = output(["git", "-C", str(root), "status", "--porcelain", "--", "lib", "apps", "CMakeLists.txt"])
    ffmpeg = (output(["ffmpeg", "-version"]).splitlines() or ["ffmpeg ?"])[0].split(" Copyright")[0]
    return f"frameout {revision}{' + uncommitted changes' if dirty else ''}, {ffmpeg}, {os.cpu_count()} CPUs"


def print_table(rows, reps, version_line):
    mb = 1024 * 1024
    print(f"\n{version_line}")
    print(f"frameout vs ffmpeg CLI, {rows[0].frames} frames {WIDTH}x{HEIGHT} RGBA, best of {reps} or more "
          f"interleaved runs each; ratio = frameout fps / ffmpeg fps; RSS = peak resident memory; "
          f"CPU = user+sys seconds of the best-wall run")
    header = ("codec", "frameout fps", "ffmpeg fps", "ratio", "target", "verdict", "fo RSS MB", "ff RSS MB",
              "fo CPU s", "ff CPU s", "fo size MB", "ff size MB", "size fo/ff")
    table = [header]
    notes = []
    for r in rows:
        ratio = r.ratio()
        verdict = "PASS" if ratio >= r.codec.target else "BELOW TARGET"
        best_fo, best_ff = r.best(r.fo), r.best(r.ff)
        size_ratio = r.fo_size / r.ff_size
        table.append((r.codec.name, f"{r.fps(r.fo):.1f}", f"{r.fps(r.ff):.1f}", f"{ratio:.3f}x",
                      f">={r.codec.target:.1f}x", verdict,
                      f"{max(m.rss_kb for m in r.fo) / 1024:.0f}", f"{max(m.rss_kb for m in r.ff) / 1024:.0f}",
                      f"{best_fo.cpu:.1f}", f"{best_ff.cpu:.1f}",
                      f"{r.fo_size / mb:.1f}", f"{r.ff_size / mb:.1f}", f"{size_ratio:.3f}"))
        if not 0.9 <= size_ratio <= 1.1:
            notes.append(f"{r.codec.name}: output sizes differ by more than 10% ({r.fo_size} vs {r.ff_size} bytes): "
                         "the settings may not match")
        for who, best in (("frameout", best_fo), ("ffmpeg", best_ff)):
            if best.other > DISTURBED:
                notes.append(f"{r.codec.name}: other processes took {best.other:.0%} of the CPU during the best "
                             f"{who} run: the numbers are unreliable, rerun on a quiet machine or with more --reps")
        if r.fo_packets != r.frames or r.ff_packets != r.frames:
            notes.append(f"{r.codec.name}: frame counts differ: frameout {r.fo_packets}, ffmpeg {r.ff_packets}, "
                         f"input {r.frames}")
    widths = [max(len(line[i]) for line in table) for i in range(len(header))]
    for n, line in enumerate(table):
        print(" | ".join(cell.ljust(w) if i == 0 or i == 5 else cell.rjust(w)
                         for i, (cell, w) in enumerate(zip(line, widths))))
        if n == 0:
            print("-+-".join("-" * w for w in widths))
    for note in notes:
        print(f"NOTE: {note}")


# --------------------------------------------------------------------------------------------------------------
# Memory boundedness: frameout's peak RSS must not grow with the length of the recording.
# --------------------------------------------------------------------------------------------------------------

def bench_memory(frameout, work_dir, quick, size):
    short, long = 100, (2000 if quick else 10000)
    out = work_dir / "out" / "memory.mov"
    out.parent.mkdir(parents=True, exist_ok=True)
    print(f"\n== memory: frameout --input testpattern {size} --videocodec hap, {short} vs {long} frames",
          file=sys.stderr)
    results = {}
    for n, runs in ((short, 2), (long, 1)):
        params = [("input", "testpattern"), ("input-size", size), ("input-rate", str(RATE)),
                  ("videocodec", "hap"), ("videocodectype", "hap"), ("limitlength", "on"), ("length", str(n)),
                  ("lengthunit", "frames"), ("file", str(out)), ("overwrite", "on"), ("progress", "none")]
        measures = []
        for _ in range(runs):
            wait_for_quiet()
            measures.append(run_measured(frameout.argv(params), work_dir))
        packets = packet_count(out)
        if packets != n:
            raise CommandFailed(f"memory run of {n} frames wrote {packets} frames")
        results[n] = measures
        print(f"   {n} frames: peak RSS {[m.rss_kb for m in measures]} KB, "
              f"{n / min(m.wall for m in measures):.0f} fps", file=sys.stderr)
    out.unlink()
    rss_short = max(m.rss_kb for m in results[short])
    rss_long = max(m.rss_kb for m in results[long])
    growth = rss_long / rss_short
    verdict = "PASS" if growth <= 1.10 else "BELOW TARGET"
    print(f"\nmemory boundedness: frameout peak RSS, {size} test pattern encoded as Hap")
    print(f"  {short:>6} frames: peak RSS {rss_short / 1024:.1f} MB")
    print(f"  {long:>6} frames: peak RSS {rss_long / 1024:.1f} MB, "
          f"{long / min(m.wall for m in results[long]):.0f} fps")
    print(f"  ratio {growth:.3f} (target <= 1.10): {verdict}")


MODES = ["images", "audio", "colour", "live"]  # run() in bench_images.py, bench_audio.py, bench_colour.py, bench_live.py


def main(argv=None):
    parser = argparse.ArgumentParser(prog="scripts/bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    names = [c.name for c in CODECS]
    parser.add_argument("what", nargs="*", metavar="CODEC|memory|images|audio|colour|live|all",
                        help=f"codecs to run ({', '.join(names)}, prores = both ProRes) and/or 'memory', "
                             "'images', 'audio'; all = every codec, memory, images and audio; default: every codec")
    parser.add_argument("--quick", action="store_true",
                        help=f"{QUICK_FRAMES} frames instead of {FULL_FRAMES}; memory: 2,000 frames instead of 10,000; "
                             "images: 12 frames instead of 24; audio: 2 minutes instead of 10")
    parser.add_argument("--reps", type=int, default=2, help="interleaved runs per program (best counts); default 2")
    parser.add_argument("--frames", type=int, help="input length in frames (overrides --quick)")
    parser.add_argument("--ffmpeg-auto-scale", action="store_true",
                        help="let ffmpeg insert its own RGB to YUV conversion (BT.601, bicubic chroma) instead of "
                             "the explicit scale filter with frameout's matrix and chroma averaging")
    parser.add_argument("--memory-size",
                        help=f"test-pattern size for the memory check; default {WIDTH}x{HEIGHT} (10,000 frames of "
                             "Hap take about a minute on 2 cores; pass 640x360 on a slower machine); images: "
                             "default 640x360 (10,000 1080p PNG files take over 5 minutes)")
    parser.add_argument("--keep", action="store_true", help="keep the encoded movies (moved to build/bench/)")
    parser.add_argument("--frameout", default=None, help="frameout binary; default build/frameout")
    args = parser.parse_args(argv)

    root = Path(__file__).resolve().parents[2]
    binary = Path(args.frameout) if args.frameout else root / "build" / "frameout"
    bench_dir = root / "build" / "bench"
    selected, memory, modes = [], False, []
    for item in args.what:
        if item == "memory":
            memory = True
        elif item in MODES:
            modes.append(item)
        elif item == "all":
            selected += names
            memory = True
            modes += MODES
        elif item in ALIASES:
            selected += ALIASES[item]
        elif item in names:
            selected.append(item)
        else:
            parser.error(f"unknown codec '{item}'; choose from {', '.join(names)}, prores, memory, images, "
                         "audio, all")
    if not args.what:
        selected = names
    codecs = [c for c in CODECS if c.name in selected]
    if args.reps < 1:
        parser.error("--reps must be at least 1")
    for tool in ("ffmpeg", "ffprobe"):
        if shutil.which(tool) is None:
            sys.exit(f"bench: {tool} is not installed (scripts/setup installs Debian's ffmpeg)")
    if not os.access(binary, os.X_OK):
        sys.exit(f"bench: no frameout binary at {binary} (scripts/build makes it)")
    if not os.access(TIME_BIN, os.X_OK):
        sys.exit(f"bench: {TIME_BIN} is missing: install Debian's `time` package (apt-get install time)")

    load = os.getloadavg()[0]
    if load > 0.5:
        print(f"bench: WARNING: load average {load:.2f} before starting: other processes compete for the "
              f"{os.cpu_count()} CPUs; runs they disturb are flagged", file=sys.stderr)
    bench_dir.mkdir(parents=True, exist_ok=True)
    # SIGTERM unwinds like Ctrl-C, so the `finally` below removes the work directory and its large movies.
    signal.signal(signal.SIGTERM, lambda signum, _frame: sys.exit(128 + signum))
    work_dir = Path(tempfile.mkdtemp(prefix="run-", dir=bench_dir))
    try:
        # A private copy: a rebuild of build/frameout while the benchmark runs must not change what it measures.
        # frameout is a launcher that runs frameout-engine from beside itself: both are copied.
        snapshot = work_dir / "frameout"
        shutil.copy2(binary, snapshot)
        if (binary.parent / "frameout-engine").exists():
            shutil.copy2(binary.parent / "frameout-engine", work_dir / "frameout-engine")
        frameout = Frameout(snapshot)
        if codecs:
            frames = args.frames or (QUICK_FRAMES if args.quick else FULL_FRAMES)
            raw = ensure_input(bench_dir, frames)
            rows = [bench_codec(c, raw, frames, args.reps, frameout, work_dir, args.ffmpeg_auto_scale, args.keep)
                    for c in codecs]
            print_table(rows, args.reps, versions(root))
        if memory:
            bench_memory(frameout, work_dir, args.quick, args.memory_size or f"{WIDTH}x{HEIGHT}")
        # The modes import this file as `bench`; they get this module, not a second copy with its own state.
        sys.modules.setdefault("bench", sys.modules[__name__])
        for mode in dict.fromkeys(modes):
            importlib.import_module(f"bench_{mode}").run(args, frameout, work_dir, bench_dir, root)
    except (CommandFailed, subprocess.CalledProcessError) as e:
        print(f"bench: command failed: {e}", file=sys.stderr)
        return 1
    finally:
        if args.keep:
            for f in (work_dir / "out").glob("*"):
                f.replace(bench_dir / f.name)
        shutil.rmtree(work_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
