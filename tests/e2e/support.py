"""Helpers for frameout's end-to-end tests (the fixtures are in conftest.py).

Everything here checks frameout from the outside: it runs the built binary, reads the files it wrote with
ffprobe, and decodes them back with the ffmpeg CLI. Nothing imports or reuses frameout's own code.

Run:  FRAMEOUT_BIN=build/frameout /usr/bin/python3 -m pytest -q -p no:cacheprovider tests/e2e
"""

import json
import math
import os
import struct
import subprocess
import threading
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[2]
FFMPEG = os.environ.get("FFMPEG", "ffmpeg")
FFPROBE = os.environ.get("FFPROBE", "ffprobe")

# Exit codes of the command-line contract (DESIGN.md section 1).
EXIT_OK = 0
EXIT_USAGE = 2
EXIT_INPUT = 3
EXIT_OUTPUT = 4
EXIT_UNAVAILABLE = 5
EXIT_SIGINT = 130
EXIT_SIGTERM = 143


# --------------------------------------------------------------------------------------------------------------
# The binary


def binary_path():
    return Path(os.environ.get("FRAMEOUT_BIN", REPO / "build" / "frameout")).resolve()


class Frameout:
    """Runs the frameout binary; every call returns a CompletedProcess with text stdout/stderr."""

    def __init__(self, binary, cwd):
        self.binary = Path(binary)
        self.cwd = Path(cwd)
        self.started = []  # processes from popen(), stopped by cleanup() if a test left them running

    def __call__(self, *args, input=None, timeout=120, cwd=None, env=None):
        cmd = [str(self.binary)] + [str(a) for a in args]
        proc = subprocess.run(
            cmd,
            input=input,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=str(cwd or self.cwd),
            timeout=timeout,
            env=env,
        )
        proc.stdout = proc.stdout.decode("utf-8", "replace")
        proc.stderr = proc.stderr.decode("utf-8", "replace")
        proc.cmd = cmd
        return proc

    def popen(self, *args, stdin=None, cwd=None):
        cmd = [str(self.binary)] + [str(a) for a in args]
        proc = subprocess.Popen(
            cmd, stdin=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=str(cwd or self.cwd)
        )
        self.started.append(proc)
        return proc

    def cleanup(self):
        for proc in self.started:
            if proc.poll() is None:
                proc.kill()
                proc.wait(timeout=30)
            if proc.stdin:
                try:
                    proc.stdin.close()
                except OSError:
                    pass


def describe(proc):
    """Text for assertion messages: the command, its exit code and stderr."""
    return f"cmd: {' '.join(getattr(proc, 'cmd', []))}\nexit: {proc.returncode}\nstderr:\n{proc.stderr}"


def assert_ok(proc):
    assert proc.returncode == 0, describe(proc)


def raw_args(path, fmt, w, h, rate=30):
    """Flags describing a raw frame input."""
    return ["--input", str(path), "--input-format", fmt, "--input-size", f"{w}x{h}", "--input-rate", str(rate)]


def leftovers(folder):
    """frameout temporary files (.NAME.frameout-RANDOM.part) left in a folder."""
    return sorted(p.name for p in Path(folder).iterdir() if ".frameout-" in p.name or p.name.endswith(".part"))


def assert_no_output(folder, name):
    """Nothing at the final name and no temporary file in the folder."""
    folder = Path(folder)
    assert not (folder / name).exists(), f"{name} was left behind after a failure"
    if folder.is_dir():
        assert leftovers(folder) == [], f"temporary files left behind: {leftovers(folder)}"


# --------------------------------------------------------------------------------------------------------------
# ffprobe


def ffprobe(path, *extra):
    cmd = [FFPROBE, "-v", "error", "-of", "json", "-show_streams", "-show_format", *extra, str(path)]
    out = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
    assert out.returncode == 0, f"ffprobe failed on {path}: {out.stderr.decode(errors='replace')}"
    return json.loads(out.stdout)


def video_stream(path, count=False):
    info = ffprobe(path, *(["-count_frames"] if count else []))
    streams = [s for s in info["streams"] if s["codec_type"] == "video"]
    assert len(streams) == 1, f"{path}: expected one video stream, got {info['streams']}"
    return streams[0]


def count_frames(path):
    """Exact number of decodable video frames (ffprobe -count_frames)."""
    return int(video_stream(path, count=True)["nb_read_frames"])


def probe_frames(path):
    """Per-frame info of the video stream: pict_type, key_frame, pts ..."""
    cmd = [FFPROBE, "-v", "error", "-of", "json", "-select_streams", "v:0", "-show_frames",
           "-show_entries", "frame=pict_type,key_frame,pts,best_effort_timestamp", str(path)]
    out = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
    assert out.returncode == 0, out.stderr.decode(errors="replace")
    return json.loads(out.stdout)["frames"]


# --------------------------------------------------------------------------------------------------------------
# Decoding with the ffmpeg CLI

_PIX = {
    # pix_fmt: (dtype, channels, planar)
    "rgba": (np.uint8, 4, False),
    "rgb24": (np.uint8, 3, False),
    "gray": (np.uint8, 1, False),
    "rgba64le": (np.dtype("<u2"), 4, False),
    "rgb48le": (np.dtype("<u2"), 3, False),
    "yuv444p": (np.uint8, 3, True),
    "yuva444p": (np.uint8, 4, True),
    "yuv444p10le": (np.dtype("<u2"), 3, True),
    "yuv444p12le": (np.dtype("<u2"), 3, True),
    "yuva444p12le": (np.dtype("<u2"), 4, True),
    "yuv444p16le": (np.dtype("<u2"), 3, True),
    "yuva444p16le": (np.dtype("<u2"), 4, True),
}

SWS = "accurate_rnd+full_chroma_int+full_chroma_inp+bitexact"


def decode(path, pix_fmt="rgba", matrix=None, rng=None, max_frames=None, size=None):
    """Decode a movie to an array (frames, height, width, channels) with the ffmpeg CLI.

    matrix / rng: the YCbCr matrix (bt709, bt601 ...) and range (tv, pc) ffmpeg's scaler uses to go back
    to RGB; None leaves ffmpeg to follow the stream's tags. size: (w, h) when known (saves an ffprobe run).
    """
    if size:
        w, h = size
    else:
        st = video_stream(path)
        w, h = int(st["width"]), int(st["height"])
    dtype, ch, planar = _PIX[pix_fmt]
    opts = [f"flags={SWS}"]
    if matrix:
        opts.append(f"in_color_matrix={matrix}")
    if rng:
        opts.append(f"in_range={rng}")
    cmd = [FFMPEG, "-v", "error", "-nostdin", "-i", str(path), "-map", "0:v:0"]
    if max_frames:
        cmd += ["-frames:v", str(max_frames)]
    # passthrough: every decoded frame once, as stored (no duplicating or dropping to a constant rate)
    cmd += ["-fps_mode", "passthrough", "-vf", "scale=" + ":".join(opts), "-f", "rawvideo", "-pix_fmt", pix_fmt, "-"]
    out = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=300)
    assert out.returncode == 0, f"ffmpeg could not decode {path}: {out.stderr.decode(errors='replace')}"
    data = np.frombuffer(out.stdout, dtype=dtype)
    per = w * h * ch
    assert data.size % per == 0, f"{path}: decoded {data.size} values, not a whole number of {w}x{h} frames"
    n = data.size // per
    if planar:
        return data.reshape(n, ch, h, w).transpose(0, 2, 3, 1)
    return data.reshape(n, h, w, ch)


def decode_native(path, max_frames=None):
    """Decode without any pixel conversion: (frames, h, w, planes) in the stream's own pix_fmt.

    Only for 4:4:4 formats listed in _PIX; keeps every bit the decoder produced (swscale's RGB output
    paths are not exact above 8 bits, so deep checks convert YCbCr to RGB here in numpy instead).
    """
    pix_fmt = video_stream(path)["pix_fmt"]
    assert pix_fmt in _PIX, f"{path}: no native decode for pix_fmt {pix_fmt}"
    st = video_stream(path)
    w, h = int(st["width"]), int(st["height"])
    dtype, ch, planar = _PIX[pix_fmt]
    cmd = [FFMPEG, "-v", "error", "-nostdin", "-i", str(path), "-map", "0:v:0"]
    if max_frames:
        cmd += ["-frames:v", str(max_frames)]
    cmd += ["-fps_mode", "passthrough", "-f", "rawvideo", "-pix_fmt", pix_fmt, "-"]
    out = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=300)
    assert out.returncode == 0, f"ffmpeg could not decode {path}: {out.stderr.decode(errors='replace')}"
    data = np.frombuffer(out.stdout, dtype=dtype)
    n = data.size // (w * h * ch)
    data = data[: n * w * h * ch]
    if planar:
        return pix_fmt, data.reshape(n, ch, h, w).transpose(0, 2, 3, 1)
    return pix_fmt, data.reshape(n, h, w, ch)


_KRKB = {"bt709": (0.2126, 0.0722), "bt601": (0.299, 0.114)}


def ycbcr_to_rgb(planes, bits, matrix="bt709", full_range=False):
    """Y'CbCr(A) planes (..., 3 or 4) of the given bit depth to float R'G'B'(A) in 0..1 (not clipped)."""
    kr, kb = _KRKB[matrix]
    kg = 1.0 - kr - kb
    p = np.asarray(planes, dtype=np.float64)
    s = float(1 << (bits - 8))
    if full_range:
        y = p[..., 0] / (255.0 * s)
        cb = (p[..., 1] - 128.0 * s) / (255.0 * s)
        cr = (p[..., 2] - 128.0 * s) / (255.0 * s)
    else:
        y = (p[..., 0] - 16.0 * s) / (219.0 * s)
        cb = (p[..., 1] - 128.0 * s) / (224.0 * s)
        cr = (p[..., 2] - 128.0 * s) / (224.0 * s)
    r = y + 2.0 * (1.0 - kr) * cr
    b = y + 2.0 * (1.0 - kb) * cb
    g = (y - kr * r - kb * b) / kg
    chans = [r, g, b]
    if p.shape[-1] == 4:
        chans.append(p[..., 3] / float((1 << bits) - 1))  # alpha is always full range
    return np.stack(chans, axis=-1)


def rgb_to_ycbcr(rgb, bits=8, matrix="bt709", full_range=False):
    """Float R'G'B' in 0..1 to rounded Y'CbCr code values (reference for lossless checks)."""
    kr, kb = _KRKB[matrix]
    kg = 1.0 - kr - kb
    rgb = np.asarray(rgb, dtype=np.float64)
    r, g, b = rgb[..., 0], rgb[..., 1], rgb[..., 2]
    y = kr * r + kg * g + kb * b
    cb = (b - y) / (2.0 * (1.0 - kb))
    cr = (r - y) / (2.0 * (1.0 - kr))
    s = float(1 << (bits - 8))
    if full_range:
        out = [y * 255.0 * s, cb * 255.0 * s + 128.0 * s, cr * 255.0 * s + 128.0 * s]
    else:
        out = [16.0 * s + y * 219.0 * s, 128.0 * s + cb * 224.0 * s, 128.0 * s + cr * 224.0 * s]
    return np.round(np.stack(out, axis=-1))


def psnr(a, b, peak=255.0):
    """PSNR in dB between two arrays of the same shape (inf when identical)."""
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    assert a.shape == b.shape, f"shape mismatch {a.shape} vs {b.shape}"
    mse = np.mean((a - b) ** 2)
    if mse == 0:
        return math.inf
    return 10.0 * math.log10(peak * peak / mse)


def max_error(a, b):
    return int(np.max(np.abs(np.asarray(a, dtype=np.int64) - np.asarray(b, dtype=np.int64))))


# --------------------------------------------------------------------------------------------------------------
# Deterministic input frames


def make_frames(w, h, n, seed=1, noise=3.0 / 255.0, alpha=True):
    """Float RGBA frames in 0..1, shape (n, h, w, 4): gradients, a moving wave, seeded grain, a moving box.

    The alpha channel is a diagonal ramp (0.25..1) with an opaque box, or 1 when alpha is False.
    """
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:h, 0:w].astype(np.float64)
    out = np.empty((n, h, w, 4), dtype=np.float64)
    bw, bh = max(4, w // 5), max(4, h // 5)
    # A fixed grain texture that drifts one pixel per frame: detail a codec must keep, which motion
    # prediction can follow (fresh noise in every frame would defeat inter-frame coding).
    grain = rng.normal(0.0, noise, size=(h, w + n, 3))
    for i in range(n):
        r = 0.1 + 0.8 * x / max(w - 1, 1)
        g = 0.1 + 0.8 * y / max(h - 1, 1)
        b = 0.5 + 0.3 * np.sin(2 * np.pi * (x + 2 * y + 3 * i) / max(w, 8))
        f = np.stack([r, g, b], axis=-1)
        f += grain[:, n - i:n - i + w]
        bx = (3 * i) % max(w - bw, 1)
        by = (2 * i) % max(h - bh, 1)
        f[by:by + bh, bx:bx + bw] = (0.85, 0.2, 0.15)
        out[i, ..., :3] = f
        if alpha:
            a = 0.25 + 0.75 * (x + y) / max(w + h - 2, 1)
            a[by:by + bh, bx:bx + bw] = 1.0
            out[i, ..., 3] = a
        else:
            out[i, ..., 3] = 1.0
    return np.clip(out, 0.0, 1.0)


def to_u8(frames):
    return np.round(np.clip(frames, 0, 1) * 255.0).astype(np.uint8)


def to_u16(frames):
    return np.round(np.clip(frames, 0, 1) * 65535.0).astype("<u2")


def write_raw(path, array):
    Path(path).write_bytes(np.ascontiguousarray(array).tobytes())
    return Path(path)


# --------------------------------------------------------------------------------------------------------------
# Raw input in every Common-page pixel format


def _f16(a):
    return np.asarray(a).astype("<f2")


def _f32(a):
    return np.asarray(a).astype("<f4")


def _ufloat_bits(v, bits):
    """Unsigned small float (5-bit exponent, 6 or 5-bit mantissa) by truncating the half-float bit pattern."""
    half = _f16(v).view("<u2").astype(np.uint32)
    return (half >> (15 - bits)) & ((1 << bits) - 1)


def _ufloat_value(b, bits):
    return (b << (15 - bits)).astype("<u2").view("<f2").astype(np.float64)


def pack_input(token, f):
    """Float RGBA frames (n, h, w, 4) in 0..1 packed as the raw layout of a Common-page pixel format token.

    Returns (array to write, float RGBA the input really holds after its own quantisation), with the
    documented channel mapping: mono -> grey, rg -> red/green with blue 0, alpha-only -> grey and alpha,
    formats without alpha -> opaque.
    """
    rgb, a, m = f[..., :3], f[..., 3:4], f[..., :1]
    one, zero = np.ones_like(a), np.zeros_like(a)
    ma = np.concatenate([m, a], -1)

    def q8(v):
        return to_u8(v) / 255.0

    def q16(v):
        return to_u16(v) / 65535.0

    def h(v):
        return _f16(v).astype(np.float64)

    if token == "rgb10a2fixed":  # one LE 32-bit word: R bits 0-9, G 10-19, B 20-29, A 30-31
        c10 = np.round(rgb * 1023).astype(np.uint32)
        a2 = np.round(a[..., 0] * 3).astype(np.uint32)
        word = c10[..., 0] | (c10[..., 1] << 10) | (c10[..., 2] << 20) | (a2 << 30)
        return word.astype("<u4"), np.concatenate([c10 / 1023.0, a2[..., None] / 3.0], -1)
    if token == "rgba11float":  # R 11-bit float bits 0-10, G 11-21, B 10-bit float 22-31, opaque
        r11, g11, b10 = _ufloat_bits(rgb[..., 0], 11), _ufloat_bits(rgb[..., 1], 11), _ufloat_bits(rgb[..., 2], 10)
        word = r11 | (g11 << 11) | (b10 << 22)
        held = np.stack([_ufloat_value(r11, 11), _ufloat_value(g11, 11), _ufloat_value(b10, 10), one[..., 0]], -1)
        return word.astype("<u4"), held
    table = {
        "rgba8fixed": (to_u8(f), q8(f)),
        "srgba8fixed": (to_u8(f), q8(f)),
        "rgba16fixed": (to_u16(f), q16(f)),
        "rgba16float": (_f16(f), h(f)),
        "rgba32float": (_f32(f), f),
        "rgb16float": (_f16(rgb), np.concatenate([h(rgb), one], -1)),
        "rgb32float": (_f32(rgb), np.concatenate([rgb, one], -1)),
        "mono8fixed": (to_u8(m), np.concatenate([q8(m)] * 3 + [one], -1)),
        "mono16fixed": (to_u16(m), np.concatenate([q16(m)] * 3 + [one], -1)),
        "mono16float": (_f16(m), np.concatenate([h(m)] * 3 + [one], -1)),
        "mono32float": (_f32(m), np.concatenate([m] * 3 + [one], -1)),
        "rg8fixed": (to_u8(rgb[..., :2]), np.concatenate([q8(rgb[..., :2]), zero, one], -1)),
        "rg16fixed": (to_u16(rgb[..., :2]), np.concatenate([q16(rgb[..., :2]), zero, one], -1)),
        "rg16float": (_f16(rgb[..., :2]), np.concatenate([h(rgb[..., :2]), zero, one], -1)),
        "rg32float": (_f32(rgb[..., :2]), np.concatenate([rgb[..., :2], zero, one], -1)),
        "a8fixed": (to_u8(a), np.concatenate([q8(a)] * 4, -1)),
        "a16fixed": (to_u16(a), np.concatenate([q16(a)] * 4, -1)),
        "a16float": (_f16(a), np.concatenate([h(a)] * 4, -1)),
        "a32float": (_f32(a), np.concatenate([a] * 4, -1)),
        "monoalpha8fixed": (to_u8(ma), np.concatenate([q8(m)] * 3 + [q8(a)], -1)),
        "monoalpha16fixed": (to_u16(ma), np.concatenate([q16(m)] * 3 + [q16(a)], -1)),
        "monoalpha16float": (_f16(ma), np.concatenate([h(m)] * 3 + [h(a)], -1)),
        "monoalpha32float": (_f32(ma), np.concatenate([m] * 3 + [a], -1)),
    }
    return table[token]


INPUT_FORMATS = ["rgba8fixed", "srgba8fixed", "rgba16fixed", "rgba16float", "rgba32float", "rgb10a2fixed",
                 "rgba11float", "rgb16float", "rgb32float", "mono8fixed", "mono16fixed", "mono16float",
                 "mono32float", "rg8fixed", "rg16fixed", "rg16float", "rg32float", "a8fixed", "a16fixed",
                 "a16float", "a32float", "monoalpha8fixed", "monoalpha16fixed", "monoalpha16float",
                 "monoalpha32float"]


# --------------------------------------------------------------------------------------------------------------
# Slow writers and signals


class StderrReader:
    """Collects a child's stderr lines on a thread, so a test can wait for a progress line."""

    def __init__(self, proc):
        self.lines = []
        self._cv = threading.Condition()
        self._thread = threading.Thread(target=self._run, args=(proc.stderr,), daemon=True)
        self._thread.start()

    def _run(self, stream):
        for raw in iter(stream.readline, b""):
            with self._cv:
                self.lines.append(raw.decode("utf-8", "replace").rstrip("\n"))
                self._cv.notify_all()
        with self._cv:
            self.lines.append(None)  # end of stream
            self._cv.notify_all()

    def progress(self):
        out = []
        for line in self.lines:
            if line and line.startswith("{"):
                try:
                    out.append(json.loads(line))
                except ValueError:
                    pass
        return out

    def wait_for(self, predicate, timeout=15.0):
        """Wait until some JSON progress line satisfies predicate; returns it (or None on timeout/EOF)."""
        return self._wait(self.progress, predicate, timeout)

    def wait_line(self, predicate, timeout=15.0):
        """Wait until some stderr line satisfies predicate; returns it (or None on timeout/EOF)."""
        return self._wait(lambda: [line for line in self.lines if line is not None], predicate, timeout)

    def _wait(self, items, predicate, timeout):
        deadline = time.monotonic() + timeout
        with self._cv:
            while True:
                for item in items():
                    if predicate(item):
                        return item
                if None in self.lines:
                    return None
                left = deadline - time.monotonic()
                if left <= 0:
                    return None
                self._cv.wait(left)

    def text(self):
        self._thread.join(timeout=10)
        return "\n".join(l for l in self.lines if l is not None)


def send_and_wait(proc, sig, timeout=30):
    proc.send_signal(sig)
    return proc.wait(timeout=timeout)


# --------------------------------------------------------------------------------------------------------------
# EXR headers, read by the published layout


def exr_header(path):
    """(version field, {attribute name: (type name, value bytes)}) of a single-part scanline EXR file."""
    data = Path(path).read_bytes()
    assert data[:4] == b"\x76\x2f\x31\x01", f"{path}: not an OpenEXR file"
    version = struct.unpack("<I", data[4:8])[0]
    pos, attrs = 8, {}

    def cstr(p):
        end = data.index(b"\0", p)
        return data[p:end].decode("latin-1"), end + 1

    while data[pos] != 0:
        name, pos = cstr(pos)
        typ, pos = cstr(pos)
        size = struct.unpack("<i", data[pos:pos + 4])[0]
        pos += 4
        attrs[name] = (typ, data[pos:pos + size])
        pos += size
    return version, attrs


def exr_channels(attrs):
    """{channel name: pixel type} from the chlist attribute (0 uint, 1 half, 2 float)."""
    typ, v = attrs["channels"]
    assert typ == "chlist"
    out, p = {}, 0
    while v[p] != 0:
        end = v.index(b"\0", p)
        name = v[p:end].decode()
        p = end + 1
        out[name] = struct.unpack("<i", v[p:p + 4])[0]
        p += 16  # pixel type, pLinear + 3 reserved, xSampling, ySampling
    return out


def build_c_producer(folder, source):
    """Compiles the C program `source` (a producer using include/frameout/shm_producer.h) in `folder`; returns
    the executable's path."""
    (folder / "producer.c").write_text(source)
    subprocess.run(["cc", "-std=c99", "-D_GNU_SOURCE", "-O2", "-Wall", "-Werror", "-I", str(REPO / "include"),
                    str(folder / "producer.c"), "-o", str(folder / "producer")], check=True, timeout=120)
    return folder / "producer"
