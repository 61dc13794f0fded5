#!/usr/bin/python3
"""frameout vs the ffmpeg CLI (image2) and oiiotool: converting a 16-bit TIFF sequence (issue 3, item 7).

Run it through scripts/bench (bench.py parses the options and calls run() here):

    scripts/bench images                 the four conversions, then the memory check (about 4 minutes)
    scripts/bench --quick images         12 frames instead of 24; memory check with 2,000 frames instead of 10,000
    scripts/bench --reps 3 images        3 interleaved runs per program instead of 2
    scripts/bench --no-build images      without scripts/build first
    tests/bench/bench_images.py [...]    the same, without scripts/build (this file forwards to bench.py)

Input: a 1920x1080 RGBA 16-bit TIFF sequence (deflate, as frameout writes it by default), 24 frames of smooth
moving gradients, moving textured discs, a sliding checkerboard and per-frame film grain, so every compressor
does real work. It is generated once with numpy, written by frameout itself, and cached in build/bench/.

Each frameout run converts the whole sequence into one of four outputs; ffmpeg's image2 muxer and oiiotool do the
same conversion with the same compression:

    output          frameout                   ffmpeg                               oiiotool
    PNG 8-bit       --format rgba8fixed        -pix_fmt rgba                        -d uint8
    EXR half ZIP    rgba16float, zip           -c:v exr -format half                -d half --compression zip
                                               -compression zip16
    EXR float PIZ   rgba32float, piz           N/A: ffmpeg's exr encoder has no PIZ -d float --compression piz
    TIFF 16-bit     rgba16fixed, deflate       -pix_fmt rgba64le                    -d uint16 --compression zip
                                               -compression_algo deflate

frameout runs with --maxthread = number of CPUs. oiiotool runs two ways: one process over the whole range
(`--frames 1-24 src.#.tif`, its own threads, default one per CPU), and "parallel frames". Debian 12's oiiotool
(OIIO 2.4.7) has no --parallel-frames option (added in 2023 by OIIO PR #3849, after 2.4); when the installed
oiiotool accepts it, it is used, otherwise it is emulated with one single-threaded oiiotool process per CPU, each
converting a contiguous share of the frames (their peak RSS and CPU time are added up). The faster of the two
oiiotool runs is the one the target compares with. oiiotool runs with --no-autopremult, so that it writes the
same pixel values as frameout (TIFF alpha is unassociated; without it oiiotool premultiplies on reading and, for
PNG, divides again: extra work).

Runs are interleaved (frameout, ffmpeg, oiiotool, oiiotool parallel, frameout, ...), each after waiting for idle
CPUs, outputs deleted before each run; the best run of each program counts, and runs other processes slowed are
retried as in bench.py. The single-process oiiotool runs once only (0.7 fps for PNG: 35 s a run on 2 cores).
Printed: frames per second, the ratios frameout/ffmpeg and frameout/oiiotool against the issue's targets (PNG at
least 2x ffmpeg; EXR at least 1.5x ffmpeg and 1.2x oiiotool), peak RSS, CPU time and output sizes (which
differ: ffmpeg's PNG encoder does no row filtering by default and its TIFF encoder no predictor; frameout's PNG
filters each row Up or Sub and deflates at zlib's level 6, its default --png-level).

Memory check: frameout writing a PNG sequence from the test pattern with --maxthread 8, 100 frames vs 10,000;
its peak RSS must not grow with the length (target: at most 10% more). The test pattern is 640x360 unless
--memory-size says otherwise: 10,000 1080p PNG files take over 5 minutes on 2 cores. The files are deleted while
frameout writes them.

A benchmark, not a test: it exits 0 whatever the speed, non-zero only when a command fails.
"""

import math
import os
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench  # noqa: E402  (the shared helpers: waiting for idle CPUs, /usr/bin/time measuring)
from bench import (DISTURBED, TIME_BIN, CommandFailed, Measure, busy_cpu_seconds, cells,  # noqa: E402
                   drifting_gradients, peak_rss_mb, print_aligned, run_measured, wait_for_quiet)

WIDTH, HEIGHT, RATE = 1920, 1080, 24
FULL_FRAMES, QUICK_FRAMES = 24, 12
MEMORY_SHORT, MEMORY_LONG, MEMORY_LONG_QUICK = 100, 10000, 2000
MEMORY_THREADS = 8
MEMORY_SIZE = "640x360"  # 10,000 PNG files of the 1080p test pattern take over 5 minutes on 2 cores
GENERATOR_VERSION = 1  # bump when make_frame16 changes so the cached sequence is regenerated


@dataclass
class Conversion:
    name: str
    label: str
    ext: str
    frameout: list  # (parameter, value) pairs
    ffmpeg: list | None  # encoder options after -i; None: ffmpeg cannot write this
    ffmpeg_na: str  # why not, when ffmpeg is None
    oiiotool: list  # output options before -o
    target_ffmpeg: float | None  # issue targets: frameout fps / other fps
    target_oiiotool: float | None


CONVERSIONS = [
    Conversion("png8", "PNG 8-bit", "png",
               [("imagefiletype", "png"), ("format", "rgba8fixed")],
               ["-pix_fmt", "rgba"], "",
               ["-d", "uint8"], 2.0, None),
    Conversion("exr-half-zip", "EXR half ZIP", "exr",
               [("imagefiletype", "exr"), ("format", "rgba16float"), ("exr-compression", "zip")],
               ["-c:v", "exr", "-format", "half", "-compression", "zip16", "-pix_fmt", "gbrapf32le"], "",
               ["-d", "half", "--compression", "zip"], 1.5, 1.2),
    Conversion("exr-float-piz", "EXR float PIZ", "exr",
               [("imagefiletype", "exr"), ("format", "rgba32float"), ("exr-compression", "piz")],
               None, "ffmpeg 5.1's exr encoder offers none, rle, zip1 and zip16 only (no PIZ)",
               ["-d", "float", "--compression", "piz"], 1.5, 1.2),
    Conversion("tiff16", "TIFF 16-bit deflate", "tif",
               [("imagefiletype", "tiff"), ("format", "rgba16fixed"), ("tiff-compression", "deflate")],
               ["-pix_fmt", "rgba64le", "-compression_algo", "deflate"], "",
               ["-d", "uint16", "--compression", "zip"], None, None),
]


# --------------------------------------------------------------------------------------------------------------
# Input: deterministic 16-bit RGBA frames (the full 16 bits carry information: smooth gradients and grain far
# below one 8-bit step), written by frameout as a TIFF sequence.
# --------------------------------------------------------------------------------------------------------------

def make_frame16(index, np, statics):
    xs, ys, alpha_base = statics
    t = index / RATE
    rgb = drifting_gradients(np, xs, ys, t)
    alpha = alpha_base.copy()

    # Discs with rings and spokes moving along Lissajous paths.
    discs = [((0.30, 0.40, 0.22, 0.35, 0.0), 200, (0.95, 0.55, 0.20)),
             ((0.65, 0.55, 0.30, 0.30, 1.7), 150, (0.20, 0.70, 0.95)),
             ((0.50, 0.30, 0.40, 0.20, 3.1), 110, (0.90, 0.90, 0.85))]
    for k, ((cx, cy, ax, ay, phase), radius, colour) in enumerate(discs):
        radius *= HEIGHT / 1080
        x0 = WIDTH * (cx + ax * math.sin(0.9 * t + phase) * 0.8)
        y0 = HEIGHT * (cy + ay * math.sin(1.3 * t + 2 * phase) * 0.8)
        xa, xb = max(0, int(x0 - radius - 2)), min(WIDTH, int(x0 + radius + 3))
        ya, yb = max(0, int(y0 - radius - 2)), min(HEIGHT, int(y0 + radius + 3))
        dx = np.arange(xa, xb, dtype=np.float32)[None, :] - np.float32(x0)
        dy = np.arange(ya, yb, dtype=np.float32)[:, None] - np.float32(y0)
        d = np.sqrt(dx * dx + dy * dy)
        cover = np.clip(radius - d + 0.5, 0, 1)[..., None]
        texture = 0.75 + 0.15 * np.sin(d / (4 + 2 * k)) + 0.10 * np.sign(np.sin(8 * np.arctan2(dy, dx) + 2 * t))
        region = rgb[ya:yb, xa:xb]
        region += (texture[..., None] * np.array(colour, np.float32) - region) * cover
        alpha[ya:yb, xa:xb] += (1 - alpha[ya:yb, xa:xb]) * cover[..., 0]

    # A checkerboard rectangle sliding across and wrapping round.
    w, h, top = WIDTH * 3 // 16, HEIGHT * 11 // 54, HEIGHT * 5 // 9  # 360x220 at y 600 in 1080p
    x0 = int((200 + 18 * index) % (WIDTH + w)) - w
    xa, xb = max(0, x0), min(WIDTH, x0 + w)
    if xa < xb:
        cxs = (np.arange(xa, xb) - x0)[None, :] // 12
        cys = np.arange(h)[:, None] // 12
        checks = ((cxs + cys) % 2).astype(np.float32)[..., None]
        rgb[top:top + h, xa:xb] = 0.1 * (0.4 + 0.6 * checks) + 0.35 * checks
        alpha[top:top + h, xa:xb] = 1.0

    # Film grain, different every frame: sigma 0.6 to 2 8-bit steps (about 150 to 500 16-bit steps).
    rng = np.random.default_rng(2000 + index)
    grain = rng.standard_normal((HEIGHT, WIDTH, 3), dtype=np.float32)
    grain *= ((0.6 + 1.4 * ys) / 255)[..., None]
    rgb += grain
    out = np.empty((HEIGHT, WIDTH, 4), np.uint16)
    out[..., :3] = np.clip(rgb * 65535 + 0.5, 0, 65535)
    out[..., 3] = np.clip(alpha * 65535 + 0.5, 0, 65535)
    return out


def ensure_sequence(bench_dir, frames, frameout):
    """The cached source sequence, src.0001.tif ... (generated on first use); returns its directory."""
    directory = bench_dir / f"images-src-{WIDTH}x{HEIGHT}-{frames}f-v{GENERATOR_VERSION}"
    done = directory / "complete"
    if not done.exists():
        import numpy as np

        shutil.rmtree(directory, ignore_errors=True)
        partial = directory.with_name(directory.name + ".partial")
        shutil.rmtree(partial, ignore_errors=True)
        partial.mkdir(parents=True)
        xs = (np.arange(WIDTH, dtype=np.float32) / WIDTH)[None, :]
        ys = (np.arange(HEIGHT, dtype=np.float32) / HEIGHT)[:, None]
        radial = np.sqrt(((xs - 0.5) * 1.6) ** 2 + (ys - 0.5) ** 2)
        alpha_base = np.clip(1.25 - 1.1 * radial, 0.5, 1.0).astype(np.float32)
        started = time.perf_counter()
        argv = [frameout, "movie", "--input", "-", "--input-format", "rgba16fixed", "--input-size",
                f"{WIDTH}x{HEIGHT}", "--input-rate", str(RATE), "--type", "imagesequence", "--imagefiletype", "tiff",
                "--format", "rgba16fixed", "--file", str(partial / "src.####.tif"), "--n", "1",
                "--overwrite", "on", "--progress", "none", "-q"]
        writer = subprocess.Popen(argv, stdin=subprocess.PIPE)
        for i in range(frames):
            writer.stdin.write(make_frame16(i, np, (xs, ys, alpha_base)).tobytes())
        writer.stdin.close()
        if writer.wait() != 0:
            raise CommandFailed(f"exit {writer.returncode}: {' '.join(argv)}")
        written = sorted(partial.glob("src.*.tif"))
        if len(written) != frames or written[0].name != "src.0001.tif":
            raise CommandFailed(f"source sequence: expected src.0001.tif ... ({frames} files), got {len(written)}")
        partial.rename(directory)
        done.touch()
        print(f"bench: generated {frames} frames of {WIDTH}x{HEIGHT} RGBA 16-bit TIFF in "
              f"{time.perf_counter() - started:.1f} s -> {directory}", file=sys.stderr)
    for f in sorted(directory.glob("src.*.tif"))[:frames]:
        f.read_bytes()  # into the page cache, so every run reads from memory
    return directory


# --------------------------------------------------------------------------------------------------------------
# Commands and measuring.
# --------------------------------------------------------------------------------------------------------------

def oiiotool_has_parallel_frames():
    try:
        return subprocess.run(["oiiotool", "--parallel-frames", "--echo", "ok"], capture_output=True).returncode == 0
    except OSError:
        return False


def run_parallel_measured(argvs, work_dir):
    """Runs several commands at once, each under /usr/bin/time; wall time of the whole, RSS and CPU added up."""
    procs = []
    busy = busy_cpu_seconds()
    started = time.perf_counter()
    for k, argv in enumerate(argvs):
        stats, errors = work_dir / f"time{k}.txt", open(work_dir / f"stderr{k}.txt", "wb")
        procs.append((subprocess.Popen([TIME_BIN, "-f", "%M %U %S", "-o", str(stats), *argv],
                                       stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=errors),
                      stats, errors, argv))
    codes = [p.wait() for p, *_ in procs]
    wall = time.perf_counter() - started
    busy = busy_cpu_seconds() - busy
    rss = cpu = 0
    for (p, stats, errors, argv), rc in zip(procs, codes):
        errors.close()
        if rc != 0:
            raise CommandFailed(f"exit {rc}: {' '.join(argv)}\n"
                                f"{Path(errors.name).read_text(errors='replace')}")
        fields = stats.read_text().split()[-3:]
        rss += int(fields[0])
        cpu += float(fields[1]) + float(fields[2])
    other = max(0.0, busy - cpu) / (wall * (os.cpu_count() or 1))
    return Measure(wall, rss, cpu, other)


@dataclass
class Tool:
    """One program's way of doing a conversion: its command line(s) and its runs."""
    key: str
    argvs: list  # one argv, or several run at the same time
    out_dir: Path
    once: bool = False  # one run is enough (unless other processes disturbed it)
    runs: list = field(default_factory=list)
    size: int = 0

    def best(self):
        return min(self.runs, key=lambda m: m.wall)


def conversion_tools(conv, src, frames, frameout, out_root, oiio_parallel):
    cpus = os.cpu_count() or 1
    tools = []
    d = out_root / "frameout"
    params = [("input", str(src / "src.####.tif")), *conv.frameout, ("type", "imagesequence"),
              ("file", str(d / f"f.####.{conv.ext}")), ("n", "1"), ("maxthread", str(cpus)),
              ("overwrite", "on"), ("progress", "none")]
    argv = [frameout, "movie"]
    for name, value in params:
        argv += [f"--{name}", value]
    tools.append(Tool("frameout", [argv + ["-q"]], d))
    if conv.ffmpeg is not None:
        d = out_root / "ffmpeg"
        tools.append(Tool("ffmpeg", [["ffmpeg", "-nostdin", "-y", "-v", "error", "-start_number", "1", "-i",
                                      str(src / "src.%04d.tif"), *conv.ffmpeg, "-start_number", "1",
                                      str(d / f"f.%04d.{conv.ext}")]], d))
    if shutil.which("oiiotool"):
        def oiio(first, last, threads, d, extra=()):
            return ["oiiotool", "--threads", str(threads), "--frames", f"{first}-{last}", *extra, "--no-autopremult",
                    str(src / "src.#.tif"), *conv.oiiotool, "-o", str(d / f"f.#.{conv.ext}")]
        d = out_root / "oiiotool"
        tools.append(Tool("oiiotool", [oiio(1, frames, 0, d)], d, once=True))
        d = out_root / "oiiotool-par"
        if oiio_parallel:
            tools.append(Tool("oiiotool-par", [oiio(1, frames, 0, d, ["--parallel-frames"])], d))
        else:
            shares = [(frames * k // cpus + 1, frames * (k + 1) // cpus) for k in range(cpus)]
            tools.append(Tool("oiiotool-par", [oiio(a, b, 1, d) for a, b in shares if a <= b], d))
    return tools


def run_tool(tool, work_dir):
    shutil.rmtree(tool.out_dir, ignore_errors=True)
    tool.out_dir.mkdir(parents=True)  # ffmpeg and oiiotool do not create directories
    wait_for_quiet()
    if len(tool.argvs) == 1:
        return run_measured(tool.argvs[0], work_dir)
    return run_parallel_measured(tool.argvs, work_dir)


def check_output(tool, conv, frames):
    files = sorted(tool.out_dir.glob(f"f.*.{conv.ext}"))
    expected = [f"f.{i:04d}.{conv.ext}" for i in range(1, frames + 1)]
    if [f.name for f in files] != expected:
        raise CommandFailed(f"{tool.key} {conv.name}: expected {expected[0]} ... {expected[-1]}, "
                            f"got {len(files)} files: {[f.name for f in files[:3]]} ...")
    tool.size = sum(f.stat().st_size for f in files)


@dataclass
class Row:
    conv: Conversion
    frames: int
    tools: dict

    def fps(self, key):
        tool = self.tools.get(key)
        return self.frames / tool.best().wall if tool and tool.runs else None

    def oiio_best(self):
        """The faster oiiotool variant: (key, fps)."""
        options = [(k, self.fps(k)) for k in ("oiiotool", "oiiotool-par") if self.fps(k)]
        return max(options, key=lambda o: o[1]) if options else (None, None)


def bench_conversion(conv, src, frames, reps, frameout, work_dir, oiio_parallel):
    tools = conversion_tools(conv, src, frames, frameout, work_dir / "out", oiio_parallel)
    print(f"\n== {conv.name}: {conv.label}", file=sys.stderr)
    for t in tools:
        for argv in t.argvs:
            print(f"   {t.key}: {' '.join(Path(a).name if a == frameout else a for a in argv)}", file=sys.stderr)
    if conv.ffmpeg is None:
        print(f"   ffmpeg: N/A, {conv.ffmpeg_na}", file=sys.stderr)
    for rep in range(2 * reps):
        if rep >= reps and not any(t.best().other > DISTURBED for t in tools):
            break
        line = []
        for t in tools:
            if t.once and t.runs and t.best().other <= DISTURBED:
                continue
            m = run_tool(t, work_dir)
            t.runs.append(m)
            check_output(t, conv, frames)
            shutil.rmtree(t.out_dir)
            line.append(f"{t.key} {frames / m.wall:5.1f} fps {m.rss_kb / 1024:4.0f} MB ({m.other:3.0%})")
        print(f"   run {rep + 1}: " + "   ".join(line), file=sys.stderr)
    return Row(conv, frames, {t.key: t for t in tools})


def versions(root):
    def first_line(argv):
        try:
            return (subprocess.run(argv, capture_output=True, text=True).stdout.strip().splitlines() or ["?"])[0]
        except OSError:
            return "not installed"
    return f"{bench.versions(root)}, oiiotool {first_line(['oiiotool', '--version'])}"


def print_tables(rows, reps, oiio_parallel, version_line):
    cpus = os.cpu_count() or 1
    par = "--parallel-frames" if oiio_parallel else f"{cpus} processes x 1 thread"
    print(f"\n{version_line}")
    print(f"image sequences: {rows[0].frames} frames {WIDTH}x{HEIGHT} RGBA 16-bit TIFF in, best of {reps} or more "
          f"interleaved runs each; fps = frames / wall seconds; frameout --maxthread {cpus}; oiiotool seq = one "
          f"process over the range (one run: it is slow), oiiotool par = {par}; ratios against ffmpeg and the "
          f"faster oiiotool")

    def fmt(v, spec=".1f"):
        return "N/A" if v is None else format(v, spec)

    header = ("output", "frameout fps", "ffmpeg fps", "oiio seq fps", "oiio par fps", "fo/ffmpeg", "target",
              "fo/oiiotool", "target", "verdict")
    table, notes = [header], []
    for r in rows:
        fo, ff = r.fps("frameout"), r.fps("ffmpeg")
        oiio_key, oiio = r.oiio_best()
        ratio_ff = fo / ff if ff else None
        ratio_oi = fo / oiio if oiio else None
        checks = [ratio >= target for ratio, target in ((ratio_ff, r.conv.target_ffmpeg),
                                                         (ratio_oi, r.conv.target_oiiotool))
                  if ratio is not None and target is not None]
        verdict = "-" if not checks else "PASS" if all(checks) else "BELOW TARGET"
        table.append((r.conv.label, fmt(fo), fmt(ff), fmt(r.fps("oiiotool")), fmt(r.fps("oiiotool-par")),
                      fmt(ratio_ff, ".3f") + ("x" if ratio_ff else ""),
                      f">={r.conv.target_ffmpeg:.1f}x" if r.conv.target_ffmpeg else "-",
                      fmt(ratio_oi, ".3f") + ("x" if ratio_oi else "") + (" (par)" if oiio_key == "oiiotool-par" else
                                                                         " (seq)" if oiio_key else ""),
                      f">={r.conv.target_oiiotool:.1f}x" if r.conv.target_oiiotool else "-", verdict))
        if ff is None:
            notes.append(f"{r.conv.label}: ffmpeg N/A, {r.conv.ffmpeg_na}; its target is not checked")
        for t in r.tools.values():
            if t.best().other > DISTURBED:
                notes.append(f"{r.conv.label}: other processes took {t.best().other:.0%} of the CPU during the "
                             f"best {t.key} run: unreliable, rerun on a quiet machine or with more --reps")
    print_aligned(table)

    mb = 1024 * 1024
    print(f"\npeak RSS (MB; oiio par: the processes added up), CPU seconds (user+sys of the best run) and output "
          f"size (MB, all {rows[0].frames} files)")
    keys = ("frameout", "ffmpeg", "oiiotool", "oiiotool-par")
    short = {"frameout": "fo", "ffmpeg": "ff", "oiiotool": "oiio seq", "oiiotool-par": "oiio par"}
    header = ("output", *(f"{short[k]} RSS" for k in keys), *(f"{short[k]} CPU" for k in keys),
              *(f"{short[k]} size" for k in keys))
    table = [header]
    for r in rows:
        tools = [r.tools.get(k) for k in keys]
        table.append((r.conv.label,
                      *cells(tools, peak_rss_mb, ".0f"), *cells(tools, lambda t: t.best().cpu, ".1f"),
                      *cells(tools, lambda t: t.size / mb, ".1f")))
    print_aligned(table)
    for note in notes:
        print(f"NOTE: {note}")


# --------------------------------------------------------------------------------------------------------------
# Memory boundedness with maxthread 8: peak RSS must not grow with the number of files written.
# --------------------------------------------------------------------------------------------------------------

class Sweeper(threading.Thread):
    """Deletes finished files (final names only: frameout writes under a temporary name and renames) while
    frameout runs, so 10,000 frames never pile up on disk; counts what it deleted."""

    def __init__(self, directory, suffix):
        super().__init__(daemon=True)
        self.directory, self.suffix = directory, suffix
        self.deleted = 0
        self.stop = threading.Event()

    def sweep(self):
        with os.scandir(self.directory) as entries:
            for e in entries:
                if e.name.startswith("m.") and e.name.endswith(self.suffix):
                    os.unlink(e.path)
                    self.deleted += 1

    def run(self):
        while not self.stop.wait(1.0):
            self.sweep()

    def finish(self):
        self.stop.set()
        self.join()
        self.sweep()


def bench_memory(frameout, work_dir, quick, size):
    short, long = MEMORY_SHORT, (MEMORY_LONG_QUICK if quick else MEMORY_LONG)
    out_dir = work_dir / "memory"
    print(f"\n== memory: frameout --input testpattern {size} PNG sequence --maxthread {MEMORY_THREADS}, "
          f"{short} vs {long} frames", file=sys.stderr)
    results = {}
    for n, runs in ((short, 2), (long, 1)):
        argv = [frameout, "movie", "--input", "testpattern", "--input-size", size, "--type", "imagesequence",
                "--imagefiletype", "png", "--format", "rgba8fixed", "--maxthread", str(MEMORY_THREADS),
                "--limitlength", "on", "--length", str(n), "--lengthunit", "frames",
                "--file", str(out_dir / "m.#####.png"), "--overwrite", "on", "--progress", "none", "-q"]
        measures = []
        for _ in range(runs):
            shutil.rmtree(out_dir, ignore_errors=True)
            out_dir.mkdir(parents=True)
            sweeper = Sweeper(out_dir, ".png")
            wait_for_quiet()
            sweeper.start()
            try:
                measures.append(run_measured(argv, work_dir))
            finally:
                sweeper.finish()
            if sweeper.deleted != n:
                raise CommandFailed(f"memory run of {n} frames wrote {sweeper.deleted} PNG files")
        results[n] = measures
        print(f"   {n} frames: peak RSS {[m.rss_kb for m in measures]} KB, "
              f"{n / min(m.wall for m in measures):.0f} fps", file=sys.stderr)
    shutil.rmtree(out_dir, ignore_errors=True)
    rss_short = max(m.rss_kb for m in results[short])
    rss_long = max(m.rss_kb for m in results[long])
    growth = rss_long / rss_short
    print(f"\nmemory boundedness: frameout peak RSS, {size} test pattern written as a PNG sequence, "
          f"--maxthread {MEMORY_THREADS}")
    print(f"  {short:>6} frames: peak RSS {rss_short / 1024:.1f} MB")
    print(f"  {long:>6} frames: peak RSS {rss_long / 1024:.1f} MB, "
          f"{long / min(m.wall for m in results[long]):.0f} fps")
    print(f"  ratio {growth:.3f} (target <= 1.10): {'PASS' if growth <= 1.10 else 'BELOW TARGET'}")


def run(args, frameout, work_dir, bench_dir, root):
    """Called by bench.py for `scripts/bench images`."""
    if shutil.which("oiiotool") is None:
        print("bench: oiiotool is not installed (scripts/setup installs Debian's openimageio-tools); "
              "its columns stay N/A", file=sys.stderr)
    frameout = str(frameout.binary)
    frames = args.frames or (QUICK_FRAMES if args.quick else FULL_FRAMES)
    src = ensure_sequence(bench_dir, frames, frameout)
    oiio_parallel = bool(shutil.which("oiiotool")) and oiiotool_has_parallel_frames()
    rows = [bench_conversion(c, src, frames, args.reps, frameout, work_dir, oiio_parallel) for c in CONVERSIONS]
    print_tables(rows, args.reps, oiio_parallel, versions(root))
    bench_memory(frameout, work_dir, args.quick, args.memory_size or MEMORY_SIZE)


if __name__ == "__main__":
    sys.exit(bench.main(["images", *sys.argv[1:]]))
