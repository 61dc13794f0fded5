"""The parameter pages and the command line: `params`, `codecs`, flag spelling, menu tokens, toggles, values."""

import json

import pytest

from support import EXIT_UNAVAILABLE, EXIT_USAGE, assert_ok, assert_no_output, describe

STATUSES = {"implemented", "notyet", "notapplicable"}
TYPES = {"string", "int", "float", "menu", "toggle", "pair", "pulse", "list"}


def params_json(frameout, *which):
    proc = frameout("params", *which, "--json")
    assert_ok(proc)
    data = json.loads(proc.stdout)
    assert isinstance(data, list) and data, "params --json must be a non-empty list"
    return data


def test_params_json_every_param_is_complete(frameout):
    data = params_json(frameout)
    for p in data:
        for key in ("name", "type", "status", "label", "command"):
            assert key in p, f"parameter entry without {key}: {p}"
        assert p["status"] in STATUSES, p
        assert p["type"] in TYPES, p
        if p["type"] == "menu":
            assert p["menu"], f"menu parameter {p['name']} without tokens"
            for item in p["menu"]:
                assert item["token"] and item["label"], item
                assert item["status"] in STATUSES, item
    names = [(p["command"], p["name"]) for p in data]
    by_name = {p["name"] for p in data}
    for p in data:
        if "parts" in p:
            # a two-part parameter (--resolution WxH = --resolutionw + --resolutionh), or a list whose values
            # fill its parts in turn (--exr-input = input1top, input2top, …)
            assert (p["type"] == "pair" and len(p["parts"]) == 2) or (p["type"] == "list" and p["parts"]), p
            assert set(p["parts"]) <= by_name, p
    assert len(names) == len(set(names)), "a parameter is listed twice"


def test_params_movie_page_has_reference_names(frameout):
    data = {p["name"]: p for p in params_json(frameout, "movie")}
    for name in ("type", "videocodec", "videocodectype", "moviepixelformat", "moviecontainer", "file",
                 "uniquesuff", "n", "limitlength", "length", "lengthunit", "fps", "quality",
                 "starttimecode", "keyframeinterval", "maxbframes", "profile", "preset", "bitratemode",
                 "avgbitrate", "peakbitrate", "frameslicing", "numslices", "entropymode",
                 "secondarycompression", "outputcolorspace", "input", "input-format", "input-size",
                 "input-rate", "overwrite", "deterministic", "progress", "report"):
        assert name in data, f"--{name} missing from 'params movie'"
    tokens = {m["token"] for m in data["videocodec"]["menu"]}
    assert {"prores", "h264", "h264nvgpu", "mjpa", "rle", "hap"} <= tokens
    assert {m["token"] for m in data["videocodectype"]["menu"]} >= {
        "proxy", "lt", "standard", "hq", "4444", "4444xq", "hap", "hapalpha", "hapq"}
    assert {m["token"] for m in data["lengthunit"]["menu"]} == {"seconds", "frames", "indices"}
    assert data["limitlength"]["type"] == "toggle"
    fmt_tokens = {m["token"] for m in data["input-format"]["menu"]}
    assert {"rgba8fixed", "rgba16fixed", "rgba32float", "rgb10a2fixed", "mono8fixed", "a8fixed"} <= fmt_tokens
    # the movie listing holds only movie (or shared) parameters
    assert {p["command"] for p in data.values()} <= {"movie", "both"}


def test_params_audio_and_plain_listing(frameout):
    audio = params_json(frameout, "audio")
    assert {p["command"] for p in audio} <= {"audio", "both"}
    plain = frameout("params", "movie")
    assert_ok(plain)
    assert "--videocodec" in plain.stdout and "prores" in plain.stdout


def test_params_unknown_page_is_usage_error(frameout):
    proc = frameout("params", "video")
    assert proc.returncode == EXIT_USAGE, describe(proc)


def test_movie_help_lists_flags(frameout):
    proc = frameout("movie", "--help")
    assert_ok(proc)
    for flag in ("--videocodec", "--limitlength", "--uniquesuff", "--input-format", "--deterministic"):
        assert flag in proc.stdout


def test_codecs_json(frameout):
    proc = frameout("codecs", "--json")
    assert_ok(proc)
    codecs = {c["token"]: c for c in json.loads(proc.stdout)}
    menu = {m["token"] for p in params_json(frameout, "movie") if p["name"] == "videocodec" for m in p["menu"]}
    assert set(codecs) == menu, "codecs --json and the videocodec menu must name the same tokens"
    for token in ("prores", "h264", "mjpa", "rle", "hap"):
        c = codecs[token]
        assert c["available"] is True, c
        assert c["containers"] and c["pixel_formats"], c
    for c in codecs.values():
        assert isinstance(c["available"], bool)
        if not c["available"]:
            assert c["reason"], f"{c['token']} unavailable without a reason"
    assert "mp4" not in codecs["prores"]["containers"]
    assert codecs["h264"]["containers"][0] in ("mp4", "mov", "mkv")
    assert set(codecs["prores"]["types"]) == {"proxy", "lt", "standard", "hq", "4444", "4444xq"}
    assert set(codecs["hap"]["types"]) == {"hap", "hapalpha", "hapq"}


def test_codecs_plain(frameout):
    proc = frameout("codecs")
    assert_ok(proc)
    for token in ("prores", "h264", "h264nvgpu", "mjpa", "rle", "hap"):
        assert token in proc.stdout


# --- flags and values --------------------------------------------------------------------------------------


def movie_base(tmp_path, name="out.mov"):
    return ["movie", "--input", "testpattern", "--input-size", "64x48", "--input-rate", "30",
            "--limitlength", "on", "--length", "2", "--lengthunit", "frames", "--file", name]


def test_unknown_flag_suggests_the_right_one(frameout, tmp_path):
    proc = frameout(*movie_base(tmp_path), "--videocodc", "h264")
    assert proc.returncode == EXIT_USAGE, describe(proc)
    assert "did you mean" in proc.stderr and "--videocodec" in proc.stderr
    assert_no_output(tmp_path, "out.mov")


def test_bad_menu_token_lists_valid_tokens(frameout, tmp_path):
    proc = frameout(*movie_base(tmp_path), "--videocodec", "h265x")
    assert proc.returncode == EXIT_USAGE, describe(proc)
    for token in ("prores", "h264", "mjpa", "rle", "hap"):
        assert token in proc.stderr
    assert "--videocodec" in proc.stderr
    assert_no_output(tmp_path, "out.mov")


def test_bad_lengthunit_token(frameout, tmp_path):
    proc = frameout(*movie_base(tmp_path), "--lengthunit", "minutes")
    assert proc.returncode == EXIT_USAGE, describe(proc)
    assert "seconds" in proc.stderr and "frames" in proc.stderr and "indices" in proc.stderr
    assert_no_output(tmp_path, "out.mov")


@pytest.mark.parametrize("value", ["on", "off", "1", "0", "true", "false"])
def test_toggle_values_accepted(frameout, tmp_path, value):
    proc = frameout(*movie_base(tmp_path), "--deterministic", value, "--videocodec", "rle")
    assert_ok(proc)
    assert (tmp_path / "out.mov").is_file()


def test_bad_toggle_value_with_equals(frameout, tmp_path):
    proc = frameout(*movie_base(tmp_path), "--deterministic=yes")
    assert proc.returncode == EXIT_USAGE, describe(proc)
    assert "--deterministic" in proc.stderr
    for word in ("on", "off", "true", "false"):
        assert word in proc.stderr
    assert_no_output(tmp_path, "out.mov")


def test_bad_toggle_value_names_parameter(frameout, tmp_path):
    proc = frameout(*movie_base(tmp_path), "--deterministic", "yes")
    assert proc.returncode == EXIT_USAGE, describe(proc)
    assert "--deterministic" in proc.stderr, proc.stderr
    assert "on" in proc.stderr and "off" in proc.stderr, proc.stderr
    assert_no_output(tmp_path, "out.mov")


@pytest.mark.parametrize("flag,value,needle", [
    ("--quality", "1.5", "--quality"),
    ("--quality", "abc", "--quality"),
    ("--input-size", "64by48", "--input-size"),
    ("--input-rate", "fast", "--input-rate"),
    ("--fps", "0", "--fps"),
    ("--length", "abc", "--length"),
    ("--keyframeinterval", "-3", "--keyframeinterval"),
    ("--n", "x", "--n"),
])
def test_bad_values_are_usage_errors(frameout, tmp_path, flag, value, needle):
    proc = frameout(*movie_base(tmp_path), flag, value)
    assert proc.returncode == EXIT_USAGE, describe(proc)
    assert needle in proc.stderr
    assert_no_output(tmp_path, "out.mov")


@pytest.mark.parametrize("name,value", [
    ("record", "off"), ("type", "stopframemovie"), ("videocodec", "notchlc"),
])
def test_not_implemented_is_exit_5(frameout, tmp_path, name, value):
    """A parameter or menu token that 'params' lists as notyet is refused with exit 5, naming it."""
    page = {p["name"]: p for p in params_json(frameout, "movie")}
    p = page[name]
    status = p["status"]
    if status == "implemented" and p["type"] == "menu":
        status = {m["token"]: m["status"] for m in p["menu"]}[value]
    if status != "notyet":
        pytest.skip(f"--{name} {value} is {status} in this build")
    proc = frameout(*movie_base(tmp_path), f"--{name}", value)
    assert proc.returncode == EXIT_UNAVAILABLE, describe(proc)
    assert f"--{name}" in proc.stderr
    assert_no_output(tmp_path, "out.mov")


def test_every_notyet_menu_token_is_exit_5(frameout, tmp_path):
    checked = 0
    for p in params_json(frameout, "movie"):
        if p["type"] != "menu" or p["status"] != "implemented" or p["name"] in ("input-format", "format"):
            continue
        for item in p["menu"]:
            if item["status"] == "notyet":
                proc = frameout(*movie_base(tmp_path), f"--{p['name']}", item["token"])
                assert proc.returncode == EXIT_UNAVAILABLE, describe(proc)
                assert item["token"] in proc.stderr
                assert_no_output(tmp_path, "out.mov")
                checked += 1
    assert checked > 0


def test_not_implemented_status_matches_params(frameout, tmp_path):
    """Every parameter that 'params' marks notyet is refused with exit 5 when given."""
    data = params_json(frameout, "movie")
    notyet = [p for p in data if p["status"] == "notyet" and p["type"] in ("toggle", "int", "float", "string")]
    assert notyet, "expected some notyet parameters in this build"
    for p in notyet[:6]:
        value = {"toggle": "on", "int": "1", "float": "1", "string": "x"}[p["type"]]
        if p["type"] == "toggle" and str(p.get("default")) in ("on", "true", "1"):
            value = "off"
        proc = frameout(*movie_base(tmp_path), f"--{p['name']}", value)
        assert proc.returncode == EXIT_UNAVAILABLE, describe(proc)
        assert f"--{p['name']}" in proc.stderr
        assert_no_output(tmp_path, "out.mov")


def test_missing_required_flags(frameout, tmp_path):
    proc = frameout("movie", "--file", "out.mov")
    assert proc.returncode == EXIT_USAGE, describe(proc)
    assert "--input" in proc.stderr
    proc = frameout("movie", "--input", "testpattern")
    assert proc.returncode == EXIT_USAGE, describe(proc)
    assert "--file" in proc.stderr
    assert_no_output(tmp_path, "out.mov")


def test_no_subcommand_is_usage_error(frameout):
    assert frameout().returncode == EXIT_USAGE
    assert frameout("bogus").returncode == EXIT_USAGE


def test_parameter_for_other_codec_warns(frameout, tmp_path):
    proc = frameout(*movie_base(tmp_path), "--videocodec", "rle", "--quality", "0.5")
    assert_ok(proc)
    assert "quality" in proc.stderr.lower() and "warn" in proc.stderr.lower()


def test_quiet_and_verbose(frameout, tmp_path):
    quiet = frameout(*movie_base(tmp_path, "q.mov"), "-q")
    assert_ok(quiet)
    loud = frameout(*movie_base(tmp_path, "v.mov"), "-v")
    assert_ok(loud)
    assert len(loud.stderr) > len(quiet.stderr)
    assert "q.mov" not in quiet.stderr
