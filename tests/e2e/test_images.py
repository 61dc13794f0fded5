"""Stills and image sequences (`frameout movie --type image|imagesequence`) and transcoding from image
sequences and movies.

Every file frameout writes is read back without frameout's code: ffmpeg decodes PNG, TIFF (fixed point),
JPEG and EXR (half and float come out as exact 32-bit floats); the small readers below follow the published
layouts of TIFF (float samples, which ffmpeg 5.1 cannot decode), BMP and DDS (ffmpeg misreads DX10 DDS) and
the EXR header (attribute names, types and values). Inputs are raw frames with known pixels.
"""

import json
import math
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import numpy as np
import pytest

from support import (EXIT_INPUT, EXIT_OUTPUT, EXIT_USAGE, FFMPEG, Frameout, assert_no_output, assert_ok,
                     count_frames, decode, decode_native, describe, exr_channels, exr_header, ffprobe, leftovers,
                     make_frames, pack_input, psnr, raw_args, to_u8, to_u16, write_raw, ycbcr_to_rgb)

W, H = 64, 48
N = 2  # frames per writer case: the second one checks that a sequence really holds different frames


# --------------------------------------------------------------------------------------------------------------
# Independent readers


def ff_image(path, pix_fmt, w=W, h=H):
    """Decode an image (or an image2 sequence pattern) with the ffmpeg CLI: (frames, h, w, channels)."""
    layouts = {  # pix_fmt: (dtype, channels, planar, channel order to RGBA-ish order)
        "rgba": (np.uint8, 4, False), "rgb24": (np.uint8, 3, False), "gray": (np.uint8, 1, False),
        "ya8": (np.uint8, 2, False), "rgba64le": (np.dtype("<u2"), 4, False),
        "rgb48le": (np.dtype("<u2"), 3, False), "gray16le": (np.dtype("<u2"), 1, False),
        "gbrapf32le": (np.dtype("<f4"), 4, True), "gbrpf32le": (np.dtype("<f4"), 3, True),
        "grayf32le": (np.dtype("<f4"), 1, False),
    }
    dtype, ch, planar = layouts[pix_fmt]
    cmd = [FFMPEG, "-v", "error", "-nostdin", "-i", str(path), "-f", "rawvideo", "-pix_fmt", pix_fmt, "-"]
    out = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
    assert out.returncode == 0, f"ffmpeg could not decode {path}: {out.stderr.decode(errors='replace')}"
    data = np.frombuffer(out.stdout, dtype=dtype)
    per = w * h * ch
    assert data.size % per == 0 and data.size, f"{path}: {data.size} values is not whole {w}x{h} frames"
    n = data.size // per
    if planar:  # G, B, R (, A) planes -> R, G, B (, A)
        arr = data.reshape(n, ch, h, w).transpose(0, 2, 3, 1)
        return arr[..., [2, 0, 1, 3][:ch]]
    return data.reshape(n, h, w, ch)


def stream_pix_fmt(path):
    st = [s for s in ffprobe(path)["streams"] if s["codec_type"] == "video"]
    assert len(st) == 1, st
    return st[0].get("pix_fmt"), st[0]["codec_name"]


_TIFF_TYPES = {1: ("B", 1), 2: ("s", 1), 3: ("H", 2), 4: ("I", 4), 5: ("II", 8), 7: ("B", 1), 11: ("f", 4),
               12: ("d", 8)}


def read_tiff(path):
    """(tags, (h, w, samples) array) of a chunky strip TIFF; none/deflate, predictors 1, 2 and 3."""
    data = Path(path).read_bytes()
    bo = {b"II": "<", b"MM": ">"}[data[:2]]
    assert struct.unpack(bo + "H", data[2:4])[0] == 42
    off = struct.unpack(bo + "I", data[4:8])[0]
    tags = {}
    for i in range(struct.unpack(bo + "H", data[off:off + 2])[0]):
        e = data[off + 2 + 12 * i: off + 14 + 12 * i]
        tag, typ, cnt = struct.unpack(bo + "HHI", e[:8])
        fmt, size = _TIFF_TYPES[typ]
        total = size * cnt
        raw = e[8:12] if total <= 4 else data[struct.unpack(bo + "I", e[8:12])[0]:][:total]
        if typ == 2:
            tags[tag] = raw[:cnt].rstrip(b"\0").decode("latin-1")
        elif typ == 7:  # UNDEFINED: bytes as they are (the ICC profile)
            tags[tag] = raw[:cnt]
        else:
            tags[tag] = struct.unpack(bo + fmt * cnt, raw[:total])
    w, h = tags[256][0], tags[257][0]
    bps, spp = tags[258][0], tags.get(277, (1,))[0]
    comp, pred, fmt = tags.get(259, (1,))[0], tags.get(317, (1,))[0], tags.get(339, (1,))[0]
    assert tags.get(284, (1,))[0] == 1, "planar TIFF not expected"
    dt = np.dtype({(1, 8): "u1", (1, 16): "u2", (3, 32): "f4"}[(fmt, bps)]).newbyteorder(bo)
    strips = []
    for so, sc in zip(tags[273], tags[279]):
        s = data[so:so + sc]
        if comp in (8, 32946):
            s = zlib.decompress(s)
        else:
            assert comp == 1, f"compression {comp} not handled by the test reader"
        strips.append(s)
    row = w * spp * bps // 8
    buf = np.frombuffer(b"".join(strips), np.uint8)[: row * h].reshape(h, row)
    if pred == 2:  # horizontal differencing per sample
        v = buf.copy().view(dt).reshape(h, w, spp).astype(np.int64)
        v = np.cumsum(v, axis=1) % (1 << bps)
        return tags, v.astype(dt.newbyteorder("=")).reshape(h, w, spp)
    if pred == 3:  # floating point: byte differencing (stride = samples), then byte planes MSB first
        b = np.cumsum(buf.astype(np.int64).reshape(h, -1, spp), axis=1) % 256
        b = b.astype(np.uint8).reshape(h, bps // 8, w * spp).transpose(0, 2, 1)[:, :, ::-1]
        v = np.ascontiguousarray(b).view(np.dtype("<f4"))
        return tags, v.reshape(h, w, spp).astype(np.float32)
    return tags, buf.view(dt).reshape(h, w, spp).astype(dt.newbyteorder("="))


def write_float_tiff(path, img):
    """An uncompressed little-endian 32-bit float RGB(A) TIFF (alpha unassociated), written from scratch."""
    img = np.ascontiguousarray(img, dtype="<f4")
    h, w, spp = img.shape
    n_tags = 12 if spp == 4 else 11
    data_off = 8 + 2 + 12 * n_tags + 4
    extra = struct.pack(f"<{spp}H", *([32] * spp)) + struct.pack(f"<{spp}H", *([3] * spp))
    bps_off, sf_off, pix_off = data_off, data_off + 2 * spp, data_off + 4 * spp
    pixels = img.tobytes()
    tags = [(256, 4, 1, w), (257, 4, 1, h), (258, 3, spp, bps_off), (259, 3, 1, 1), (262, 3, 1, 2),
            (273, 4, 1, pix_off), (277, 3, 1, spp), (278, 4, 1, h), (279, 4, 1, len(pixels)), (284, 3, 1, 1)]
    if spp == 4:
        tags.append((338, 3, 1, 2))
    tags.append((339, 3, spp, sf_off))
    ifd = struct.pack("<H", n_tags)
    for tag, typ, cnt, val in tags:
        ifd += (struct.pack("<HHIHH", tag, typ, cnt, val, 0) if typ == 3 and cnt == 1
                else struct.pack("<HHII", tag, typ, cnt, val))
    ifd += struct.pack("<I", 0)
    Path(path).write_bytes(b"II*\0" + struct.pack("<I", 8) + ifd + extra + pixels)


def read_bmp(path):
    """(header fields, top-down (h, w, 3|4) uint8 RGB(A)) following the BITMAPINFOHEADER/V5 layout."""
    d = Path(path).read_bytes()
    assert d[:2] == b"BM"
    info = dict(file_size=struct.unpack("<I", d[2:6])[0], offset=struct.unpack("<I", d[10:14])[0],
                header_size=struct.unpack("<I", d[14:18])[0])
    w, h = struct.unpack("<ii", d[18:26])
    planes, bpp, comp = struct.unpack("<HHI", d[26:34])
    info.update(width=w, height=h, planes=planes, bpp=bpp, compression=comp)
    if info["header_size"] >= 56:
        info["masks"] = struct.unpack("<4I", d[54:70])  # R, G, B, A
    if info["header_size"] >= 108:
        info["cs_type"] = d[70:74]
    stride = (w * bpp + 31) // 32 * 4
    rows = np.frombuffer(d, np.uint8, count=stride * abs(h), offset=info["offset"]).reshape(abs(h), stride)
    px = rows[:, : w * bpp // 8].reshape(abs(h), w, bpp // 8)
    if h > 0:
        px = px[::-1]
    if bpp == 24:
        return info, px[..., [2, 1, 0]]
    assert bpp == 32
    masks = info.get("masks", (0x00FF0000, 0x0000FF00, 0x000000FF, 0))
    v = np.ascontiguousarray(px).view("<u4")[..., 0]
    chans = []
    for m in masks:
        shift = (m & -m).bit_length() - 1 if m else 0
        chans.append(((v & m) >> shift).astype(np.uint8) if m else np.full(v.shape, 255, np.uint8))
    return info, np.stack(chans, -1)


_DXGI = {28: (np.uint8, "RGBA8_UNORM"), 10: (np.dtype("<f2"), "RGBA16_FLOAT"), 2: (np.dtype("<f4"), "RGBA32_FLOAT")}


def read_dds(path):
    """(header fields, [mip level arrays (h, w, 4)]) of an uncompressed 2D DDS (legacy or DX10 header)."""
    d = Path(path).read_bytes()
    assert d[:4] == b"DDS "
    u32 = lambda o: struct.unpack("<I", d[o:o + 4])[0]  # noqa: E731
    info = dict(size=u32(4), flags=u32(8), height=u32(12), width=u32(16), mips=u32(28), pf_size=u32(76),
                pf_flags=u32(80), fourcc=d[84:88], bits=u32(88), masks=tuple(u32(92 + 4 * i) for i in range(4)),
                caps=u32(108), caps2=u32(112))
    off = 128
    if info["pf_flags"] & 0x4 and info["fourcc"] == b"DX10":
        info.update(dxgi=u32(128), dimension=u32(132), array_size=u32(140))
        off = 148
        dtype = _DXGI[info["dxgi"]][0]
    else:
        assert info["bits"] == 32 and info["masks"] == (0xFF, 0xFF00, 0xFF0000, 0xFF000000), info
        dtype = np.uint8
    levels, w, h = [], info["width"], info["height"]
    for _ in range(max(info["mips"], 1)):
        count = w * h * 4
        levels.append(np.frombuffer(d, dtype, count=count, offset=off).reshape(h, w, 4))
        off += count * np.dtype(dtype).itemsize
        w, h = max(1, w // 2), max(1, h // 2)
    info["trailing_bytes"] = len(d) - off
    return info, levels


def png_chunks(path):
    d = Path(path).read_bytes()
    assert d[:8] == b"\x89PNG\r\n\x1a\n"
    p, out = 8, []
    while p < len(d):
        n, t = struct.unpack(">I4s", d[p:p + 8])
        out.append(t.decode())
        p += 12 + n
    return out


# --------------------------------------------------------------------------------------------------------------
# Inputs


def source_frames(n=N, seed=21):
    """Float RGBA frames with an alpha ramp and a few values outside 0..1 (kept only by float formats)."""
    f = make_frames(W, H, n, seed=seed)
    f[:, 0, 0, :3] = (2.5, -0.25, 1.0)
    f[:, 1, 0, :3] = (0.5, 1.75, -1.0)
    return f


def smooth_frames(n=N, w=W, h=H):
    """Gradients and a slow wave with an alpha ramp: content JPEG's 4:2:0 chroma can follow (the grain and the
    sharp coloured box of make_frames limit any 4:2:0 JPEG, ffmpeg's own at -q:v 2 included, to ~31 dB)."""
    y, x = np.mgrid[0:h, 0:w].astype(np.float64)
    out = np.empty((n, h, w, 4))
    for i in range(n):
        out[i, ..., 0] = 0.15 + 0.7 * x / (w - 1)
        out[i, ..., 1] = 0.15 + 0.7 * y / (h - 1)
        out[i, ..., 2] = 0.5 + 0.3 * np.sin(2 * np.pi * (x + y + 4 * i) / (2 * w))
        out[i, ..., 3] = 0.25 + 0.75 * (x + y) / (w + h - 2)
    return out


def rgb8_input(f):
    """frameout's own rgb8fixed raw layout (3 bytes per pixel) and the values it holds."""
    u8 = to_u8(f[..., :3])
    held = np.concatenate([u8 / 255.0, np.ones_like(f[..., :1])], -1)
    return u8, held


@pytest.fixture(scope="module")
def images(frameout_bin, tmp_path_factory):
    """Writes a WRITER_CASES entry once per module: returns (folder, pattern, held input values)."""
    folder = tmp_path_factory.mktemp("writers")
    run = Frameout(frameout_bin, folder)
    sharp, smooth = source_frames(), smooth_frames()
    cache = {}

    def get(case):
        if case not in cache:
            ftype, token, fmt, _, _, _, extra = WRITER_CASES[case]
            f = smooth if ftype == "jpeg" else sharp
            packed, held = rgb8_input(f) if token == "rgb8fixed" else pack_input(token, f)
            raw = write_raw(folder / f"{case}.raw", packed)
            ext = {"jpeg": "jpg", "tiff": "tif"}.get(ftype, ftype)
            proc = run("movie", *raw_args(raw, token, W, H), "--type", "imagesequence", "--imagefiletype", ftype,
                       "--format", fmt, "--file", f"{case}/img.%04d.{ext}", *extra, "-v")
            assert_ok(proc)
            cache[case] = (folder / case, f"img.%04d.{ext}", held, proc.stderr)
        return cache[case]

    return get


def q(values, bits):
    """The integer code values a lossless fixed-point writer must store for held values."""
    top = (1 << bits) - 1
    return np.floor(np.clip(values, 0.0, 1.0) * top + 0.5).astype(np.int64)


def within_half(decoded, held):
    """Largest error relative to one half-float step at the value's magnitude (<= 0.5 means exact rounding)."""
    held = np.asarray(held, np.float64)
    step = np.maximum(np.abs(held), 2.0 ** -14) * 2.0 ** -10
    return float(np.max(np.abs(decoded.astype(np.float64) - held) / step))


# id: (imagefiletype, input token, --format, ffprobe pix_fmt (None: not checked), check, channels, extra flags)
#   check: ("int", bits, tolerance) fixed-point codes; "half" / "float" EXR sample types; ("psnr", dB) JPEG;
#          ("tiff-float",) / ("bmp", bpp) / ("dds", dxgi or None) read by the test-side readers
#   channels: which of the held RGBA values the file holds ("rgba", "rgb", "y", "ya")
WRITER_CASES = {
    # PNG: 8 / 16 bit, grey, grey+alpha, RGB, RGBA
    "png-rgba8": ("png", "rgba8fixed", "rgba8fixed", "rgba", ("int", 8, 0), "rgba", []),
    "png-rgba16": ("png", "rgba16fixed", "rgba16fixed", "rgba64be", ("int", 16, 0), "rgba", []),
    "png-rgba16float": ("png", "rgba16float", "rgba16float", "rgba64be", ("int", 16, 1), "rgba", []),
    "png-rgba32float": ("png", "rgba32float", "rgba32float", "rgba64be", ("int", 16, 1), "rgba", []),
    "png-rgba8-from-16": ("png", "rgba16fixed", "rgba8fixed", "rgba", ("int", 8, 1), "rgba", []),
    "png-rgb8": ("png", "rgb8fixed", "useinput", "rgb24", ("int", 8, 0), "rgb", []),
    "png-mono8": ("png", "mono8fixed", "mono8fixed", "gray", ("int", 8, 0), "y", []),
    "png-mono16": ("png", "mono16fixed", "mono16fixed", "gray16be", ("int", 16, 0), "y", []),
    "png-monoalpha8": ("png", "monoalpha8fixed", "monoalpha8fixed", "ya8", ("int", 8, 0), "ya", []),
    # TIFF: 8 / 16 bit fixed, 32-bit float
    "tiff-rgba8": ("tiff", "rgba8fixed", "rgba8fixed", "rgba", ("int", 8, 0), "rgba", []),
    "tiff-rgba16": ("tiff", "rgba16fixed", "rgba16fixed", "rgba64le", ("int", 16, 0), "rgba", []),
    "tiff-mono8": ("tiff", "mono8fixed", "mono8fixed", "gray", ("int", 8, 0), "y", []),
    "tiff-mono16": ("tiff", "mono16fixed", "mono16fixed", "gray16le", ("int", 16, 0), "y", []),
    "tiff-rgba32float": ("tiff", "rgba32float", "rgba32float", None, ("tiff-float",), "rgba", []),
    "tiff-rgb32float": ("tiff", "rgb32float", "rgb32float", None, ("tiff-float",), "rgb", []),
    "tiff-rgba32float-none": ("tiff", "rgba32float", "rgba32float", None, ("tiff-float",), "rgba",
                              ["--tiff-compression", "none"]),
    # EXR: half for 8/16-bit fixed and half inputs, float for float
    "exr-rgba8": ("exr", "rgba8fixed", "rgba8fixed", "gbrapf32le", ("half",), "rgba", []),
    "exr-rgba16fixed": ("exr", "rgba16fixed", "rgba16fixed", "gbrapf32le", ("half",), "rgba", []),
    "exr-rgba16float": ("exr", "rgba16float", "rgba16float", "gbrapf32le", ("half",), "rgba", []),
    "exr-rgba32float": ("exr", "rgba32float", "rgba32float", "gbrapf32le", ("float",), "rgba", []),
    "exr-float-to-half": ("exr", "rgba32float", "rgba16float", "gbrapf32le", ("half",), "rgba", []),
    "exr-rgb32float": ("exr", "rgb32float", "rgb32float", "gbrpf32le", ("float",), "rgb", []),
    "exr-mono32float": ("exr", "mono32float", "mono32float", "grayf32le", ("float",), "y", []),
    "exr-mono8": ("exr", "mono8fixed", "mono8fixed", "grayf32le", ("half",), "y", []),
    # JPEG: 8-bit RGB or grey, alpha dropped
    #   (measured at the default quality 0.8: 4:2:0 39.2 dB, 4:4:4 45.1 dB, grey 44 dB)
    "jpeg-rgba8": ("jpeg", "rgba8fixed", "rgba8fixed", "yuvj420p", ("psnr", 35.0), "rgb", []),
    "jpeg-rgb8-444": ("jpeg", "rgb8fixed", "useinput", "yuvj444p", ("psnr", 41.0), "rgb",
                      ["--jpeg-chroma", "444"]),
    "jpeg-rgba16": ("jpeg", "rgba16fixed", "rgba16fixed", "yuvj420p", ("psnr", 35.0), "rgb", []),
    "jpeg-mono8": ("jpeg", "mono8fixed", "mono8fixed", "gray", ("psnr", 35.0), "y", []),
    # BMP: 24-bit without alpha, 32-bit with alpha
    "bmp-rgb8": ("bmp", "rgb8fixed", "useinput", "bgr24", ("bmp", 24), "rgb", []),
    "bmp-rgba8": ("bmp", "rgba8fixed", "rgba8fixed", "bgra", ("bmp", 32), "rgba", []),
    "bmp-mono8": ("bmp", "mono8fixed", "mono8fixed", "bgr24", ("bmp", 24), "rgb", []),
    "bmp-rgba16": ("bmp", "rgba16fixed", "rgba16fixed", "bgra", ("bmp", 32), "rgba", []),
    # DDS: RGBA8 (legacy header), RGBA16F / RGBA32F (DX10 header)
    "dds-rgba8": ("dds", "rgba8fixed", "rgba8fixed", None, ("dds", None), "rgba", []),
    "dds-rgba16float": ("dds", "rgba16float", "rgba16float", None, ("dds", 10), "rgba", []),
    "dds-rgba32float": ("dds", "rgba32float", "rgba32float", None, ("dds", 2), "rgba", []),
    "dds-float-to-half": ("dds", "rgba32float", "rgba16float", None, ("dds", 10), "rgba", []),
}


def files_of(case_dir):
    files = sorted(p for p in case_dir.iterdir())
    assert [p.name for p in files] == [f"img.{i:04d}.{files[0].suffix[1:]}" for i in range(N)], \
        [p.name for p in files]
    return files


def select(held, channels):
    return {"rgba": held, "rgb": held[..., :3], "y": held[..., :1], "ya": held[..., [0, 3]]}[channels]


@pytest.mark.parametrize("case", list(WRITER_CASES))
def test_writer_stores_the_format(images, case):
    ftype, token, fmt, pix_fmt, check, channels, extra = WRITER_CASES[case]
    folder, _, _, _ = images(case)
    files = files_of(folder)
    assert leftovers(folder) == []
    if pix_fmt:
        got, codec = stream_pix_fmt(files[0])
        assert got == pix_fmt, f"{case}: ffprobe says {codec} {got}, expected {pix_fmt}"
    if ftype == "exr":
        _, attrs = exr_header(files[0])
        chans = exr_channels(attrs)
        names = {"rgba": {"R", "G", "B", "A"}, "rgb": {"R", "G", "B"}, "y": {"Y"}}[channels]
        assert set(chans) == names, chans
        want = 1 if check[0] == "half" else 2
        assert set(chans.values()) == {want}, f"{case}: channel types {chans}, expected {want} (1 half, 2 float)"
        assert attrs["compression"] == ("compression", b"\x03"), "default EXR compression is ZIP"
        assert "chromaticities" in attrs
    if ftype == "tiff":
        tags, arr = read_tiff(files[0])
        spp = {"rgba": 4, "rgb": 3, "y": 1}[channels]
        assert tags[277][0] == spp
        if spp == 4:
            assert tags[338] == (2,), "alpha must be an unassociated extra sample"
        if check[0] == "tiff-float":
            assert set(tags[339]) == {3} and set(tags[258]) == {32}, tags
        want_compression = 1 if "--tiff-compression" in extra else 8  # README: deflate by default
        assert tags[259] == (want_compression,), f"compression tag {tags[259]}"
    if ftype == "png":
        chunks = png_chunks(files[0])
        assert "sRGB" in chunks or "cICP" in chunks or {"cHRM", "gAMA"} <= set(chunks), chunks
    if ftype == "bmp":
        info, _ = read_bmp(files[0])
        assert info["bpp"] == check[1]
        assert info["file_size"] == files[0].stat().st_size
        if check[1] == 32:
            assert info["header_size"] == 124, "32-bit BMP with alpha needs a BITMAPV5HEADER"
            assert info["compression"] == 3, "BI_BITFIELDS"
            assert info["masks"][3] == 0xFF000000, f"alpha mask {info['masks']}"
            assert info["masks"][:3] == (0x00FF0000, 0x0000FF00, 0x000000FF)
    if ftype == "dds":
        info, levels = read_dds(files[0])
        assert (info["size"], info["pf_size"], info["width"], info["height"]) == (124, 32, W, H)
        assert info["mips"] in (0, 1) and len(levels) == 1 and info["trailing_bytes"] == 0
        if check[1] is None:
            assert info["pf_flags"] & 0x41 == 0x41 and info["fourcc"] == b"\0\0\0\0", info
        else:
            assert info["fourcc"] == b"DX10" and info["dxgi"] == check[1], info
            assert info["dimension"] == 3 and info["array_size"] == 1


@pytest.mark.parametrize("case", list(WRITER_CASES))
def test_writer_pixels_match_input(images, case):
    ftype, token, fmt, pix_fmt, check, channels, _ = WRITER_CASES[case]
    folder, pattern, held, _ = images(case)
    files = files_of(folder)
    want = select(held, channels)
    if check[0] == "int":
        _, bits, tol = check
        dec_fmt = {"rgba": "rgba", "rgba64be": "rgba64le", "rgb24": "rgb24", "gray": "gray",
                   "gray16be": "gray16le", "gray16le": "gray16le", "ya8": "ya8", "rgba64le": "rgba64le"}[pix_fmt]
        dec = ff_image(folder / pattern, dec_fmt).astype(np.int64)
        assert dec.shape == want.shape
        err = int(np.max(np.abs(dec - q(want, bits))))
        assert err <= tol, f"{case}: largest error {err} codes at {bits} bits (allowed {tol})"
    elif check[0] in ("half", "float"):
        dec_fmt = {"rgba": "gbrapf32le", "rgb": "gbrpf32le", "y": "grayf32le"}[channels]
        dec = ff_image(folder / pattern, dec_fmt)
        assert dec.shape == want.shape
        if check[0] == "float":
            assert np.array_equal(dec, want.astype(np.float32)), f"{case}: float samples differ"
        else:
            assert within_half(dec, want) <= 0.51, f"{case}: not the nearest half values"
    elif check[0] == "psnr":
        dec = ff_image(folder / pattern, "gray" if channels == "y" else "rgb24")
        ref = q(want, 8)
        value = psnr(dec, ref)
        assert value > check[1], f"{case}: PSNR {value:.2f} dB <= {check[1]}"
    elif check[0] == "tiff-float":
        for i, path in enumerate(files):
            _, arr = read_tiff(path)
            assert np.array_equal(arr, want[i].astype(np.float32)), f"{case}: frame {i} float samples differ"
    elif check[0] == "bmp":
        tol = 0 if token.endswith("8fixed") else 1
        for i, path in enumerate(files):
            _, arr = read_bmp(path)
            ref = q(want[i], 8)
            assert arr.shape == ref.shape, (arr.shape, ref.shape)
            err = int(np.max(np.abs(arr.astype(np.int64) - ref)))
            assert err <= tol, f"{case}: frame {i} largest error {err}"
    elif check[0] == "dds":
        for i, path in enumerate(files):
            info, levels = read_dds(path)
            arr = levels[0]
            if check[1] is None:
                assert np.array_equal(arr.astype(np.int64), q(want[i], 8)), f"{case}: frame {i} differs"
            elif check[1] == 2:
                assert np.array_equal(arr, want[i].astype(np.float32)), f"{case}: frame {i} differs"
            else:
                assert within_half(arr, want[i]) <= 0.51, f"{case}: frame {i} not the nearest half values"
    else:
        raise AssertionError(check)
    # the two frames of the sequence are different pictures (nothing repeated)
    if len(files) == 2 and check[0] != "psnr":
        assert files[0].read_bytes() != files[1].read_bytes()


def test_float_formats_keep_values_outside_0_1(images):
    for case in ("exr-rgba32float", "exr-rgba16float", "tiff-rgba32float", "dds-rgba32float"):
        folder, pattern, held, _ = images(case)
        first = sorted(folder.iterdir())[0]
        if case.startswith("exr"):
            px = ff_image(first, "gbrapf32le")[0, 0, 0]
        elif case.startswith("tiff"):
            px = read_tiff(first)[1][0, 0]
        else:
            px = read_dds(first)[1][0][0, 0].astype(np.float64)
        assert tuple(np.round(px[:3], 3)) == (2.5, -0.25, 1.0), f"{case}: {px}"


def test_jpeg_alpha_dropped_with_a_warning(images):
    _, _, _, stderr = images("jpeg-rgba8")
    assert "alpha" in stderr.lower() and "warn" in stderr.lower(), stderr


def test_conversion_is_said_with_v(images):
    """A format the file type cannot hold (16-bit into BMP) is converted, and -v output says so."""
    _, _, _, stderr = images("bmp-rgba16")
    lines = [line for line in stderr.splitlines() if "rgba16fixed" in line]
    assert lines and any("rgba8fixed" in line or "8-bit" in line for line in lines), stderr


def test_jpeg_quality(frameout, tmp_path):
    f = to_u8(smooth_frames(1))
    raw = write_raw(tmp_path / "in.raw", f)
    result = {}
    for quality in ("0.3", "0.95"):
        proc = frameout("movie", *raw_args(raw, "rgba8fixed", W, H), "--type", "image", "--imagefiletype", "jpeg",
                        "--quality", quality, "--jpeg-chroma", "444", "--file", f"q{quality}.jpg")
        assert_ok(proc)
        path = tmp_path / f"q{quality}.jpg"
        result[quality] = (psnr(ff_image(path, "rgb24")[0], f[0, ..., :3]), path.stat().st_size)
    assert result["0.95"][0] > result["0.3"][0] + 5.0, result  # measured 49.6 and 39.6 dB
    assert result["0.95"][1] > result["0.3"][1], result
    assert result["0.95"][0] > 45.0, result


# --- PNG compression levels -----------------------------------------------------------------------------------


def oiio_pixels(path):
    """(h, w, channels) samples of an image in its own sample type, read with OpenImageIO (libpng, libtiff inside)
    as stored: without OpenImageIO's default premultiplication by alpha."""
    import OpenImageIO as oiio
    config = oiio.ImageSpec()
    config.attribute("oiio:UnassociatedAlpha", 1)
    inp = oiio.ImageInput.open(str(path), config)
    assert inp is not None, oiio.geterror()
    pixels = inp.read_image(inp.spec().format)
    inp.close()
    return pixels


@pytest.fixture(scope="module")
def png_levels(frameout_bin, tmp_path_factory):
    """One 160x120 RGBA still written at every --png-level: (folder, the 8-bit input frame)."""
    folder = tmp_path_factory.mktemp("pnglevels")
    w, h = 160, 120
    f = to_u8(make_frames(w, h, 1, seed=3))
    raw = write_raw(folder / "in.raw", f)
    run = Frameout(frameout_bin, folder)
    for level in range(10):
        assert_ok(run("movie", *raw_args(raw, "rgba8fixed", w, h), "--type", "image", "--png-level", str(level),
                      "--file", f"l{level}.png"))
    return folder, f[0]


def test_png_level_1_and_9_same_pixels_other_size(png_levels):
    folder, frame = png_levels
    fast, best = folder / "l1.png", folder / "l9.png"
    for path in (fast, best):
        assert np.array_equal(oiio_pixels(path), frame), f"{path.name} does not hold the input pixels"
    assert np.array_equal(ff_image(best, "rgba", 160, 120)[0], frame)
    assert best.stat().st_size < fast.stat().st_size, (best.stat().st_size, fast.stat().st_size)


def test_png_every_level_is_its_own_deflate_effort(png_levels):
    """README: 0 stores the rows, 1 is run-length matching, 2-9 go to zlib as they are: no two levels write the
    same file."""
    folder, frame = png_levels
    files = {level: (folder / f"l{level}.png").read_bytes() for level in range(10)}
    for level, data in files.items():
        assert np.array_equal(oiio_pixels(folder / f"l{level}.png"), frame), f"level {level}"
    same = [(a, b) for a in range(10) for b in range(a + 1, 10) if files[a] == files[b]]
    assert same == [], f"levels writing identical files: {same}"
    assert len(files[0]) > frame.size + frame.shape[0], "level 0 stores every byte of every row"
    assert all(len(files[level]) < len(files[0]) for level in range(1, 10))
    assert len(files[9]) < len(files[2]), "level 9 searches harder than level 2"


# --- The Common page's Pixel Format on every image type ----------------------------------------------------------


def held_rgba(fmt, rgba):
    """What a frame held in `fmt` holds, as RGBA: mono is the Rec.709 luma (as for EXR and movies), opaque; RG has
    blue 0, opaque; alpha-only is the alpha, shown as grey too (README)."""
    r, g, b, a = (rgba[..., i] for i in range(4))
    one, zero = np.ones_like(r), np.zeros_like(r)
    if fmt.startswith("mono"):
        y = 0.2126 * r + 0.7152 * g + 0.0722 * b
        return np.stack([y, y, y, one], -1)
    if fmt.startswith("rg"):
        return np.stack([r, g, zero, one], -1)
    assert fmt.startswith("a"), fmt
    return np.stack([a, a, a, a], -1)


# id: (imagefiletype, input token, --format, channels the file holds, check)
#   channels: letters of the held RGBA (Y: the grey, which is R of a grey picture); check: ("int", bits) code
#   values, ("float",) exact 32-bit floats, ("half",) nearest halves, ("psnr", dB) JPEG
HELD_CASES = {
    "png-mono8": ("png", "rgba8fixed", "mono8fixed", "Y", ("int", 8)),
    "png-rg8": ("png", "rgba8fixed", "rg8fixed", "RGB", ("int", 8)),
    "png-a8": ("png", "rgba8fixed", "a8fixed", "YA", ("int", 8)),
    "png-rg16": ("png", "rgba16fixed", "rg16fixed", "RGB", ("int", 16)),
    "png-a16": ("png", "rgba16fixed", "a16fixed", "YA", ("int", 16)),
    "tiff-mono8": ("tiff", "rgba8fixed", "mono8fixed", "Y", ("int", 8)),
    "tiff-rg8": ("tiff", "rgba8fixed", "rg8fixed", "RGB", ("int", 8)),
    "tiff-a8": ("tiff", "rgba8fixed", "a8fixed", "YA", ("int", 8)),
    "tiff-rg32float": ("tiff", "rgba32float", "rg32float", "RGB", ("float",)),
    "tiff-a32float": ("tiff", "rgba32float", "a32float", "YA", ("float",)),
    "bmp-mono8": ("bmp", "rgba8fixed", "mono8fixed", "RGB", ("int", 8)),
    "bmp-rg8": ("bmp", "rgba8fixed", "rg8fixed", "RGB", ("int", 8)),
    "bmp-a8": ("bmp", "rgba8fixed", "a8fixed", "RGBA", ("int", 8)),
    "dds-mono8": ("dds", "rgba8fixed", "mono8fixed", "RGBA", ("int", 8)),
    "dds-rg8": ("dds", "rgba8fixed", "rg8fixed", "RGBA", ("int", 8)),
    "dds-a8": ("dds", "rgba8fixed", "a8fixed", "RGBA", ("int", 8)),
    "dds-rg16float": ("dds", "rgba32float", "rg16float", "RGBA", ("half",)),
    "dds-mono32float": ("dds", "rgba32float", "mono32float", "RGBA", ("float",)),
    "jpeg-rg8": ("jpeg", "rgba8fixed", "rg8fixed", "RGB", ("psnr", 35.0)),
    "jpeg-a8": ("jpeg", "rgba8fixed", "a8fixed", "Y", ("psnr", 35.0)),
}


@pytest.mark.parametrize("case", list(HELD_CASES))
def test_format_keeps_its_channels_in_every_image_type(frameout, tmp_path, case):
    """--format mono / RG / alpha-only means the same in every file type as in EXR and movies: the file holds
    exactly that, in the channels it has (read back with OpenImageIO; DX10 DDS with the layout reader above)."""
    ftype, token, fmt, channels, check = HELD_CASES[case]
    f = smooth_frames(1) if ftype == "jpeg" else source_frames(1)
    packed, held = pack_input(token, f)
    raw = write_raw(tmp_path / "in.raw", packed)
    ext = {"jpeg": "jpg", "tiff": "tif"}.get(ftype, ftype)
    assert_ok(frameout("movie", *raw_args(raw, token, W, H), "--type", "image", "--format", fmt,
                       "--file", f"out.{ext}"))
    path = tmp_path / f"out.{ext}"
    if ftype == "dds" and check[0] != "int":
        info, levels = read_dds(path)
        got = levels[0]
    else:
        got = oiio_pixels(path)
    held_in_format = held_rgba(fmt, held[0])
    if fmt.endswith("fixed"):  # held at the format's own precision first
        bits = 8 if "8fixed" in fmt else 16
        held_in_format = q(held_in_format, bits) / ((1 << bits) - 1)
    want = held_in_format[..., ["RGBA".index(c) if c != "Y" else 0 for c in channels]]
    assert got.shape == want.shape, f"{case}: {got.shape}, expected {want.shape} ({channels})"
    if check[0] == "int":
        err = np.abs(got.astype(np.int64) - q(want, check[1]))
        # luma is a weighted sum: frameout's float arithmetic may round the other way at a tie
        assert int(err.max()) <= (1 if fmt.startswith("mono") else 0), f"{case}: largest error {err.max()}"
    elif check[0] == "float":
        if fmt.startswith("mono"):  # luma summed in 32-bit floats: within a few of their rounding steps
            assert np.allclose(got, want, rtol=1e-6, atol=1e-7), f"{case}: float samples differ"
        else:
            assert np.array_equal(got, want.astype(np.float32)), f"{case}: float samples differ"
    elif check[0] == "half":
        assert within_half(got, want) <= 0.51, f"{case}: not the nearest half values"
    else:
        assert psnr(got, q(want, 8)) > check[1], f"{case}: PSNR {psnr(got, q(want, 8)):.1f} dB"
    if "B" in channels and fmt.startswith("rg") and check[0] != "psnr":
        assert not got[..., channels.index("B")].any(), f"{case}: blue must be 0"


# --- EXR options -----------------------------------------------------------------------------------------------

EXR_COMPRESSIONS = {"none": 0, "rle": 1, "zips": 2, "zip": 3, "piz": 4, "pxr24": 5, "b44": 6, "b44a": 7,
                    "dwaa": 8, "dwab": 9}


@pytest.fixture(scope="module")
def half_clip(tmp_path_factory):
    folder = tmp_path_factory.mktemp("exrc")
    packed, held = pack_input("rgba16float", make_frames(W, H, 1, seed=5))
    return write_raw(folder / "half.raw", packed), held


@pytest.mark.parametrize("method", list(EXR_COMPRESSIONS))
def test_exr_compression(frameout, tmp_path, half_clip, method):
    raw, held = half_clip
    proc = frameout("movie", *raw_args(raw, "rgba16float", W, H), "--type", "image", "--imagefiletype", "exr",
                    "--exr-compression", method, "--file", "c.exr")
    assert_ok(proc)
    _, attrs = exr_header(tmp_path / "c.exr")
    assert attrs["compression"] == ("compression", bytes([EXR_COMPRESSIONS[method]]))
    dec = ff_image(tmp_path / "c.exr", "gbrapf32le")
    if method in ("none", "rle", "zips", "zip", "piz", "pxr24"):  # lossless on half data
        assert np.array_equal(dec, held.astype(np.float32)), f"{method} is lossless for half samples"
    else:
        value = psnr(np.clip(dec[..., :3], 0, 1), held[..., :3], peak=1.0)
        assert value > 30.0, f"{method}: PSNR {value:.1f} dB"


@pytest.mark.parametrize("token", ["rgba32float", "rgb32float", "mono32float", "rgba16float"])
def test_exr_piz_reads_back_exactly_through_openexr(frameout, tmp_path, token):
    """frameout's own PIZ coder: OpenEXR's decoder (through OpenImageIO) reads back exactly the samples written,
    where chunks compress (smooth values with grain) and where they do not (noise, stored as it is); odd sizes."""
    import OpenImageIO as oiio
    w, h = 67, 45
    channels = {"rgba": 4, "rgb": 3, "mono": 1}[token.split("32")[0].split("16")[0]]
    dtype = np.float32 if "32float" in token else np.float16
    rng = np.random.default_rng(13)
    y, x = np.mgrid[0:h, 0:w]
    smooth = (x / w + y / h)[None, ..., None] + rng.normal(0, 0.01, size=(2, h, w, channels))
    frames = smooth.astype(dtype)
    frames[:, 32:] = rng.uniform(-4, 4, size=(2, h - 32, w, channels)).astype(dtype)  # the second chunk: noise
    raw = write_raw(tmp_path / "in.raw", frames.astype("<f4" if dtype == np.float32 else "<f2"))
    proc = frameout("movie", *raw_args(raw, token, w, h), "--type", "imagesequence", "--imagefiletype", "exr",
                    "--exr-compression", "piz", "--format", token, "--file", "p.####.exr", "--n", "1")
    assert_ok(proc)
    for i in range(2):
        path = tmp_path / f"p.{i + 1:04d}.exr"
        _, attrs = exr_header(path)
        assert attrs["compression"] == ("compression", bytes([EXR_COMPRESSIONS["piz"]]))
        inp = oiio.ImageInput.open(str(path))
        assert inp is not None, oiio.geterror()
        back = inp.read_image(oiio.FLOAT if dtype == np.float32 else oiio.HALF)
        inp.close()
        assert back.shape == (h, w, channels)
        assert np.array_equal(back.view(np.uint32 if dtype == np.float32 else np.uint16),
                              frames[i].view(np.uint32 if dtype == np.float32 else np.uint16)), f"frame {i}"


def test_exr_compression_bad_token(frameout, tmp_path, half_clip):
    raw, _ = half_clip
    proc = frameout("movie", *raw_args(raw, "rgba16float", W, H), "--type", "image", "--imagefiletype", "exr",
                    "--exr-compression", "zipp", "--file", "c.exr")
    assert proc.returncode == EXIT_USAGE, describe(proc)
    assert "--exr-compression" in proc.stderr
    assert_no_output(tmp_path, "c.exr")


@pytest.mark.parametrize("sep", ["\t", ","], ids=["tsv", "csv"])
def test_exr_headerdat_typed_attributes(frameout, tmp_path, half_clip, sep):
    raw, _ = half_clip
    rows = [("# a comment row",), ("frames", "24"), ("exposure", "1.5"), ("note", "text"),
            ("shot", "sh010"), ("negative", "-7")]
    ext = "tsv" if sep == "\t" else "csv"
    (tmp_path / f"h.{ext}").write_text("\n".join(sep.join(r) for r in rows) + "\n")
    proc = frameout("movie", *raw_args(raw, "rgba16float", W, H), "--type", "image", "--imagefiletype", "exr",
                    "--headerdat", f"h.{ext}", "--file", "h.exr")
    assert_ok(proc)
    data = (tmp_path / "h.exr").read_bytes()
    assert b"exposure\0" in data and b"frames\0" in data
    _, attrs = exr_header(tmp_path / "h.exr")
    assert attrs["frames"] == ("int", struct.pack("<i", 24))
    assert attrs["negative"] == ("int", struct.pack("<i", -7))
    assert attrs["exposure"][0] == "float" and struct.unpack("<f", attrs["exposure"][1])[0] == 1.5
    assert attrs["note"] == ("string", b"text")
    assert attrs["shot"] == ("string", b"sh010")
    assert not any(k.startswith("#") for k in attrs)
    assert stream_pix_fmt(tmp_path / "h.exr")[1] == "exr", "the file must still decode"


def test_exr_piz_header_matches_the_other_compressions(frameout, tmp_path, half_clip):
    """PIZ files are written through OpenEXRCore, the others through OpenEXR's C++ library: apart from the
    compression, the two headers must hold the same attributes with the same values; Core adds the optional
    `type` attribute of single-part files, which must say scanline."""
    raw, _ = half_clip
    (tmp_path / "h.tsv").write_text("frames\t24\nexposure\t1.5\nnote\ttext\n")
    headers = {}
    for method in ("zip", "piz"):
        proc = frameout("movie", *raw_args(raw, "rgba16float", W, H), "--type", "image", "--imagefiletype", "exr",
                        "--exr-compression", method, "--headerdat", "h.tsv", "--pointcloud", "on",
                        "--file", f"{method}.exr")
        assert_ok(proc)
        _, attrs = exr_header(tmp_path / f"{method}.exr")
        assert attrs.pop("compression") == ("compression", bytes([EXR_COMPRESSIONS[method]]))
        headers[method] = attrs
    assert headers["piz"].pop("type") == ("string", b"scanlineimage")
    assert headers["piz"] == headers["zip"]


@pytest.mark.parametrize("key", ["channels", "compression", "dataWindow"])
def test_exr_headerdat_reserved_key(frameout, tmp_path, half_clip, key):
    raw, _ = half_clip
    (tmp_path / "bad.tsv").write_text(f"shot\tsh010\n{key}\tRGB\n")
    proc = frameout("movie", *raw_args(raw, "rgba16float", W, H), "--type", "image", "--imagefiletype", "exr",
                    "--headerdat", "bad.tsv", "--file", "bad.exr")
    assert proc.returncode == EXIT_USAGE, describe(proc)
    assert "--headerdat" in proc.stderr and key in proc.stderr, proc.stderr
    assert_no_output(tmp_path, "bad.exr")


def test_exr_headerdat_missing_table(frameout, tmp_path, half_clip):
    raw, _ = half_clip
    proc = frameout("movie", *raw_args(raw, "rgba16float", W, H), "--type", "imagesequence",
                    "--imagefiletype", "exr", "--headerdat", "nope.tsv", "--file", "s.####.exr")
    assert proc.returncode in (EXIT_USAGE, EXIT_INPUT), describe(proc)
    assert "nope.tsv" in proc.stderr
    assert list(tmp_path.glob("*.exr")) == [] and leftovers(tmp_path) == []


@pytest.mark.parametrize("on", ["on", "off"])
def test_exr_pointcloud(frameout, tmp_path, half_clip, on):
    raw, _ = half_clip
    proc = frameout("movie", *raw_args(raw, "rgba16float", W, H), "--type", "image", "--imagefiletype", "exr",
                    "--pointcloud", on, "--file", "p.exr")
    assert_ok(proc)
    _, attrs = exr_header(tmp_path / "p.exr")
    assert ("pointcloud" in attrs) == (on == "on"), sorted(attrs)


def test_exr_chromaticities_are_rec709(images):
    folder, _, _, _ = images("exr-rgba8")
    _, attrs = exr_header(sorted(folder.iterdir())[0])
    typ, v = attrs["chromaticities"]
    assert typ == "chromaticities"
    values = struct.unpack("<8f", v)
    assert np.allclose(values, (0.64, 0.33, 0.30, 0.60, 0.15, 0.06, 0.3127, 0.3290), atol=1e-4), values


# --- DDS mipmaps -------------------------------------------------------------------------------------------------


def box(level):
    """2x2 box filter of an even-sized level."""
    a = level.astype(np.float64)
    return (a[0::2, 0::2] + a[1::2, 0::2] + a[0::2, 1::2] + a[1::2, 1::2]) / 4.0


@pytest.mark.parametrize("fmt,dxgi", [("rgba8fixed", None), ("rgba16float", 10), ("rgba32float", 2)])
@pytest.mark.parametrize("size", [(64, 48), (100, 30)], ids=["64x48", "100x30"])
def test_dds_mipmaps(frameout, tmp_path, fmt, dxgi, size):
    w, h = size
    f = make_frames(w, h, 1, seed=8)
    packed, held = pack_input("rgba32float", f)
    raw = write_raw(tmp_path / "in.raw", packed)
    proc = frameout("movie", *raw_args(raw, "rgba32float", w, h), "--type", "image", "--imagefiletype", "dds",
                    "--format", fmt, "--mipmaps", "on", "--file", "m.dds")
    assert_ok(proc)
    info, levels = read_dds(tmp_path / "m.dds")
    expected_count = int(math.floor(math.log2(max(w, h)))) + 1
    assert info["mips"] == expected_count, info
    assert info["flags"] & 0x20000, "DDSD_MIPMAPCOUNT must be set"
    assert info["caps"] & 0x401008 == 0x401008, f"caps {info['caps']:#x}: COMPLEX | MIPMAP | TEXTURE"
    assert info["trailing_bytes"] == 0, "file size must be header + the whole mip chain"
    assert levels[-1].shape[:2] == (1, 1)
    if dxgi is None:
        assert info["fourcc"] == b"\0\0\0\0"
        assert np.array_equal(levels[0].astype(np.int64), q(held[0], 8))
        tol = 1.0
    else:
        assert info["fourcc"] == b"DX10" and info["dxgi"] == dxgi
        if dxgi == 2:
            assert np.array_equal(levels[0], held[0].astype(np.float32))
        else:
            assert within_half(levels[0], held[0]) <= 0.51
        tol = 1e-5 if dxgi == 2 else 2e-3
    for i in range(1, len(levels)):
        prev, cur = levels[i - 1], levels[i]
        assert cur.shape[:2] == (max(1, prev.shape[0] // 2), max(1, prev.shape[1] // 2))
        if prev.shape[0] % 2 == 0 and prev.shape[1] % 2 == 0:
            err = float(np.max(np.abs(cur.astype(np.float64) - box(prev))))
            assert err <= tol, f"level {i} is not the 2x2 box filter of level {i - 1} (error {err})"
        else:  # odd sizes: still an average of the level above
            lo, hi = prev.astype(np.float64).min() - tol, prev.astype(np.float64).max() + tol
            assert lo <= cur.astype(np.float64).min() and cur.astype(np.float64).max() <= hi


@pytest.mark.parametrize("size", [(64, 48), (100, 30)], ids=["64x48", "100x30"])
def test_dds_mip_levels_cover_the_whole_picture(frameout, tmp_path, size):
    """Every level of a box-filtered chain averages the whole picture: on a ramp R = x, G = y, each level's
    mean stays 0.5 (a level that leaves out rows or columns drifts towards the top-left values)."""
    w, h = size
    y, x = np.mgrid[0:h, 0:w].astype(np.float64)
    f = np.stack([x / (w - 1), y / (h - 1), np.full_like(x, 0.5), np.ones_like(x)], -1)[None]
    raw = write_raw(tmp_path / "ramp.raw", f.astype("<f4"))
    proc = frameout("movie", *raw_args(raw, "rgba32float", w, h), "--type", "image", "--imagefiletype", "dds",
                    "--format", "rgba32float", "--mipmaps", "on", "--file", "ramp.dds")
    assert_ok(proc)
    _, levels = read_dds(tmp_path / "ramp.dds")
    means = [tuple(np.round(level[..., :2].astype(np.float64).mean(axis=(0, 1)), 3)) for level in levels]
    bad = [(i, levels[i].shape[:2], m) for i, m in enumerate(means) if max(abs(m[0] - 0.5), abs(m[1] - 0.5)) > 0.03]
    assert not bad, f"levels whose mean R, G is not 0.5 (index, (h, w), mean): {bad}"


def test_dds_mipmaps_off_by_default(images):
    folder, _, _, _ = images("dds-rgba8")
    info, _ = read_dds(sorted(folder.iterdir())[0])
    assert info["mips"] in (0, 1) and not info["caps"] & 0x400000


# --- naming --------------------------------------------------------------------------------------------------


@pytest.fixture
def clip3(tmp_path):
    frames = to_u8(make_frames(W, H, 3, seed=31))
    return write_raw(tmp_path / "c.raw", frames), frames


def seq(clip, name, *extra, ftype="png"):
    return ["movie", *raw_args(clip, "rgba8fixed", W, H), "--type", "imagesequence", "--imagefiletype", ftype,
            "--file", name, *extra]


@pytest.mark.parametrize("name,extra,expected", [
    ("f.####.png", ["--n", "1001"], ["f.1001.png", "f.1002.png", "f.1003.png"]),
    ("f.####.png", [], ["f.0000.png", "f.0001.png", "f.0002.png"]),
    ("f.%05d.png", [], ["f.00000.png", "f.00001.png", "f.00002.png"]),
    ("f.$F4.png", ["--n", "7"], ["f.0007.png", "f.0008.png", "f.0009.png"]),
    ("f.@@@.png", [], ["f.000.png", "f.001.png", "f.002.png"]),
    ("f.#.png", ["--n", "8"], ["f.10.png", "f.8.png", "f.9.png"]),
    ("f.####.png", ["--leadingzerosdigits", "6"], ["f.000000.png", "f.000001.png", "f.000002.png"]),
    ("f.%02d.png", ["--leadingzerosdigits", "4", "--n", "98"], ["f.0098.png", "f.0099.png", "f.0100.png"]),
    ("frame.png", [], ["frame0.png", "frame1.png", "frame2.png"]),
    ("frame.png", ["--leadingzerosdigits", "4"], ["frame0000.png", "frame0001.png", "frame0002.png"]),
    ("frame.png", ["--n", "10", "--leadingzerosdigits", "3"], ["frame010.png", "frame011.png", "frame012.png"]),
], ids=["hash-n1001", "hash", "printf", "houdini", "at", "one-hash-grows", "lzd6", "printf-lzd", "no-token",
        "no-token-lzd4", "no-token-n10"])
def test_sequence_naming(frameout, tmp_path, clip3, name, extra, expected):
    raw, frames = clip3
    proc = frameout(*seq(raw, f"out/{name}", *extra))
    assert_ok(proc)
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == expected
    # frame order follows the numbers: the first number holds the first input frame
    numbered = sorted(expected, key=lambda s: int("".join(c for c in s if c.isdigit())))
    for i, fname in enumerate(numbered):
        assert np.array_equal(ff_image(tmp_path / "out" / fname, "rgba")[0], frames[i]), fname


def test_uniquesuff_sequence_starts_at_first_free_number(frameout, tmp_path, clip3):
    raw, _ = clip3
    assert_ok(frameout(*seq(raw, "u/f.####.png", "--uniquesuff", "on", "--n", "1")))
    assert sorted(p.name for p in (tmp_path / "u").iterdir()) == ["f.0001.png", "f.0002.png", "f.0003.png"]
    before = {p.name: p.read_bytes() for p in (tmp_path / "u").iterdir()}
    assert_ok(frameout(*seq(raw, "u/f.####.png", "--uniquesuff", "on", "--n", "1")))
    names = sorted(p.name for p in (tmp_path / "u").iterdir())
    assert names == [f"f.{i:04d}.png" for i in range(1, 7)], names
    for name, data in before.items():
        assert (tmp_path / "u" / name).read_bytes() == data, f"{name} was rewritten"


def test_existing_first_file_is_exit_4_and_nothing_written(frameout, tmp_path, clip3):
    raw, _ = clip3
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "f.0000.png").write_bytes(b"precious")
    proc = frameout(*seq(raw, "x/f.####.png"))
    assert proc.returncode == EXIT_OUTPUT, describe(proc)
    assert "f.0000.png" in proc.stderr and "--overwrite" in proc.stderr
    assert sorted(p.name for p in (tmp_path / "x").iterdir()) == ["f.0000.png"]
    assert (tmp_path / "x" / "f.0000.png").read_bytes() == b"precious"


def test_existing_later_file_is_never_replaced(frameout, tmp_path, clip3):
    raw, _ = clip3
    (tmp_path / "y").mkdir()
    (tmp_path / "y" / "f.0002.png").write_bytes(b"someone else's")
    proc = frameout(*seq(raw, "y/f.####.png"))
    assert proc.returncode == EXIT_OUTPUT, describe(proc)
    assert "f.0002.png" in proc.stderr
    assert (tmp_path / "y" / "f.0002.png").read_bytes() == b"someone else's"
    assert leftovers(tmp_path / "y") == []


def test_overwrite_replaces_a_sequence(frameout, tmp_path, clip3):
    raw, frames = clip3
    (tmp_path / "o").mkdir()
    (tmp_path / "o" / "f.0000.png").write_bytes(b"old")
    assert_ok(frameout(*seq(raw, "o/f.####.png", "--overwrite")))
    assert np.array_equal(ff_image(tmp_path / "o" / "f.0000.png", "rgba")[0], frames[0])


@pytest.mark.parametrize("index", [0, 2])
def test_type_image_writes_frame_n(frameout, tmp_path, clip3, index):
    raw, frames = clip3
    proc = frameout("movie", *raw_args(raw, "rgba8fixed", W, H), "--type", "image", "--imagefiletype", "png",
                    "--frame", str(index), "--file", "still.png")
    assert_ok(proc)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.raw", "still.png"]
    assert np.array_equal(ff_image(tmp_path / "still.png", "rgba")[0], frames[index])


def test_type_image_defaults_to_first_frame_and_takes_ext(frameout, tmp_path, clip3):
    raw, frames = clip3
    proc = frameout("movie", *raw_args(raw, "rgba8fixed", W, H), "--type", "image", "--file", "still.png")
    assert_ok(proc)
    assert stream_pix_fmt(tmp_path / "still.png")[1] == "png"
    assert np.array_equal(ff_image(tmp_path / "still.png", "rgba")[0], frames[0])


def test_type_image_frame_beyond_input(frameout, tmp_path, clip3):
    raw, _ = clip3
    proc = frameout("movie", *raw_args(raw, "rgba8fixed", W, H), "--type", "image", "--imagefiletype", "png",
                    "--frame", "3", "--file", "still.png")
    assert proc.returncode == EXIT_INPUT, describe(proc)
    assert "--frame" in proc.stderr and "3" in proc.stderr
    assert_no_output(tmp_path, "still.png")


def test_extension_must_match_imagefiletype(frameout, tmp_path, clip3):
    raw, _ = clip3
    proc = frameout("movie", *raw_args(raw, "rgba8fixed", W, H), "--type", "image", "--imagefiletype", "png",
                    "--file", "still.exr")
    assert proc.returncode == EXIT_USAGE, describe(proc)
    assert_no_output(tmp_path, "still.exr")


# --- maxthread -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("ftype", ["exr", "exr-piz", "png", "tiff", "jpeg", "bmp", "dds"])
def test_maxthread_does_not_change_bytes(frameout, tmp_path, ftype):
    packed, _ = pack_input("rgba32float", make_frames(W, H, 8, seed=17))
    raw = write_raw(tmp_path / "in.raw", packed)
    extra = {"tiff": ["--deterministic"], "exr-piz": ["--exr-compression", "piz"]}.get(ftype, [])
    ftype = ftype.split("-")[0]
    outputs = {}
    for threads in ("1", "4"):
        proc = frameout("movie", *raw_args(raw, "rgba32float", W, H), "--type", "imagesequence",
                        "--imagefiletype", ftype, "--maxthread", threads, *extra,
                        "--file", f"t{threads}/f.####.{ftype}")
        assert_ok(proc)
        outputs[threads] = {p.name: p.read_bytes() for p in (tmp_path / f"t{threads}").iterdir()}
    assert len(outputs["1"]) == 8
    assert outputs["1"] == outputs["4"], f"{ftype}: files differ between --maxthread 1 and 4"


def test_tiff_datetime_only_without_deterministic(frameout, tmp_path, clip3):
    raw, _ = clip3
    for det, name in (([], "a.tif"), (["--deterministic"], "b.tif")):
        assert_ok(frameout("movie", *raw_args(raw, "rgba8fixed", W, H), "--type", "image", "--imagefiletype",
                           "tiff", *det, "--file", name))
    assert 306 in read_tiff(tmp_path / "a.tif")[0]
    assert 306 not in read_tiff(tmp_path / "b.tif")[0]


# --- transcoding: image sequences and movies as inputs -----------------------------------------------------------

SEQ_N = 10


@pytest.fixture(scope="module")
def exr_seq(frameout_bin, tmp_path_factory):
    """Ten 8-bit frames written as half EXR files numbered 1001-1010 and again 1-10."""
    folder = tmp_path_factory.mktemp("exrseq")
    run = Frameout(frameout_bin, folder)
    frames = to_u8(make_frames(W, H, SEQ_N, seed=41))
    raw = write_raw(folder / "ten.raw", frames)
    for n, sub in (("1001", "seq"), ("1", "one")):
        assert_ok(run("movie", *raw_args(raw, "rgba8fixed", W, H), "--type", "imagesequence", "--imagefiletype",
                      "exr", "--n", n, "--file", f"{sub}/s.####.exr"))
    return folder, frames


# The EXR and float TIFF inputs of these tests hold sRGB values written from 8-bit frames (an image file keeps
# its input's colour space), but float input is read as linear light (srgblinear) by default: say so.
AS_SRGB = ("--input-colorspace", "srgb")


def best_match(dec, frames):
    """Index of the source frame each decoded frame is closest to."""
    out = []
    for d in dec:
        out.append(int(np.argmax([psnr(d[..., :3], f[..., :3]) for f in frames])))
    return out


def test_exr_sequence_to_prores(frameout, tmp_path, exr_seq):
    folder, frames = exr_seq
    proc = frameout("movie", "--input", str(folder / "seq" / "s.####.exr"), "--frames", "1001-1010",
                    "--input-rate", "30", *AS_SRGB, "--videocodec", "prores", "--file", "daily.mov")
    assert_ok(proc)
    out = tmp_path / "daily.mov"
    assert count_frames(out) == SEQ_N
    dec = decode(out, "rgba", matrix="bt709", rng="tv", size=(W, H))
    value = psnr(dec[..., :3], frames[..., :3])
    assert value > 45.0, f"EXR -> ProRes PSNR {value:.1f} dB"
    assert best_match(dec, frames) == list(range(SEQ_N))


def test_exr_sequence_to_prores_hq(frameout, tmp_path, exr_seq):
    folder, frames = exr_seq
    proc = frameout("movie", "--input", str(folder / "seq" / "s.####.exr"), "--frames", "1001-1010",
                    "--input-rate", "30", *AS_SRGB, "--videocodec", "prores", "--videocodectype", "hq",
                    "--file", "hq.mov")
    assert_ok(proc)
    dec = decode(tmp_path / "hq.mov", "rgba", matrix="bt709", rng="tv", size=(W, H))
    assert dec.shape[0] == SEQ_N
    assert psnr(dec[..., :3], frames[..., :3]) > 35.0


@pytest.mark.parametrize("spec,pattern,expected", [
    ("1-10x2", "one/s.####.exr", [0, 2, 4, 6, 8]),
    ("1,3,5-6", "one/s.####.exr", [0, 2, 4, 5]),
    ("1001-1010x3", "seq/s.####.exr", [0, 3, 6, 9]),
    ("1008-1010", "seq/s.%04d.exr", [7, 8, 9]),
    ("1002,1004", "seq/s.$F4.exr", [1, 3]),
], ids=["step", "list", "step3", "printf-range", "houdini-list"])
def test_frames_syntax(frameout, tmp_path, exr_seq, spec, pattern, expected):
    folder, frames = exr_seq
    proc = frameout("movie", "--input", str(folder / pattern), "--frames", spec, *AS_SRGB, "--videocodec", "rle",
                    "--moviepixelformat", "rgba", "--file", "sel.mov")
    assert_ok(proc)
    dec = decode(tmp_path / "sel.mov", "rgba", size=(W, H))
    assert dec.shape[0] == len(expected)
    assert best_match(dec, frames) == expected
    # (exactness of 8-bit values through EXR into Animation: test_8bit_values_through_deep_input_into_rle)
    assert np.max(np.abs(dec.astype(np.int64) - frames[expected])) <= 1


def test_sequence_without_frames_reads_every_file(frameout, tmp_path, exr_seq):
    folder, frames = exr_seq
    proc = frameout("movie", "--input", str(folder / "seq" / "s.####.exr"), *AS_SRGB, "--videocodec", "rle",
                    "--moviepixelformat", "rgba", "--file", "all.mov")
    assert_ok(proc)
    dec = decode(tmp_path / "all.mov", "rgba", size=(W, H))
    assert dec.shape[0] == SEQ_N and best_match(dec, frames) == list(range(SEQ_N))
    assert np.max(np.abs(dec.astype(np.int64) - frames)) <= 1


@pytest.fixture
def holey_seq(tmp_path, exr_seq):
    folder, frames = exr_seq
    shutil.copytree(folder / "seq", tmp_path / "holes")
    (tmp_path / "holes" / "s.1004.exr").unlink()
    (tmp_path / "holes" / "s.1005.exr").unlink()
    return tmp_path / "holes", frames


@pytest.mark.parametrize("frames_flag", [["--frames", "1001-1010"], []], ids=["explicit", "found-on-disk"])
def test_missing_frame_is_input_error(frameout, tmp_path, holey_seq, frames_flag):
    holes, _ = holey_seq
    proc = frameout("movie", "--input", "holes/s.####.exr", *frames_flag, "--videocodec", "prores",
                    "--file", "m.mov")
    assert proc.returncode == EXIT_INPUT, describe(proc)
    assert "s.1004.exr" in proc.stderr, "the message must name the first missing file"
    assert_no_output(tmp_path, "m.mov")


def test_missing_frame_beyond_the_end(frameout, tmp_path, exr_seq):
    folder, _ = exr_seq
    proc = frameout("movie", "--input", str(folder / "seq" / "s.####.exr"), "--frames", "1001-1012",
                    "--videocodec", "prores", "--file", "m.mov")
    assert proc.returncode == EXIT_INPUT, describe(proc)
    assert "s.1011.exr" in proc.stderr
    assert_no_output(tmp_path, "m.mov")


def test_missing_frames_hold(frameout, tmp_path, holey_seq):
    holes, frames = holey_seq
    proc = frameout("movie", "--input", "holes/s.####.exr", "--frames", "1001-1010", "--missing-frames", "hold",
                    "--videocodec", "rle", "--moviepixelformat", "rgba", "--report", "r.json", "--file", "h.mov")
    assert_ok(proc)
    dec = decode(tmp_path / "h.mov", "rgba", size=(W, H))
    assert dec.shape[0] == SEQ_N
    assert best_match(dec, frames) == [0, 1, 2, 2, 2, 5, 6, 7, 8, 9], "held frames repeat the previous one"
    report = json.loads((tmp_path / "r.json").read_text())
    assert report["counters"]["total_frames_dropped"] == 2, report["counters"]
    assert report["counters"]["total_frames_written"] == SEQ_N


@pytest.mark.parametrize("damage", ["random", "truncated"])
def test_unreadable_file_in_sequence(frameout, tmp_path, exr_seq, damage):
    folder, frames = exr_seq
    shutil.copytree(folder / "seq", tmp_path / "bad")
    victim = tmp_path / "bad" / "s.1004.exr"
    if damage == "random":
        victim.write_bytes(np.random.default_rng(0).integers(0, 256, 3000, dtype=np.uint8).tobytes())
    else:
        victim.write_bytes(victim.read_bytes()[:400])
    proc = frameout("movie", "--input", "bad/s.####.exr", "--frames", "1001-1010", "--videocodec", "rle",
                    "--moviepixelformat", "rgba", "--file", "b.mov")
    assert proc.returncode == EXIT_INPUT, describe(proc)
    assert "s.1004.exr" in proc.stderr
    assert leftovers(tmp_path) == []
    out = tmp_path / "b.mov"
    if out.exists():  # the documented input-error rule: complete frames before the bad one, in a finished file
        dec = decode(out, "rgba", size=(W, H))
        assert dec.shape[0] == 3 and best_match(dec, frames) == [0, 1, 2]


def test_unreadable_png_in_sequence(frameout, tmp_path, clip3):
    raw, _ = clip3
    assert_ok(frameout(*seq(raw, "p/p.####.png", "--n", "1")))
    victim = tmp_path / "p" / "p.0002.png"
    victim.write_bytes(victim.read_bytes()[:300])
    proc = frameout("movie", "--input", "p/p.####.png", "--videocodec", "prores", "--file", "pp.mov")
    assert proc.returncode == EXIT_INPUT, describe(proc)
    assert "p.0002.png" in proc.stderr
    assert leftovers(tmp_path) == []


def test_exr_layer_missing(frameout, tmp_path, exr_seq):
    folder, _ = exr_seq
    proc = frameout("movie", "--input", str(folder / "seq" / "s.####.exr"), "--exr-layer", "diffuse",
                    "--videocodec", "prores", "--file", "l.mov")
    assert proc.returncode == EXIT_INPUT, describe(proc)
    assert "diffuse" in proc.stderr and "--exr-layer" in proc.stderr
    assert_no_output(tmp_path, "l.mov")


def ffmpeg_movie(src_raw, out, *codec):
    cmd = [FFMPEG, "-v", "error", "-nostdin", "-y", "-f", "rawvideo", "-pix_fmt", "rgba", "-s", f"{W}x{H}", "-r", "30",
           "-i", str(src_raw), *codec, str(out)]
    res = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
    assert res.returncode == 0, res.stderr.decode(errors="replace")


@pytest.mark.parametrize("kind", ["qtrle", "h264"])
def test_movie_to_png_sequence(frameout, tmp_path, exr_seq, kind):
    _, frames = exr_seq
    raw = write_raw(tmp_path / "src.raw", frames)
    if kind == "qtrle":
        ffmpeg_movie(raw, tmp_path / "take.mov", "-c:v", "qtrle", "-pix_fmt", "rgb24")
    else:  # BT.709 video range, tagged as such (the README: YUV sources follow their tags)
        ffmpeg_movie(raw, tmp_path / "take.mov", "-vf",
                     "scale=out_color_matrix=bt709:out_range=tv:flags=accurate_rnd+full_chroma_int",
                     "-c:v", "libx264", "-pix_fmt", "yuv444p", "-crf", "12", "-colorspace", "bt709",
                     "-color_primaries", "bt709", "-color_trc", "bt709", "-color_range", "tv")
    proc = frameout("movie", "--input", "take.mov", "--type", "imagesequence", "--imagefiletype", "png",
                    "--file", "frames/f.%05d.png")
    assert_ok(proc)
    names = sorted(p.name for p in (tmp_path / "frames").iterdir())
    assert names == [f"f.{i:05d}.png" for i in range(SEQ_N)]
    dec = ff_image(tmp_path / "frames" / "f.%05d.png", "rgba")
    if kind == "qtrle":
        assert np.array_equal(dec[..., :3], frames[..., :3]), "a lossless movie gives back the exact pixels"
    else:
        value = psnr(dec[..., :3], frames[..., :3])
        assert value > 33.0, f"H.264 4:4:4 -> PNG PSNR {value:.1f} dB"


def test_frameout_movie_back_to_png_sequence(frameout, tmp_path, exr_seq):
    _, frames = exr_seq
    raw = write_raw(tmp_path / "src.raw", frames)
    assert_ok(frameout("movie", *raw_args(raw, "rgba8fixed", W, H), "--videocodec", "prores",
                       "--videocodectype", "4444", "--moviepixelformat", "rgba", "--file", "take.mov"))
    assert_ok(frameout("movie", "--input", "take.mov", "--type", "imagesequence", "--imagefiletype", "png",
                       "--file", "frames/f.%05d.png"))
    dec = ff_image(tmp_path / "frames" / "f.%05d.png", "rgba")
    assert dec.shape[0] == SEQ_N
    assert psnr(dec[..., :3], frames[..., :3]) > 45.0
    assert psnr(dec[..., 3], frames[..., 3]) > 45.0, "ProRes 4444 alpha survives into the PNG files"


def deep_ramp(n=2, w=64, h=64):
    y, x = np.mgrid[0:h, 0:w]
    f = np.zeros((n, h, w, 4))
    for i in range(n):
        for c in range(3):
            f[i, ..., c] = 0.40 + 0.02 * (x + 0.3 * c + i) / (w - 1) + 0.005 * y / (h - 1)
        f[i, ..., 3] = 0.5 + 0.02 * x / (w - 1)
    return to_u16(f)


def ffmpeg_png16_sequence(folder, u16):
    """16-bit RGBA PNG files p.0001.png ... written by ffmpeg (not by frameout)."""
    folder.mkdir()
    n, h, w, _ = u16.shape
    raw = write_raw(folder.parent / "deep.raw", u16)
    cmd = [FFMPEG, "-v", "error", "-nostdin", "-f", "rawvideo", "-pix_fmt", "rgba64le", "-s", f"{w}x{h}",
           "-i", str(raw), "-start_number", "1", "-pix_fmt", "rgba64be", str(folder / "p.%04d.png")]
    res = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
    assert res.returncode == 0, res.stderr.decode(errors="replace")
    assert stream_pix_fmt(folder / "p.0001.png")[0] == "rgba64be"


def test_png16_sequence_to_prores_4444_keeps_more_than_8_bits(frameout, tmp_path):
    u16 = deep_ramp()
    ffmpeg_png16_sequence(tmp_path / "deep", u16)
    proc = frameout("movie", "--input", "deep/p.####.png", "--videocodec", "prores", "--videocodectype", "4444",
                    "--moviepixelformat", "rgba", "--file", "deep.mov")
    assert_ok(proc)
    pix_fmt, planes = decode_native(tmp_path / "deep.mov")
    assert pix_fmt == "yuva444p12le" and planes.shape[0] == 2
    rgb = ycbcr_to_rgb(planes, 12, "bt709", full_range=False) * 65535.0
    err = rgb - u16
    rms = float(np.sqrt(np.mean(err[..., :3] ** 2)))
    q8 = np.round(u16 / 257.0) * 257.0
    rms8 = float(np.sqrt(np.mean((q8 - u16)[..., :3] ** 2)))
    assert rms < rms8 / 2, f"rms error {rms:.1f}/65535 is no better than an 8-bit path ({rms8:.1f})"
    # an 8-bit path leaves ~5 levels along a row, all on the 257 grid after scaling back
    assert len(np.unique(planes[0, 10, :, 0])) > 20
    assert not np.all(np.round(rgb[..., :3]) % 257 == 0)


def test_png16_sequence_to_float_exr_is_exact(frameout, tmp_path):
    u16 = deep_ramp()
    ffmpeg_png16_sequence(tmp_path / "deep", u16)
    proc = frameout("movie", "--input", "deep/p.####.png", "--type", "imagesequence", "--imagefiletype", "exr",
                    "--format", "rgba32float", "--file", "x/e.####.exr", "--n", "1")
    assert_ok(proc)
    dec = ff_image(tmp_path / "x" / "e.%04d.exr", "gbrapf32le", w=64, h=64)
    assert dec.shape == u16.shape
    assert np.allclose(dec, u16 / 65535.0, atol=1e-7, rtol=0), "16-bit values must reach the float EXR exactly"
    assert len(np.unique(dec[..., 0])) > 256


@pytest.mark.parametrize("spp", [4, 3], ids=["rgba", "rgb"])
def test_float_tiff_sequence_input(frameout, tmp_path, spp):
    f = make_frames(W, H, 3, seed=51).astype(np.float32)
    f[:, 0, 0, :3] = (3.0, -0.5, 0.25)
    (tmp_path / "tf").mkdir()
    for i in range(3):
        write_float_tiff(tmp_path / "tf" / f"t.{i + 1:04d}.tif", f[i, ..., :spp])
    proc = frameout("movie", "--input", "tf/t.####.tif", "--type", "imagesequence", "--imagefiletype", "exr",
                    "--format", "rgba32float", "--file", "o/o.####.exr", "--n", "1")
    assert_ok(proc)
    dec = ff_image(tmp_path / "o" / "o.%04d.exr", "gbrapf32le")
    assert dec.shape == (3, H, W, 4)
    assert np.array_equal(dec[..., :spp], f[..., :spp]), "32-bit float TIFF samples must reach EXR unchanged"
    if spp == 3:
        assert np.all(dec[..., 3] == 1.0)
    # and into a movie: clamped to 0..1
    proc = frameout("movie", "--input", "tf/t.####.tif", *AS_SRGB, "--videocodec", "rle", "--moviepixelformat",
                    "rgba", "--file", "t.mov")
    assert_ok(proc)
    dec8 = decode(tmp_path / "t.mov", "rgba", size=(W, H))
    assert np.max(np.abs(dec8.astype(np.int64)[..., :spp] - q(f[..., :spp], 8))) <= 1


@pytest.mark.parametrize("ftype", ["png", "tiff", "jpeg", "bmp", "dds", "exr"])
def test_each_written_format_reads_back_as_input(frameout, tmp_path, clip3, ftype):
    """What frameout writes, frameout reads (BMP and DDS through its own readers)."""
    raw, frames = clip3
    ext = {"jpeg": "jpg"}.get(ftype, ftype)
    assert_ok(frameout(*seq(raw, f"w/f.####.{ext}", "--n", "1", ftype=ftype)))
    proc = frameout("movie", "--input", f"w/f.####.{ext}", *AS_SRGB, "--videocodec", "rle", "--moviepixelformat",
                    "rgba", "--file", "back.mov")
    assert_ok(proc)
    dec = decode(tmp_path / "back.mov", "rgba", size=(W, H))
    assert dec.shape[0] == 3
    if ftype == "jpeg":
        assert psnr(dec[..., :3], frames[..., :3]) > 30.0
    elif ftype == "exr":  # half samples: the 8-bit exactness is test_8bit_values_through_deep_input_into_rle
        assert np.max(np.abs(dec.astype(np.int64) - frames)) <= 1
    else:
        assert np.array_equal(dec, frames), f"{ftype} round trip through frameout's reader is not exact"


@pytest.mark.parametrize("via", ["exr-half", "exr-float", "raw-rgba16fixed"])
def test_8bit_values_through_deep_input_into_rle(frameout, tmp_path, via):
    """Every 8-bit level held exactly in a deeper format must come back unchanged from lossless Animation."""
    levels = np.arange(256)
    img = np.zeros((H, W, 4))
    img[..., 3] = 1.0
    flat = img.reshape(-1, 4)
    flat[:256, :] = levels[:, None] / 255.0
    if via.startswith("exr"):
        raw = write_raw(tmp_path / "ramp.raw", to_u8(img))
        fmt = "rgba16float" if via == "exr-half" else "rgba32float"
        assert_ok(frameout("movie", *raw_args(raw, "rgba8fixed", W, H), "--type", "image", "--imagefiletype", "exr",
                           "--format", fmt, "--file", "ramp.exr"))
        src = ["--input", "ramp.exr"]
    else:
        raw = write_raw(tmp_path / "ramp.raw", (np.round(img * 255) * 257).astype("<u2"))
        src = raw_args(raw, "rgba16fixed", W, H)
    assert_ok(frameout("movie", *src, *AS_SRGB, "--videocodec", "rle", "--moviepixelformat", "rgba", "--file",
                       "r.mov"))
    dec = decode(tmp_path / "r.mov", "rgba", size=(W, H))[0].reshape(-1, 4)[:256].astype(np.int64)
    wrong = [(int(v), int(d)) for v, d in zip(levels, dec[:, 0]) if v != d]
    assert not wrong, f"{len(wrong)} of 256 levels changed (input, stored): {wrong[:6]} ..."
    assert np.array_equal(dec[:, 3], levels), "alpha levels changed"
