"""--motionpredict sets x264's and x265's sub-pixel motion search. Both encoders record their settings in the
stream (an SEI message), which is read back from the file. An encoder without the setting is warned about."""

import re

import pytest

from support import assert_ok, make_frames, raw_args, to_u8, write_raw

W, H = 160, 120


@pytest.fixture(scope="module")
def clip(tmp_path_factory):
    folder = tmp_path_factory.mktemp("motion")
    return write_raw(folder / "clip.raw", to_u8(make_frames(W, H, 20, seed=5)))


def encode(frameout, clip, codec, *flags):
    proc = frameout("movie", *raw_args(clip, "rgba8fixed", W, H), "--videocodec", codec, *flags,
                    "--file", "out.mp4")
    assert_ok(proc)
    return frameout.cwd / "out.mp4", proc.stderr


def recorded_subme(path):
    """The subme value the encoder wrote into its settings SEI."""
    found = re.findall(rb"subme=(\d+)", path.read_bytes())
    assert found, f"{path}: no encoder settings SEI"
    return {int(value) for value in found}


@pytest.mark.parametrize("codec, precision, subme, warns", [
    ("h264", "quarter", 9, False), ("h264", "half", 1, True), ("h264", "full", 0, False),
    ("h265", "quarter", 7, False), ("h265", "half", 0, False), ("h265", "full", 0, True),
])
def test_precision_reaches_the_encoder(frameout, clip, codec, precision, subme, warns):
    path, log = encode(frameout, clip, codec, "--motionpredict", precision)
    assert recorded_subme(path) == {subme}
    assert ("--motionpredict " + precision in log) == warns, log


@pytest.mark.parametrize("codec, preset_subme", [("h264", 7), ("h265", 2)])
def test_default_keeps_the_presets_search(frameout, clip, codec, preset_subme):
    path, log = encode(frameout, clip, codec)
    assert recorded_subme(path) == {preset_subme}
    assert "motionpredict" not in log


def test_codecs_without_the_setting_warn(frameout, clip):
    proc = frameout("movie", *raw_args(clip, "rgba8fixed", W, H), "--videocodec", "mjpa", "--motionpredict",
                    "full", "--file", "out.mov")
    assert_ok(proc)
    assert "--motionpredict has no effect on mjpa" in proc.stderr
