"""The EXR page: additional inputs (--exr-input / input1top …) whose channels are added to each EXR file under
the names of input1r … input1a, and input0r … input0a naming the main picture's channels.

Files are read back with OpenImageIO's Python module (which reads EXR through the OpenEXR library) and with a
parser of the EXR header's channel list in the tests; inputs are made by OpenImageIO and the ffmpeg CLI.
"""

import json
import subprocess

import numpy as np
import OpenImageIO as oiio
import pytest

from support import (EXIT_INPUT, EXIT_USAGE, FFMPEG, assert_no_output, assert_ok, exr_channels, exr_header,
                     leftovers, make_frames, raw_args, to_u8, write_raw)

W, H = 40, 24
N = 3


def write_exr(path, pixels, names):
    """A float EXR written by OpenImageIO: pixels (h, w, c), channels named `names`."""
    out = oiio.ImageOutput.create(str(path))
    spec = oiio.ImageSpec(pixels.shape[1], pixels.shape[0], pixels.shape[2], oiio.FLOAT)
    spec.channelnames = tuple(names)
    assert out.open(str(path), spec), oiio.geterror()
    assert out.write_image(np.ascontiguousarray(pixels, np.float32)), out.geterror()
    out.close()


def read_channels(path):
    """{channel name: float array (h, w)} of an EXR file, read by OpenImageIO."""
    inp = oiio.ImageInput.open(str(path))
    assert inp is not None, oiio.geterror()
    names = inp.spec().channelnames
    pixels = inp.read_image(oiio.FLOAT)
    inp.close()
    return {name: pixels[..., i] for i, name in enumerate(names)}


def file_channel_order(path):
    return list(exr_channels(exr_header(path)[1]))


@pytest.fixture
def main_raw(tmp_path):
    """Three float RGBA frames as a raw file, and their values."""
    f = make_frames(W, H, N, seed=5).astype(np.float32)
    return write_raw(tmp_path / "main.raw", f.astype("<f4")), f


@pytest.fixture
def pass_seq(tmp_path):
    """A float EXR sequence pass.0001..0003.exr with channels R, G, B (values outside 0..1 too)."""
    rng = np.random.default_rng(9)
    f = rng.uniform(-2.0, 3.0, size=(N, H, W, 3)).astype(np.float32)
    for i in range(N):
        write_exr(tmp_path / f"pass.{i + 1:04d}.exr", f[i], ["R", "G", "B"])
    return "pass.####.exr", f


def float_args(raw):
    return [*raw_args(raw, "rgba32float", W, H), "--type", "imagesequence", "--imagefiletype", "exr"]


def test_additional_input_channels_are_named_and_exact(frameout, tmp_path, main_raw, pass_seq):
    raw, main = main_raw
    pattern, extra = pass_seq
    proc = frameout("movie", *float_args(raw), "--exr-input", pattern, "--input1r", "N.x", "--input1g", "N.y",
                    "--input1b", "N.z", "--file", "out.####.exr")
    assert_ok(proc)
    for i in range(N):
        path = tmp_path / f"out.{i:04d}.exr"
        # The file stores its channels alphabetically, each as FLOAT like the main picture.
        assert file_channel_order(path) == ["A", "B", "G", "N.x", "N.y", "N.z", "R"]
        assert set(exr_channels(exr_header(path)[1]).values()) == {2}
        ch = read_channels(path)
        for c, name in enumerate("RGBA"):
            np.testing.assert_array_equal(ch[name], main[i, ..., c])
        for c, name in enumerate(("N.x", "N.y", "N.z")):
            np.testing.assert_array_equal(ch[name], extra[i, ..., c])


def test_default_names_are_layered_by_input(frameout, tmp_path, main_raw, pass_seq):
    raw, _ = main_raw
    proc = frameout("movie", *float_args(raw), "--exr-input", pass_seq[0], "--file", "out.####.exr")
    assert_ok(proc)
    # The pass has no alpha, so input1.A has nothing to name.
    assert file_channel_order(tmp_path / "out.0000.exr") == ["A", "B", "G", "R", "input1.B", "input1.G", "input1.R"]


def test_a_still_goes_with_every_frame_and_8_bit_becomes_half(frameout, tmp_path, main_raw):
    raw, _ = main_raw
    mask = to_u8(make_frames(W, H, 1, seed=3))[0]
    write_raw(tmp_path / "mask.rgba", mask)
    subprocess.run([FFMPEG, "-v", "error", "-f", "rawvideo", "-pix_fmt", "rgba", "-s", f"{W}x{H}", "-i",
                    "mask.rgba", "-frames:v", "1", "mask.png"], cwd=tmp_path, check=True)
    proc = frameout("movie", *raw_args(raw, "rgba32float", W, H), "--type", "imagesequence", "--format",
                    "rgba16float", "--exr-input", "mask.png", "--input1r", "mask", "--input1g", "", "--input1b", "",
                    "--input1a", "mask.alpha", "--file", "out.####.exr")
    assert_ok(proc)
    for i in range(N):
        path = tmp_path / f"out.{i:04d}.exr"
        assert exr_channels(exr_header(path)[1]) == {"A": 1, "B": 1, "G": 1, "R": 1, "mask": 1, "mask.alpha": 1}
        ch = read_channels(path)
        # 8-bit values are exact in half precision.
        np.testing.assert_allclose(ch["mask"], mask[..., 0] / 255.0, atol=0.5 / 2048)
        np.testing.assert_allclose(ch["mask.alpha"], mask[..., 3] / 255.0, atol=0.5 / 2048)


def test_main_channels_renamed_or_left_out(frameout, tmp_path, main_raw):
    raw, main = main_raw
    proc = frameout("movie", *float_args(raw), "--input0r", "beauty.R", "--input0g", "beauty.G", "--input0b",
                    "beauty.B", "--input0a", "", "--file", "out.####.exr")
    assert_ok(proc)
    path = tmp_path / "out.0001.exr"
    assert file_channel_order(path) == ["beauty.B", "beauty.G", "beauty.R"]
    np.testing.assert_array_equal(read_channels(path)["beauty.G"], main[1, ..., 1])


def test_duplicate_names_overwrite(frameout, tmp_path, main_raw, pass_seq):
    raw, main = main_raw
    pattern, extra = pass_seq
    proc = frameout("movie", *float_args(raw), "--exr-input", pattern, "--input1r", "R", "--input1g", "",
                    "--input1b", "", "--file", "out.####.exr")
    assert_ok(proc)
    ch = read_channels(tmp_path / "out.0002.exr")
    assert sorted(ch) == ["A", "B", "G", "R"]
    np.testing.assert_array_equal(ch["R"], extra[2, ..., 0])
    np.testing.assert_array_equal(ch["G"], main[2, ..., 1])


def test_mono_main_keeps_y_unless_named(frameout, tmp_path, main_raw):
    raw, _ = main_raw
    for extra, expected in (([], ["Y"]), (["--input0r", "depth"], ["depth"])):
        proc = frameout("movie", *float_args(raw), "--format", "mono32float", *extra, "--overwrite",
                        "--file", "m.####.exr")
        assert_ok(proc)
        assert file_channel_order(tmp_path / "m.0000.exr") == expected


def test_a_movie_as_additional_input_and_two_inputs(frameout, tmp_path, main_raw, pass_seq):
    raw, _ = main_raw
    clip = to_u8(make_frames(W, H, N, seed=8))
    write_raw(tmp_path / "clip.rgba", clip)
    subprocess.run([FFMPEG, "-v", "error", "-f", "rawvideo", "-pix_fmt", "rgba", "-s", f"{W}x{H}", "-i",
                    "clip.rgba", "-c:v", "ffv1", "clip.mkv"], cwd=tmp_path, check=True)
    proc = frameout("movie", *float_args(raw), "--exr-input", pass_seq[0], "--exr-input", "clip.mkv",
                    "--input2r", "C.r", "--input2g", "", "--input2b", "", "--input2a", "C.a", "--file", "out.####.exr")
    assert_ok(proc)
    for i in range(N):
        ch = read_channels(tmp_path / f"out.{i:04d}.exr")
        assert {"input1.R", "C.r", "C.a"} <= set(ch)
        np.testing.assert_array_equal(np.round(ch["C.r"] * 255), clip[i, ..., 0])
        np.testing.assert_array_equal(np.round(ch["C.a"] * 255), clip[i, ..., 3])


def test_json_list_equals_repeated_flags(frameout, tmp_path, main_raw, pass_seq):
    raw, _ = main_raw
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    proc = frameout("movie", *float_args(raw), "--exr-input", pass_seq[0], "--exr-input", pass_seq[0],
                    "--input2r", "x", "--deterministic", "--file", "a/o.####.exr")
    assert_ok(proc)
    job = {"type": "imagesequence", "imagefiletype": "exr", "input": str(raw), "input-format": "rgba32float",
           "input-size": f"{W}x{H}", "input-rate": 30, "exr-input": [pass_seq[0], pass_seq[0]], "input2r": "x",
           "deterministic": True, "file": "b/o.####.exr"}
    (tmp_path / "job.json").write_text(json.dumps(job))
    assert_ok(frameout("run", "job.json"))
    for i in range(N):
        assert (tmp_path / f"a/o.{i:04d}.exr").read_bytes() == (tmp_path / f"b/o.{i:04d}.exr").read_bytes()
    assert "x" in file_channel_order(tmp_path / "a/o.0000.exr")


def test_params_lists_the_blocks(frameout):
    listing = json.loads(frameout("params", "movie", "--json").stdout)
    by_name = {p["name"]: p for p in listing}
    assert by_name["exr-input"]["type"] == "list"
    assert by_name["exr-input"]["parts"] == [f"input{n}top" for n in range(1, 9)]
    assert by_name["input1top"]["status"] == "implemented"
    assert by_name["input0r"]["default"] == "R" and by_name["input3a"]["default"] == "input3.A"
    assert by_name["input0top"]["status"] == "notapplicable"


# --------------------------------------------------------------------------------------------------------------
# Bad input: exit code, a message naming the parameter, nothing partial left


def test_size_mismatch_is_an_input_error(frameout, tmp_path, main_raw):
    raw, _ = main_raw
    write_exr(tmp_path / "small.exr", np.zeros((H // 2, W, 3), np.float32), ["R", "G", "B"])
    proc = frameout("movie", *float_args(raw), "--exr-input", "small.exr", "--file", "out.####.exr")
    assert proc.returncode == EXIT_INPUT
    assert "--input1top" in proc.stderr and f"{W}x{H // 2}" in proc.stderr
    assert list(tmp_path.glob("out.*")) == [] and leftovers(tmp_path) == []


def test_an_input_that_ends_first_keeps_the_complete_files(frameout, tmp_path, main_raw, pass_seq):
    raw, _ = main_raw
    (tmp_path / "pass.0003.exr").unlink()
    proc = frameout("movie", *float_args(raw), "--exr-input", pass_seq[0], "--file", "out.####.exr")
    assert proc.returncode == EXIT_INPUT
    assert "--input1top" in proc.stderr and "ended after 2 frames" in proc.stderr
    assert sorted(p.name for p in tmp_path.glob("out.*")) == ["out.0000.exr", "out.0001.exr"]
    assert leftovers(tmp_path) == []


def test_missing_additional_file_is_an_input_error(frameout, tmp_path, main_raw):
    raw, _ = main_raw
    proc = frameout("movie", *float_args(raw), "--input1top", "nope.####.exr", "--file", "out.####.exr")
    assert proc.returncode == EXIT_INPUT
    assert "--input1top" in proc.stderr and "nope" in proc.stderr
    assert_no_output(tmp_path, "out.0000.exr")


@pytest.mark.parametrize("args, named", [
    (["--input2r", "x"], "--input2r"),
    (["--imagefiletype", "png", "--exr-input", "pass.####.exr", "--file", "o.####.png"], "--input1top"),
    (["--input0r", "", "--input0g", "", "--input0b", "", "--input0a", ""], "input0r"),
    (["--exr-input", "-"], "--input1top"),
    (["--exr-input", "testpattern"], "--input1top"),
    ([a for _ in range(9) for a in ("--exr-input", "pass.####.exr")], "--exr-input"),
])
def test_bad_exr_channel_settings_are_usage_errors(frameout, tmp_path, main_raw, pass_seq, args, named):
    raw, _ = main_raw
    proc = frameout("movie", *float_args(raw), "--file", "out.####.exr", *args)
    assert proc.returncode == EXIT_USAGE, proc.stderr
    assert named in proc.stderr
    assert list(tmp_path.glob("o*.0000.*")) == [] and leftovers(tmp_path) == []


def test_movies_refuse_exr_channels(frameout, tmp_path, pass_seq):
    proc = frameout("movie", "--input", "testpattern", "--input-size", f"{W}x{H}", "--exr-input", pass_seq[0],
                    "--file", "m.mov")
    assert proc.returncode == EXIT_USAGE
    assert "--input1top" in proc.stderr and "movies" in proc.stderr
    assert_no_output(tmp_path, "m.mov")
