"""Readers for the colour descriptions frameout writes, written from the published layouts and sharing nothing
with frameout: PNG chunks, the mov/mp4 `colr` box, ICC profiles (and where TIFF and JPEG keep them), exrheader's
listing, MediaInfo's fields, and ffprobe of a movie's elementary stream (the codec's own tags, not the
container's)."""

import json
import struct
import subprocess
import zlib

import numpy as np

from support import FFMPEG, FFPROBE

# H.273 code points by ffprobe's names (None: unspecified, which ffprobe leaves out or calls unknown).
PRIMARIES = {"bt709": 1, None: 2, "smpte170m": 6, "bt2020": 9, "smpte432": 12}
TRANSFERS = {"bt709": 1, None: 2, "smpte170m": 6, "linear": 8, "iec61966-2-1": 13, "bt2020-10": 14,
             "bt2020-12": 15, "smpte2084": 16, "arib-std-b67": 18}
MATRICES = {"gbr": 0, "bt709": 1, None: 2, "smpte170m": 6, "bt2020nc": 9}


def tag(value):
    """ffprobe's value with "unknown" and absence both read as None."""
    return None if value in (None, "unknown") else value


# --------------------------------------------------------------------------------------------------------------
# PNG

def png_chunks(path):
    """[(type, data)] in file order; checks each chunk's CRC and that nothing follows IEND."""
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    chunks, at = [], 8
    while at + 12 <= len(data):
        length, kind = struct.unpack(">I4s", data[at:at + 8])
        body = data[at + 8:at + 8 + length]
        (crc,) = struct.unpack(">I", data[at + 8 + length:at + 12 + length])
        assert crc == zlib.crc32(kind + body), f"{path}: bad CRC in {kind}"
        chunks.append((kind.decode("latin-1"), body))
        at += 12 + length
    assert at == len(data) and chunks[-1][0] == "IEND", f"{path}: does not end with IEND"
    return chunks


def png_without(path, kinds, out):
    """A copy of the PNG at `out` with the chunks of `kinds` left out."""
    data = open(path, "rb").read()
    parts, at = [data[:8]], 8
    while at < len(data):
        (length,) = struct.unpack(">I", data[at:at + 4])
        if data[at + 4:at + 8].decode("latin-1") not in kinds:
            parts.append(data[at:at + 12 + length])
        at += 12 + length
    out.write_bytes(b"".join(parts))
    return out


def png_colour(path):
    """The colour chunks of a PNG, decoded: {"cICP": (p, t, m, full), "sRGB": intent, "cHRM": [8 floats: white,
    red, green, blue x,y], "gAMA": float, "mDCv": {"red", "green", "blue", "white": (x, y), "max", "min": cd/m2},
    "cLLi": (MaxCLL, MaxFALL) in cd/m2}; also checks that each comes once, before the first IDAT."""
    found, seen_idat = {}, False
    for kind, body in png_chunks(path):
        if kind == "IDAT":
            seen_idat = True
        elif kind in ("cICP", "sRGB", "cHRM", "gAMA", "iCCP", "mDCv", "cLLi"):
            assert not seen_idat, f"{path}: {kind} after the image data"
            assert kind not in found, f"{path}: two {kind} chunks"
            if kind == "mDCv":  # 16-bit x, y in 0.00002 (red, green, blue, white), then 32-bit 0.0001 cd/m2
                assert len(body) == 24, f"mDCv of {len(body)} bytes"
                xy = [v / 50000 for v in struct.unpack(">8H", body[:16])]
                high, low = struct.unpack(">2I", body[16:])
                found[kind] = {"red": tuple(xy[0:2]), "green": tuple(xy[2:4]), "blue": tuple(xy[4:6]),
                               "white": tuple(xy[6:8]), "max": high / 10000, "min": low / 10000}
            elif kind == "cLLi":  # two 32-bit numbers in 0.0001 cd/m2
                assert len(body) == 8, f"cLLi of {len(body)} bytes"
                found[kind] = tuple(v / 10000 for v in struct.unpack(">2I", body))
            elif kind == "cICP":
                found[kind] = tuple(body)
            elif kind == "sRGB":
                found[kind] = body[0]
            elif kind == "cHRM":
                found[kind] = [v / 100000 for v in struct.unpack(">8I", body)]
            elif kind == "gAMA":
                found[kind] = struct.unpack(">I", body)[0] / 100000
            else:
                found[kind] = body
    return found


# --------------------------------------------------------------------------------------------------------------
# mov / mp4 colr box

def colr_box(path):
    """(kind, primaries, transfer, matrix, full_range or None) of the first colr box ('nclc' in QuickTime, 'nclx'
    in ISO files), or None when there is none."""
    data = open(path, "rb").read()
    at = data.find(b"colr")
    if at < 0:
        return None
    kind = data[at + 4:at + 8].decode("latin-1")
    p, t, m = struct.unpack(">HHH", data[at + 8:at + 14])
    full = (data[at + 14] >> 7) if kind == "nclx" else None
    return kind, p, t, m, full


# --------------------------------------------------------------------------------------------------------------
# ICC profiles and where TIFF and JPEG keep them

def tiff_icc(path):
    """The ICCProfile (tag 34675) of a TIFF's first directory, or None."""
    data = open(path, "rb").read()
    order = {b"II": "<", b"MM": ">"}[data[:2]]
    (ifd,) = struct.unpack(order + "I", data[4:8])
    (count,) = struct.unpack(order + "H", data[ifd:ifd + 2])
    for i in range(count):
        entry = data[ifd + 2 + 12 * i:ifd + 14 + 12 * i]
        code, kind, n, value = struct.unpack(order + "HHII", entry)
        if code == 34675:
            assert kind == 7, "ICCProfile must be UNDEFINED bytes"
            return data[value:value + n]
    return None


def jpeg_icc(path):
    """The ICC profile from a JPEG's APP2 ICC_PROFILE segments (joined in sequence order), or None."""
    data = open(path, "rb").read()
    parts, at = {}, 2
    while at + 4 <= len(data) and data[at] == 0xFF:
        marker = data[at + 1]
        if marker == 0xDA:  # start of scan: no more headers
            break
        (length,) = struct.unpack(">H", data[at + 2:at + 4])
        body = data[at + 4:at + 2 + length]
        if marker == 0xE2 and body.startswith(b"ICC_PROFILE\0"):
            parts[body[12]] = body[14:]
        at += 2 + length
    return b"".join(parts[k] for k in sorted(parts)) if parts else None


def _s15(data, at, n):
    return [v / 65536 for v in struct.unpack(f">{n}i", data[at:at + 4 * n])]


def icc_info(profile):
    """What a (v4) ICC profile says: version, class, colour space, description, colorants (D50 XYZ), the
    chromatic adaptation matrix and each TRC's parametric function (ICC type, parameters)."""
    size, = struct.unpack(">I", profile[:4])
    assert size == len(profile), "ICC size field does not match the data"
    assert profile[36:40] == b"acsp", "not an ICC profile"
    info = {"version": profile[8], "class": profile[12:16].decode(), "space": profile[16:20].decode()}
    count, = struct.unpack(">I", profile[128:132])
    tags = {}
    for i in range(count):
        sig, offset, length = struct.unpack(">4sII", profile[132 + 12 * i:144 + 12 * i])
        tags[sig.decode("latin-1")] = profile[offset:offset + length]
    desc = tags["desc"]
    if desc[:4] == b"mluc":
        n, record = struct.unpack(">II", desc[8:16])
        length, offset = struct.unpack(">II", desc[20:28])
        info["description"] = desc[offset:offset + length].decode("utf-16-be")
    else:  # v2 textDescriptionType
        n, = struct.unpack(">I", desc[8:12])
        info["description"] = desc[12:12 + n].rstrip(b"\0").decode("latin-1")
    for name in ("rXYZ", "gXYZ", "bXYZ", "wtpt"):
        if name in tags:
            info[name] = _s15(tags[name], 8, 3)
    if "chad" in tags:
        info["chad"] = np.array(_s15(tags["chad"], 8, 9)).reshape(3, 3)
    for name in ("rTRC", "kTRC"):
        if name in tags:
            t = tags[name]
            assert t[:4] == b"para", f"{name} is {t[:4]}, not a parametric curve"
            function, = struct.unpack(">H", t[8:10])
            n = {0: 1, 1: 3, 2: 4, 3: 5, 4: 7}[function]
            info[name] = (function, _s15(t, 12, n))
    return info


def icc_primaries(info):
    """The red, green, blue xy the profile describes, its D50 colorants adapted back through chad."""
    back = np.linalg.inv(info["chad"]) if "chad" in info else np.eye(3)
    out = []
    for name in ("rXYZ", "gXYZ", "bXYZ"):
        xyz = back @ np.array(info[name])
        out.append((xyz[0] / xyz.sum(), xyz[1] / xyz.sum()))
    return out


# --------------------------------------------------------------------------------------------------------------
# EXR, MediaInfo, ffprobe

def exr_header(path):
    """exrheader's listing as {attribute name: value text} (OpenEXR's own tool)."""
    out = subprocess.run(["exrheader", str(path)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
    assert out.returncode == 0, out.stderr.decode(errors="replace")
    attributes, current = {}, None
    for line in out.stdout.decode().splitlines():
        if line and not line.startswith(" ") and "(type" in line:
            name, rest = line.split(" (type", 1)
            current = name.strip()
            attributes[current] = rest.split("):", 1)[1].strip() if "):" in rest else ""
        elif current and line.startswith(" "):
            attributes[current] += " " + line.strip()
    return attributes


def numbers(text):
    """Every number in a text, in order."""
    import re
    return [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?(?:e-?\d+)?", text)]


def mediainfo_video(path):
    out = subprocess.run(["mediainfo", "--Output=JSON", str(path)], stdout=subprocess.PIPE, timeout=60)
    tracks = json.loads(out.stdout)["media"]["track"]
    return next(t for t in tracks if t["@type"] == "Video")


ELEMENTARY = {"h264": ("h264", "h264"), "h265": ("hevc", "hevc"), "svtav1": ("obu", "obu"), "vp9": ("ivf", "ivf")}


def elementary_stream(path, codec, folder):
    """The codec's stream copied out of the container into a raw stream (or IVF, which has no colour fields)."""
    muxer, ext = ELEMENTARY[codec]
    raw = folder / f"{path.stem}.{ext}"
    # Named, not left to ffmpeg's guess: a first NAL unit of 256-511 bytes has a length field that looks like an
    # Annex B start code, and the conversion is then skipped.
    annex_b = {"h264": ["-bsf:v", "h264_mp4toannexb"], "h265": ["-bsf:v", "hevc_mp4toannexb"]}.get(codec, [])
    out = subprocess.run([FFMPEG, "-v", "error", "-y", "-i", str(path), "-c", "copy", *annex_b, "-f", muxer, str(raw)],
                         stderr=subprocess.PIPE, timeout=60)
    assert out.returncode == 0, out.stderr.decode(errors="replace")
    return raw


def h264_sei_payload_types(raw):
    """The payload type of the first message of each SEI NAL unit (type 6) in an Annex B H.264 stream
    (ffprobe's H.264 decoder does not report mastering-display or light-level SEI)."""
    data = open(raw, "rb").read()
    types, at = [], data.find(b"\0\0\1")
    while at >= 0:
        if data[at + 3] & 0x1F == 6:
            types.append(data[at + 4])
        at = data.find(b"\0\0\1", at + 3)
    return types


def elementary_stream_tags(path, codec, folder):
    """ffprobe's first frame of the codec's own stream: what the bitstream itself says. The stream's format is
    named: a short, dark clip can be too little for ffprobe to recognise a raw stream by its content."""
    return first_frame(elementary_stream(path, codec, folder), ELEMENTARY[codec][0])


def first_frame(path, demuxer=None):
    """ffprobe's first decoded video frame with its colour fields and side data."""
    forced = ["-f", demuxer] if demuxer else []
    out = subprocess.run([FFPROBE, "-v", "error", "-of", "json", *forced, "-select_streams", "v:0", "-show_frames",
                          "-read_intervals", "%+#1", str(path)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         timeout=60)
    assert out.returncode == 0, out.stderr.decode(errors="replace")
    return json.loads(out.stdout)["frames"][0]


def side_data(entries):
    """{side_data_type: entry} of an ffprobe side_data_list."""
    return {e["side_data_type"]: e for e in entries or []}


def fraction(text):
    num, _, den = str(text).partition("/")
    return float(num) / float(den or 1)
