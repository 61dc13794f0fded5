"""No parameter is silently ignored: every given parameter the output has no use for is warned about (or refused
where dropping it would lose data the user asked for), and a raw input must say its frame size."""

import numpy as np
import pytest

from support import EXIT_USAGE, assert_no_output, assert_ok, count_frames, describe, raw_args, write_raw

PATTERN = ["--input", "testpattern", "--input-size", "64x48", "--limitlength", "on", "--length", "2",
           "--lengthunit", "frames", "--progress", "none"]


def warned(proc, name):
    return any(f"--{name} has no effect" in line for line in proc.stderr.splitlines())


@pytest.mark.parametrize("flags, name", [
    (["--starttimecode", "01:00:00:00"], "starttimecode"),
    (["--videocodec", "h264"], "videocodec"),
    (["--exr-compression", "zip"], "exr-compression"),   # another image type's option
    (["--jpeg-chroma", "444"], "jpeg-chroma"),
    (["--quality", "0.3"], "quality"),                  # PNG has no quality
    (["--frame", "3"], "frame"),                        # a sequence writes every frame
    (["--tone-frequency", "500"], "tone-frequency"),    # no tone is read
])
def test_image_sequence_warns_about_what_it_cannot_use(frameout, tmp_path, flags, name):
    proc = frameout("movie", "--type", "imagesequence", *PATTERN, "--file", "s.####.png", *flags)
    assert_ok(proc)
    assert warned(proc, name), describe(proc)
    assert (tmp_path / "s.0001.png").is_file()


def test_used_parameters_are_not_warned_about(frameout, tmp_path):
    proc = frameout("movie", "--type", "imagesequence", *PATTERN, "--file", "s.####.jpg", "--quality", "0.3",
                    "--jpeg-chroma", "444", "--leadingzerosdigits", "4")
    assert_ok(proc)
    assert "has no effect" not in proc.stderr, describe(proc)


def test_a_sound_track_on_images_is_refused_not_dropped(frameout, tmp_path):
    proc = frameout("movie", "--type", "imagesequence", *PATTERN, "--file", "s.####.png", "--audiochop", "tone")
    assert proc.returncode == EXIT_USAGE, describe(proc)
    assert "--audiochop" in proc.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("flags, name, why", [
    (["--numslices", "2"], "numslices", "--frameslicing is off"),
    (["--bitratemode", "constant", "--avgbitrate", "500", "--peakbitrate", "800"], "peakbitrate", "constant"),
    (["--preset", "lossless", "--quality", "0.2"], "quality", "lossless"),
])
def test_h264_settings_switched_off_by_another_are_warned_about(frameout, tmp_path, flags, name, why):
    proc = frameout("movie", *PATTERN, "--videocodec", "h264", "--file", "o.mp4", *flags)
    assert_ok(proc)
    lines = [line for line in proc.stderr.splitlines() if f"--{name} has no effect" in line]
    assert len(lines) == 1 and why in lines[0], describe(proc)
    assert count_frames(tmp_path / "o.mp4") == 2


@pytest.mark.parametrize("codec, flags, name", [
    ("prores", ["--keyframeinterval", "10"], "keyframeinterval"),
    ("hap", ["--quality", "0.4"], "quality"),
    ("mjpa", ["--secondarycompression", "off"], "secondarycompression"),
    ("rle", ["--maxbframes", "2"], "maxbframes"),
    ("prores", ["--png-level", "3"], "png-level"),
    ("prores", ["--exr-layer", "beauty"], "exr-layer"),   # the input is not an EXR file
])
def test_movies_warn_about_settings_their_codec_cannot_use(frameout, tmp_path, codec, flags, name):
    proc = frameout("movie", *PATTERN, "--videocodec", codec, "--file", "o.mov", *flags)
    assert_ok(proc)
    assert sum(f"--{name} " in line and "no effect" in line for line in proc.stderr.splitlines()) == 1, describe(proc)


def test_audio_warns_about_a_tone_setting_for_a_file_input(frameout, tmp_path):
    assert_ok(frameout("audio", "--input", "tone", "--duration", "0.2", "--file", "t.wav"))
    proc = frameout("audio", "--input", "t.wav", "--tone-level", "0.1", "--file", "u.wav")
    assert_ok(proc)
    assert warned(proc, "tone-level"), describe(proc)


def test_raw_input_must_give_its_size(frameout, tmp_path):
    """Raw bytes carry no size; frameout once silently took 1920x1080 (ffmpeg's rawvideo refuses too)."""
    raw = write_raw(tmp_path / "in.raw", np.zeros((2, 48, 64, 4), np.uint8))
    args = [a for a in raw_args(raw, "rgba8fixed", 64, 48) if a not in ("--input-size", "64x48")]
    proc = frameout("movie", *args, "--videocodec", "prores", "--file", "o.mov")
    assert proc.returncode == EXIT_USAGE, describe(proc)
    assert "--input-size" in proc.stderr
    assert_no_output(tmp_path, "o.mov")


def test_the_test_pattern_keeps_a_default_size(frameout, tmp_path):
    proc = frameout("movie", "--input", "testpattern", "--limitlength", "on", "--length", "1", "--lengthunit",
                    "frames", "--videocodec", "prores", "--file", "o.mov")
    assert_ok(proc)
    assert count_frames(tmp_path / "o.mov") == 1
