#!/usr/bin/python3
"""frameout vs the ffmpeg CLI with zscale: a float sequence converted to Rec.2020 PQ 10-bit ProRes 4444 (issue 11).

Run it through scripts/bench (bench.py parses the options and calls run() here):

    scripts/bench colour                 24 frames of 1920x1080 float EXR, 2 interleaved runs each
    scripts/bench --quick colour         8 frames

Input: a 1920x1080 RGBA 32-bit float EXR sequence (uncompressed), the bench's drifting gradients scaled into
linear light up to 4x reference white, with saturated corners outside the sRGB gamut. It is generated once with
numpy, written by frameout itself, and cached in build/bench/.

Both programs decode the same EXR files and write ProRes 4444 (prores_ks, 10-bit 4:4:4 without alpha, vendor
apl0: zscale would store the opaque alpha as 940, video range, where ProRes alpha is full range) in Rec.2020 PQ
with 1.0 = 100 nits (linear sRGB in, SDR reference white 100 nits):

    frameout  --input f.####.exr --outputcolorspace rec2020st2084pq --videocodec prores --videocodectype 4444
              --moviepixelformat rgb
    ffmpeg    -i f.%04d.exr -vf zscale=tin=linear:pin=709:min=gbr:t=smpte2084:p=2020:m=2020_ncl:r=tv:npl=100:
              agamma=false:dither=none,format=yuv444p10le -c:v prores_ks -profile:v 4444 -vendor apl0

Printed: frames per second of each, the ratio (target 1.5x) and the largest difference between the two movies'
decoded 10-bit code values (target: within one code). A benchmark, not a test: it exits 0 whatever the speed.
"""

import shutil
import subprocess
import sys

import bench
from bench import CommandFailed, print_aligned, run_measured, wait_for_quiet

FULL_FRAMES, QUICK_FRAMES = 24, 8
GENERATOR_VERSION = 1
TARGET = 1.5
ZSCALE = ("zscale=tin=linear:pin=709:min=gbr:t=smpte2084:p=2020:m=2020_ncl:r=tv:npl=100:agamma=false:dither=none,"
          "format=yuv444p10le")


def float_frames(frames):
    """Raw RGBA float frames: the bench gradients as linear light up to 4.0, saturated outside sRGB in corners."""
    import numpy as np

    w, h = bench.WIDTH, bench.HEIGHT
    xs = (np.arange(w, dtype=np.float32) / w)[None, :]
    ys = (np.arange(h, dtype=np.float32) / h)[:, None]
    for i in range(frames):
        rgb = bench.drifting_gradients(np, xs, ys, i / bench.RATE)
        rgb = rgb ** 2.2 * np.float32(1.0 + 3.0 * xs[..., None])  # linear light, brighter to the right
        rgb[: h // 8, : w // 8] = (1.2, -0.05, 0.0)
        frame = np.ones((h, w, 4), np.float32)
        frame[..., :3] = rgb
        yield frame.tobytes()


def ensure_sequence(frameout, bench_dir, frames, work_dir):
    folder = bench_dir / f"colour-{bench.WIDTH}x{bench.HEIGHT}-{frames}f-v{GENERATOR_VERSION}"
    if len(list(folder.glob("f.*.exr"))) == frames:
        return folder
    raw = bench.cached_input(work_dir / "float.raw", frames * bench.WIDTH * bench.HEIGHT * 16, float_frames(frames),
                             f"{frames} float frames")
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    subprocess.run([frameout.binary, "movie", "--input", str(raw), "--input-format", "rgba32float", "--input-size",
                    f"{bench.WIDTH}x{bench.HEIGHT}", "--type", "imagesequence", "--imagefiletype", "exr",
                    "--exr-compression", "none", "--n", "1", "--file", str(folder / "f.####.exr"), "-q"], check=True)
    raw.unlink()
    return folder


def decoded_codes(path):
    import numpy as np

    out = subprocess.run(["ffmpeg", "-v", "error", "-i", str(path), "-frames:v", "3", "-f", "rawvideo", "-pix_fmt",
                          "yuv444p10le", "-"], capture_output=True, check=True).stdout
    return np.frombuffer(out, dtype="<u2").astype(np.int32)


def run(args, frameout, work_dir, bench_dir, root):
    frames = args.frames or (QUICK_FRAMES if args.quick else FULL_FRAMES)
    folder = ensure_sequence(frameout, bench_dir, frames, work_dir)
    pattern = folder / "f.####.exr"
    out = work_dir / "out"
    out.mkdir(exist_ok=True)
    fo_movie, ff_movie = out / "colour-frameout.mov", out / "colour-ffmpeg.mov"
    fo_argv = [frameout.binary, "movie", "--input", str(pattern), "--input-rate", "24", "--outputcolorspace",
               "rec2020st2084pq", "--videocodec", "prores", "--videocodectype", "4444", "--moviepixelformat", "rgb",
               "--overwrite", "--file", str(fo_movie), "-q"]
    ff_argv = ["ffmpeg", "-v", "error", "-y", "-framerate", "24", "-start_number", "1", "-i",
               str(folder / "f.%04d.exr"), "-vf", ZSCALE, "-c:v", "prores_ks", "-profile:v", "4444", "-vendor",
               "apl0", str(ff_movie)]
    fo_runs, ff_runs = [], []
    for _ in range(args.reps):
        for argv, runs in ((fo_argv, fo_runs), (ff_argv, ff_runs)):
            wait_for_quiet()
            runs.append(run_measured(argv, work_dir))
    best_fo = min(fo_runs, key=lambda m: m.wall)
    best_ff = min(ff_runs, key=lambda m: m.wall)
    fo_fps, ff_fps = frames / best_fo.wall, frames / best_ff.wall
    a, b = decoded_codes(fo_movie), decoded_codes(ff_movie)
    if a.shape != b.shape:
        raise CommandFailed(f"the two movies decode to {a.size} and {b.size} values")
    diff = abs(a - b)
    flagged = " (disturbed)" if max(best_fo.other, best_ff.other) > bench.DISTURBED else ""
    print(f"\nColour: {frames} frames of {bench.WIDTH}x{bench.HEIGHT} float EXR -> Rec.2020 PQ ProRes 4444, "
          f"best of {args.reps}{flagged}")
    print_aligned([
        ["", "fps", "cpu s", "peak MB"],
        ["frameout", f"{fo_fps:.2f}", f"{best_fo.cpu:.1f}", f"{best_fo.rss_kb / 1024:.0f}"],
        ["ffmpeg+zscale", f"{ff_fps:.2f}", f"{best_ff.cpu:.1f}", f"{best_ff.rss_kb / 1024:.0f}"],
    ])
    print(f"ratio {fo_fps / ff_fps:.2f}x (target {TARGET}x): {'met' if fo_fps / ff_fps >= TARGET else 'NOT met'}")
    print(f"largest code difference (3 frames, Y'CbCr 10-bit): {diff.max()}, "
          f"{(diff > 1).mean() * 100:.3f}% of values differ by more than 1")


if __name__ == "__main__":
    sys.exit(bench.main(sys.argv[1:] + ["colour"]))
