#!/usr/bin/python3
"""frameout's one-pass GIF encoder against ffmpeg's two-pass palettegen + paletteuse.

    tests/bench/bench_gif.py [--reps N] [--clips testsrc2,mandelbrot,gradients] [--build DIR]

Clips (320x240, 30 fps, 3 s, from lavfi, cached as raw RGBA in DIR/bench/gif/): testsrc2 (synthetic, moving
parts on a still background), mandelbrot (every pixel changes, smooth colour ramps) and gradients (smooth
photographic-like ramps).

ffmpeg: `-vf palettegen` then `-lavfi paletteuse` with their defaults (one palette for the clip, 255 colours
and a transparent entry, sierra2_4a dithering), both reading the raw clip: the time is the two runs together.
frameout: `frameout movie --videocodec gif` reading the same raw clip: the time is the whole process.
Both GIFs are decoded by the ffmpeg CLI and compared with the clip by ffmpeg's psnr filter (RGB, all frames);
the best of N runs counts. Printed per clip: size, PSNR, seconds, and the speed ratio ffmpeg / frameout.
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SIZE, FPS, SECONDS = "320x240", 30, 3
CLIPS = {
    "testsrc2": f"testsrc2=s={SIZE}:r={FPS}",
    "mandelbrot": f"mandelbrot=s={SIZE}:r={FPS}",
    "gradients": f"gradients=s={SIZE}:r={FPS}:speed=0.02:nb_colors=5:seed=7,format=rgb24",
}
RAW = ["-f", "rawvideo", "-pix_fmt", "rgba", "-s", SIZE, "-r", str(FPS)]


def run(args, env=None):
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)


def timed(commands, env=None):
    start = time.perf_counter()
    for c in commands:
        run(c, env)
    return time.perf_counter() - start


def psnr(gif, raw, work):
    decoded = work / "decoded.rgb"
    run(["ffmpeg", "-y", "-v", "error", "-i", str(gif), "-fps_mode", "passthrough", "-f", "rawvideo",
         "-pix_fmt", "rgb24", str(decoded)])
    out = subprocess.run(["ffmpeg", "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", SIZE, "-r", str(FPS), "-i",
                          str(decoded), *RAW, "-i", str(raw), "-lavfi", "[1:v]format=rgb24[b];[0:v][b]psnr",
                          "-f", "null", "-"], capture_output=True, text=True, check=True).stderr
    return float(re.search(r"average:([0-9.inf]+)", out).group(1))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--clips", default=",".join(CLIPS), help="comma-separated clip names")
    parser.add_argument("--build", default=str(Path(__file__).resolve().parents[2] / "build"))
    options = parser.parse_args()
    build = Path(options.build)
    binary = build / "frameout"
    if not binary.exists():
        sys.exit(f"{binary} not found: build first")
    cache = build / "bench" / "gif"
    cache.mkdir(parents=True, exist_ok=True)

    print(f"{'clip':<11} {'encoder':<9} {'bytes':>9} {'PSNR dB':>8} {'seconds':>8}")
    for name in options.clips.split(","):
        source = CLIPS[name]
        raw = cache / f"{name}.rgba"
        if not raw.exists():
            run(["ffmpeg", "-y", "-v", "error", "-f", "lavfi", "-i", source, "-t", str(SECONDS), "-pix_fmt", "rgba",
                 "-f", "rawvideo", str(raw)])
        with tempfile.TemporaryDirectory() as folder:
            work = Path(folder)
            ff_gif, fo_gif, palette = work / "ffmpeg.gif", work / "frameout.gif", work / "palette.png"
            ffmpeg = [["ffmpeg", "-y", "-v", "error", *RAW, "-i", str(raw), "-vf", "palettegen", str(palette)],
                      ["ffmpeg", "-y", "-v", "error", *RAW, "-i", str(raw), "-i", str(palette), "-lavfi", "paletteuse",
                       str(ff_gif)]]
            frameout = [[str(binary), "movie", "--input", str(raw), "--input-format", "rgba8fixed", "--input-size",
                         SIZE, "--input-rate", str(FPS), "--videocodec", "gif", "--file", str(fo_gif), "--overwrite",
                         "--progress", "none", "-q"]]
            ff_time = fo_time = float("inf")
            for _ in range(options.reps):  # interleaved, best run counts
                ff_time = min(ff_time, timed(ffmpeg))
                fo_time = min(fo_time, timed(frameout))
            rows = [("ffmpeg", ff_gif, ff_time), ("frameout", fo_gif, fo_time)]
            for encoder, gif, seconds in rows:
                print(f"{name:<11} {encoder:<9} {gif.stat().st_size:>9} {psnr(gif, raw, work):>8.2f} {seconds:>8.3f}")
            print(f"{name:<11} speed ffmpeg/frameout {ff_time / fo_time:.2f}x")


if __name__ == "__main__":
    main()
