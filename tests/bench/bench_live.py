#!/usr/bin/python3
"""Live recording from a shared-memory ring (issue 12): 1080p60 RGBA published by `frameout send` (the test
pattern, paced at 60 fps) and recorded from `shm:` into Hap, Motion JPEG and ProRes Proxy on this machine.

Run it through scripts/bench (bench.py parses the options and calls run() here):

    scripts/bench live                   60 s per codec and mode (about 7 minutes)
    scripts/bench --quick live           10 s per codec and mode

The recorder starts first, told the stream's size and rate (--input-size, --input-rate), so that it is ready
before the producer publishes its first frame. Two modes per codec:
- realtime on (the default for shm:): the recorder takes the newest frame on each tick of --fps 60. Printed:
  frames written, dropped (a tick found no new frame: the encoder fell behind and the last frame was repeated)
  and skipped (frames published but never taken); the target is 0 dropped and 0 skipped for Hap and MJPEG.
- realtime off: the producer publishes as fast as it can and waits for room; every frame is recorded. Printed:
  the encode rate and the producer's time blocked waiting for the recorder.

A benchmark, not a test: it exits 0 whatever the counts.
"""

import json
import os
import re
import subprocess
import sys
import time

import bench

SIZE, RATE = "1920x1080", 60
CODECS = [("hap", ["--videocodec", "hap"]), ("mjpa", ["--videocodec", "mjpa"]),
          ("prores proxy", ["--videocodec", "prores", "--videocodectype", "proxy"])]


def record(frameout, work_dir, name, codec_flags, seconds, realtime):
    ring = f"fo-bench-{os.getpid()}-{name.replace(' ', '-')}-{realtime}"
    out = work_dir / "out" / f"live-{name.replace(' ', '-')}-{realtime}.mov"
    report = out.with_suffix(".json")
    # The recorder is told what is coming (--input-size, --input-rate), so it is ready before the producer starts.
    recorder = subprocess.Popen([frameout.binary, "movie", "--input", f"shm:{ring}", "--input-size", SIZE,
                                 "--input-rate", str(RATE), "--realtime", realtime,
                                 "--fps", str(RATE), *codec_flags, "--overwrite", "--file", str(out),
                                 "--report", str(report)], stderr=subprocess.PIPE)
    log = b""
    while b"waiting for a producer" not in log and recorder.poll() is None:
        log += recorder.stderr.readline()
    started = time.monotonic()
    sender = subprocess.run([frameout.binary, "send", "--input", "testpattern", "--input-size", SIZE,
                             "--input-rate", str(RATE), "--realtime", realtime, "--limitlength", "on", "--length",
                             str(seconds), "--lengthunit", "seconds", "--to", f"shm:{ring}"],
                            stderr=subprocess.PIPE, text=True, timeout=seconds * 20 + 60)
    took = time.monotonic() - started
    _, err = recorder.communicate(timeout=120)
    err = log + err
    if sender.returncode != 0 or recorder.returncode != 0:
        raise bench.CommandFailed(f"live {name} realtime {realtime}: send {sender.returncode} {sender.stderr} / "
                                  f"recorder {recorder.returncode} {err.decode(errors='replace')}")
    counters = json.loads(report.read_text())["counters"]
    blocked = re.search(r"waited ([0-9.]+) s for the reader", sender.stderr)
    return counters, took, float(blocked.group(1)) if blocked else 0.0


def run(args, frameout, work_dir, bench_dir, root):
    seconds = 10 if args.quick else 60
    (work_dir / "out").mkdir(exist_ok=True)
    print(f"\n== live: {seconds} s of {SIZE} RGBA at {RATE} fps from shm: (frameout send --input testpattern) on "
          f"{os.cpu_count()} CPUs")
    print(f"{'codec':14} {'realtime':9} {'written':>8} {'dropped':>8} {'skipped':>8} {'encode fps':>11} "
          f"{'producer blocked':>17}")
    for name, flags in CODECS:
        for realtime in ("on", "off"):
            c, took, blocked = record(frameout, work_dir, name, flags, seconds, realtime)
            fps = c["total_frames_written"] / c["elapsed_seconds"] if c["elapsed_seconds"] else 0.0
            print(f"{name:14} {realtime:9} {c['total_frames_written']:8d} {c['total_frames_dropped']:8d} "
                  f"{c['input_frames_skipped']:8d} {fps:11.1f} {blocked:13.1f} s of {took:.1f}")
            sys.stdout.flush()
    print("targets: realtime on, 0 dropped and 0 skipped for Hap and MJPEG; realtime off: every frame, "
          "the producer blocked only while the recorder is behind")


if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(__file__))
    sys.exit(bench.main(sys.argv[1:] + ["live"]))
