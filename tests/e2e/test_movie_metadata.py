"""Movie `headerdat` rows reach the container: every key, standard or not, read back by ffprobe."""

import pytest

from support import assert_ok, describe, ffprobe

PATTERN = ["--input", "testpattern", "--input-size", "64x48", "--limitlength", "on", "--length", "2",
           "--lengthunit", "frames", "--progress", "none"]


def format_tags(path):
    return {k.lower(): v for k, v in ffprobe(path, "-show_entries", "format_tags")["format"].get("tags", {}).items()}


@pytest.mark.parametrize("codec, ext", [("prores", "mov"), ("h264", "mp4"), ("h264", "mkv")])
def test_every_headerdat_key_is_kept(frameout, tmp_path, codec, ext):
    (tmp_path / "meta.tsv").write_text("title\tShot 010\nshot\t010\nfacility\tNorth Farm\ncomment\tfinal grade\n")
    proc = frameout("movie", *PATTERN, "--videocodec", codec, "--headerdat", "meta.tsv", "--file", f"m.{ext}")
    assert_ok(proc)
    tags = format_tags(tmp_path / f"m.{ext}")
    for key, value in {"title": "Shot 010", "shot": "010", "facility": "North Farm", "comment": "final grade"}.items():
        assert tags.get(key) == value, (key, tags, describe(proc))


def test_standard_keys_stay_in_quicktime_user_data(frameout, tmp_path):
    """Only keys mov has no atom for switch on the `mdta` key list; standard ones keep the usual atoms."""
    (tmp_path / "meta.tsv").write_text("title\tShot 010\ncopyright\tStudio\n")
    assert_ok(frameout("movie", *PATTERN, "--videocodec", "prores", "--headerdat", "meta.tsv", "--file", "s.mov"))
    data = (tmp_path / "s.mov").read_bytes()
    assert b"mdta" not in data and b"\xa9nam" in data
    assert format_tags(tmp_path / "s.mov")["title"] == "Shot 010"


@pytest.mark.parametrize("token, codec_name", [("mp3", "mp3"), ("alac", "alac"), ("pcm24", "pcm_s24le")])
def test_the_pages_codec_tokens_under_audiobitrate_set_the_audio_codec(frameout, tmp_path, token, codec_name):
    """The page lists the audio codecs under Audio Bit Rate; frameout takes them there as audiocodec values."""
    proc = frameout("movie", *PATTERN, "--videocodec", "prores", "--audiochop", "tone", "--audiobitrate", token,
                    "--file", "a.mov")
    assert_ok(proc)
    audio = [s for s in ffprobe(tmp_path / "a.mov")["streams"] if s["codec_type"] == "audio"]
    assert len(audio) == 1 and audio[0]["codec_name"] == codec_name, describe(proc)
