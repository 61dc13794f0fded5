"""Every (codec, container, pixel format) cell frameout offers writes a movie that ffprobe reports with the expected
codec, pixel format, tag and frame count, that decodes with `ffmpeg -xerror`, and whose pixels match the input;
alpha cells return the alpha, 10-bit cells keep more than 8 bits, and every refused cell exits 2 before any file
is opened. The expectations below are this test's own: a unit test holds the descriptors to `params`, this one
holds `frameout codecs --json` to what the files really are."""

import json
import subprocess

import numpy as np
import pytest

from support import (EXIT_USAGE, FFMPEG, Frameout, assert_ok, binary_path, count_frames, describe, make_frames,
                     psnr, raw_args, to_u8, to_u16, video_stream, write_raw)

W, H, N = 128, 96, 6

# codec token: (ffprobe codec_name, libav decoder for alpha or None, {pixel format token: ffprobe pix_fmt},
#               RGB PSNR floor in dB at the default quality, measured on this clip with 2-4 dB of margin)
CODECS = {
    "prores": ("prores", None, {"yuv422": "yuv422p10le", "rgb": "yuv444p12le", "rgba": "yuva444p12le"}, 36.0),
    "h264": ("h264", None, {"yuv420": "yuv420p", "yuv422": "yuv422p", "yuv444": "yuv444p"}, 33.0),
    "mjpa": ("mjpeg", None, {"yuv420": "yuvj420p", "yuv422": "yuvj422p"}, 31.0),
    "rle": ("qtrle", None, {"rgb": "rgb24", "rgba": "argb"}, 99.0),
    "hap": ("hap", None, {"rgb": None, "rgba": None}, 33.0),
    "h265": ("hevc", None, {"yuv420": "yuv420p", "yuv422": "yuv422p", "yuv444": "yuv444p",
                            "yuv420p10bit": "yuv420p10le", "yuv444p10bit": "yuv444p10le"}, 33.0),
    "svtav1": ("av1", None, {"yuv420": "yuv420p", "yuv420p10bit": "yuv420p10le"}, 31.0),
    "vp8": ("vp8", "libvpx", {"yuv420": "yuv420p", "rgba": "yuv420p"}, 30.0),
    "vp9": ("vp9", "libvpx-vp9", {"yuv420": "yuv420p", "rgba": "yuv420p", "yuv444": "yuv444p",
                                  "yuv420p10bit": "yuv420p10le", "yuv444p10bit": "yuv444p10le"}, 31.0),
    "cineform": ("cfhd", None, {"yuv422": "yuv422p10le", "rgb": "gbrp12le", "rgba": "gbrap12le"}, 36.0),
    "mpeg4": ("mpeg4", None, {"yuv420": "yuv420p"}, 30.0),
    "gif": ("gif", None, {"3": None}, 27.0),  # 256 colours of a noisy clip, dithered
}
# What two readers nobody here wrote call each codec: MediaInfo's video Format, and the stream description of
# GStreamer's gst-discoverer-1.0 (None: it has no Hap support; GIF is an image to MediaInfo).
MEDIAINFO = {"prores": "ProRes", "h264": "AVC", "mjpa": "JPEG", "rle": "RLE", "hap": "Hap", "h265": "HEVC",
             "svtav1": "AV1", "vp8": "VP8", "vp9": "VP9", "cineform": "CineForm", "mpeg4": "MPEG-4 Visual", "gif": None}
GSTREAMER = {"prores": "ProRes", "h264": "H.264", "mjpa": "JPEG", "rle": "Run-length", "hap": None, "h265": "H.265",
             "svtav1": "AV1", "vp8": "VP8", "vp9": "VP9", "cineform": "CineForm", "mpeg4": "MPEG-4 Video",
             "gif": "gif"}
EXTENSION = {"mov": "mov", "mp4": "mp4", "mkv": "mkv", "webm": "webm", "gif": "gif"}
TEN_BIT = {"yuv420p10bit", "yuv444p10bit"}
RGB_STORED = {"rle", "hap", "gif"}  # RGB codecs: no matrix; cineform's rgb/rgba are RGB planes too


def codecs_json():
    out = subprocess.run([str(binary_path()), "codecs", "--json"], stdout=subprocess.PIPE, check=True)
    return {c["token"]: c for c in json.loads(out.stdout)}


LISTED = codecs_json()
CELLS = [(codec, container, fmt) for codec in CODECS if LISTED.get(codec, {}).get("available")
         for container in LISTED[codec]["containers"] for fmt in LISTED[codec]["pixel_formats"]]


def test_the_matrix_covers_every_available_codec():
    available = {token for token, c in LISTED.items() if c["available"]}
    assert available <= set(CODECS), f"codecs without expectations here: {available - set(CODECS)}"
    for codec, (_, _, formats, _) in CODECS.items():
        assert set(LISTED[codec]["pixel_formats"]) == set(formats), codec


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("matrix")
    frames = make_frames(W, H, N, seed=5)
    # A 16-bit ramp over the whole picture: 12288 input levels, so a 10-bit path must keep more than 256.
    ramp = np.linspace(0.05, 0.95, W * H).reshape(1, H, W, 1).repeat(N, axis=0)
    deep = np.concatenate([ramp, ramp, ramp, np.ones_like(ramp)], axis=3)
    return folder, to_u8(frames), write_raw(folder / "clip.raw", to_u8(frames)), write_raw(folder / "ramp.raw", to_u16(deep))


def decode_rgba(path, decoder=None, deep=False, matrix=None, rng=None):
    fmt, dtype, channels = ("rgba64le", np.dtype("<u2"), 4) if deep else ("rgba", np.uint8, 4)
    scale = "scale=flags=accurate_rnd+full_chroma_int+bitexact" + (f":in_color_matrix={matrix}" if matrix else "") + \
            (f":in_range={rng}" if rng else "")
    cmd = [FFMPEG, "-v", "error", "-xerror", "-nostdin"] + (["-c:v", decoder] if decoder else []) + \
          ["-i", str(path), "-map", "0:v:0", "-fps_mode", "passthrough", "-vf", scale, "-f", "rawvideo", "-pix_fmt",
           fmt, "-"]
    out = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
    assert out.returncode == 0, f"ffmpeg -xerror could not decode {path}: {out.stderr.decode(errors='replace')}"
    data = np.frombuffer(out.stdout, dtype=dtype)
    return data.reshape(-1, H, W, channels)


def check_independent_readers(path, codec):
    """MediaInfo and GStreamer read the file as the codec, with every frame."""
    if MEDIAINFO[codec]:
        info = subprocess.run(["mediainfo", "--Inform=Video;%Format%|%FrameCount%", str(path)], stdout=subprocess.PIPE,
                              text=True, check=True).stdout.strip()
        fmt, _, frames = info.partition("|")
        assert MEDIAINFO[codec] in fmt, f"MediaInfo reads {path.name} as {info!r}"  # Matroska: "V_MJPEG"
        assert frames in ("", str(N)), f"MediaInfo counts {frames} frames in {path.name}"
    if GSTREAMER[codec]:
        found = subprocess.run(["gst-discoverer-1.0", str(path)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True, timeout=60).stdout
        video = [line for line in found.splitlines() if "video #" in line]
        assert video and GSTREAMER[codec] in video[0], f"gst-discoverer on {path.name}:\n{found}"


@pytest.mark.parametrize("codec, container, fmt", CELLS, ids=[f"{c}-{k}-{f}" for c, k, f in CELLS])
def test_cell(frameout_bin, inputs, codec, container, fmt):
    folder, frames, clip, ramp = inputs
    name, alpha_decoder, formats, floor = CODECS[codec]
    out = folder / f"{codec}_{fmt}.{EXTENSION[container]}"
    raw = ramp if fmt in TEN_BIT else clip
    proc = Frameout(frameout_bin, folder)("movie", *raw_args(raw, "rgba16fixed" if fmt in TEN_BIT else "rgba8fixed", W, H),
                                          "--videocodec", codec, "--moviepixelformat", fmt, "--file", out,
                                          "--overwrite", "--progress", "none")
    assert_ok(proc)
    st = video_stream(out)
    assert st["codec_name"] == name, st
    if formats[fmt]:
        assert st["pix_fmt"] == formats[fmt], st
    if codec == "h265" and container in ("mov", "mp4"):
        assert st["codec_tag_string"] == "hvc1", "Apple players need the hvc1 sample entry"
    assert count_frames(out) == N
    check_independent_readers(out, codec)

    yuv = codec not in RGB_STORED and fmt not in ("rgb", "rgba") or codec in ("vp8", "vp9")
    matrix, rng = (("bt601", "pc") if codec == "mjpa" else ("bt709", "tv")) if yuv else (None, None)
    if fmt in TEN_BIT:
        dec = decode_rgba(out, deep=True, matrix=matrix, rng=rng)
        levels = len(np.unique(dec[..., 1]))
        assert levels > 256, f"{codec} {fmt} kept only {levels} levels of a 16-bit ramp"
        return
    dec = decode_rgba(out, alpha_decoder if fmt == "rgba" else None, matrix=matrix, rng=rng)
    assert dec.shape == frames.shape
    if codec == "gif":
        # Binary transparency: alpha below 128 is the transparent index, the rest opaque and in the palette.
        opaque = frames[..., 3] >= 128
        assert np.array_equal(dec[..., 3] == 255, opaque) and set(np.unique(dec[..., 3])) <= {0, 255}
        value = psnr(dec[..., :3][opaque], frames[..., :3][opaque])
        assert value > floor, f"gif: RGB PSNR of the opaque pixels {value:.1f} dB <= {floor}"
        return
    value = psnr(dec[..., :3], frames[..., :3])
    assert value > floor, f"{codec} {fmt} in {container}: RGB PSNR {value:.1f} dB <= {floor}"
    if fmt == "rgba":
        alpha = psnr(dec[..., 3], frames[..., 3])
        assert alpha > 30.0, f"{codec} {fmt}: alpha PSNR {alpha:.1f} dB (alpha lost?)"


REFUSED_CONTAINERS = [(codec, container) for codec in CODECS if LISTED.get(codec, {}).get("available")
                      for container in EXTENSION if container not in LISTED[codec]["containers"]]


@pytest.mark.parametrize("codec, container", REFUSED_CONTAINERS, ids=[f"{c}-{k}" for c, k in REFUSED_CONTAINERS])
def test_refused_container(frameout_bin, tmp_path, codec, container):
    proc = Frameout(frameout_bin, tmp_path)("movie", "--input", "testpattern", "--input-size", f"{W}x{H}",
                                            "--videocodec", codec, "--file", f"x.{EXTENSION[container]}")
    assert proc.returncode == EXIT_USAGE, describe(proc)
    assert codec in proc.stderr and LISTED[codec]["containers"][0] in proc.stderr, "name a container that works"
    assert list(tmp_path.iterdir()) == []


PAGE_FORMATS = ["yuv420", "yuv420p10bit", "yuv422", "yuv444", "yuv444p10bit", "rgb", "rgba", "3"]
REFUSED_FORMATS = [(codec, fmt) for codec in CODECS if LISTED.get(codec, {}).get("available")
                   for fmt in PAGE_FORMATS if fmt not in LISTED[codec]["pixel_formats"]]


@pytest.mark.parametrize("codec, fmt", REFUSED_FORMATS, ids=[f"{c}-{f}" for c, f in REFUSED_FORMATS])
def test_refused_pixel_format(frameout_bin, tmp_path, codec, fmt):
    container = LISTED[codec]["containers"][0]
    proc = Frameout(frameout_bin, tmp_path)("movie", "--input", "testpattern", "--input-size", f"{W}x{H}",
                                            "--videocodec", codec, "--moviepixelformat", fmt,
                                            "--file", f"x.{EXTENSION[container]}")
    assert proc.returncode == EXIT_USAGE, describe(proc)
    assert "--moviepixelformat" in proc.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("codec, software", [("h264nvgpu", "h264"), ("h265nvgpu", "h265"), ("av1", "svtav1")])
def test_gpu_codecs_without_a_device_name_the_software_token(frameout_bin, tmp_path, codec, software):
    proc = Frameout(frameout_bin, tmp_path)("movie", "--input", "testpattern", "--input-size", f"{W}x{H}",
                                            "--videocodec", codec, "--file", "x.mkv")
    assert proc.returncode == 5, describe(proc)
    assert f"--videocodec {software}" in proc.stderr
    assert list(tmp_path.iterdir()) == []


def test_vvc_without_an_encoder_says_so(frameout_bin, tmp_path):
    proc = Frameout(frameout_bin, tmp_path)("movie", "--input", "testpattern", "--input-size", f"{W}x{H}",
                                            "--videocodec", "vvc", "--file", "x.mp4")
    assert proc.returncode == 5, describe(proc)
    assert "libvvenc" in proc.stderr


@pytest.mark.parametrize("size, needles", [("120x96", ["16", "112x96"]), ("128x100", ["8", "128x96"]),
                                           ("128x24", ["32"]), ("32x64", ["48"])])
def test_cineform_sizes_are_checked_before_the_encoder(frameout_bin, tmp_path, size, needles):
    """FFmpeg 5.1's cfhd crashes on some heights: they never reach it, and the message says what works."""
    proc = Frameout(frameout_bin, tmp_path)("movie", "--input", "testpattern", "--input-size", size,
                                            "--videocodec", "cineform", "--file", "x.mov")
    assert proc.returncode == EXIT_USAGE, describe(proc)
    for needle in needles:
        assert needle in proc.stderr
    assert list(tmp_path.iterdir()) == []


def test_videopixelformat_names_the_chroma_subsampling(frameout_bin, tmp_path):
    run = Frameout(frameout_bin, tmp_path)
    assert_ok(run("movie", "--input", "testpattern", "--input-size", f"{W}x{H}", "--limitlength", "on", "--length",
                  "2", "--lengthunit", "frames", "--videocodec", "h264", "--videopixelformat", "yuv422",
                  "--file", "v.mp4"))
    assert video_stream(tmp_path / "v.mp4")["pix_fmt"] == "yuv422p"
    proc = run("movie", "--input", "testpattern", "--input-size", f"{W}x{H}", "--videocodec", "h264",
               "--videopixelformat", "yuv422", "--moviepixelformat", "yuv420", "--file", "w.mp4")
    assert proc.returncode == EXIT_USAGE and "--videopixelformat" in proc.stderr, describe(proc)


@pytest.mark.parametrize("audiocodec, expected", [(None, "opus"), ("vorbis", "vorbis")])
def test_webm_sound_is_opus_or_vorbis(frameout_bin, tmp_path, audiocodec, expected):
    flags = ["--audiocodec", audiocodec] if audiocodec else []
    proc = Frameout(frameout_bin, tmp_path)("movie", "--input", "testpattern", "--input-size", f"{W}x{H}",
                                            "--limitlength", "on", "--length", "5", "--lengthunit", "frames",
                                            "--videocodec", "vp9", "--audiochop", "tone", *flags, "--file", "s.webm")
    assert_ok(proc)
    streams = json.loads(subprocess.run(["ffprobe", "-v", "error", "-of", "json", "-show_streams", str(tmp_path / "s.webm")],
                                        stdout=subprocess.PIPE, check=True).stdout)["streams"]
    assert [s["codec_name"] for s in streams] == ["vp9", expected]


def test_webm_refuses_aac_and_names_what_works(frameout_bin, tmp_path):
    proc = Frameout(frameout_bin, tmp_path)("movie", "--input", "testpattern", "--input-size", f"{W}x{H}",
                                            "--videocodec", "vp9", "--audiochop", "tone", "--audiocodec", "aac",
                                            "--file", "s.webm")
    assert proc.returncode == EXIT_USAGE, describe(proc)
    assert "--audiocodec aac" in proc.stderr
    assert list(tmp_path.iterdir()) == []


def test_readme_codec_table_agrees_with_the_descriptors():
    """The README's codec table lists each codec with the containers and pixel formats `frameout codecs` reports."""
    from support import REPO
    text = (REPO / "README.md").read_text()
    table = text[text.index("### Codecs"):text.index("### How `quality`")]
    rows = {}
    for line in table.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 5 and cells[0].startswith("`") and not cells[0].startswith("`--"):
            rows[cells[0].strip("`")] = cells
    built = {token for token, codec in LISTED.items() if "not implemented" not in codec["reason"]}
    assert set(rows) == built, set(rows) ^ built
    for token, codec in LISTED.items():
        if token not in rows:
            continue
        _, _, types, formats, containers = rows[token]
        assert [c.strip() for c in containers.split(",")] == codec["containers"], token
        for fmt in codec["pixel_formats"]:
            assert fmt in formats, (token, fmt)
        for codec_type in codec["types"]:
            assert codec_type in types, (token, codec_type)
