"""JSON jobs (`frameout run`) and --deterministic: a job equals its flags byte for byte, runs repeat exactly."""

import json
import subprocess

import numpy as np
import pytest

from support import (EXIT_OUTPUT, EXIT_USAGE, FFMPEG, REPO, assert_no_output, assert_ok, count_frames, describe,
                     ffprobe, make_frames, raw_args, to_u8, to_u16, write_raw)

W, H, N = 96, 64, 8


@pytest.fixture
def clip(tmp_path):
    return write_raw(tmp_path / "clip.raw", to_u8(make_frames(W, H, N, seed=9)))


# flags for each codec, as a JSON job would carry them (strings, numbers and booleans mixed on purpose)
CODEC_JOBS = {
    "prores_4444": {"videocodec": "prores", "videocodectype": "4444", "moviepixelformat": "rgba"},
    "prores_hq": {"videocodec": "prores", "videocodectype": "hq", "starttimecode": "01:00:00:00"},
    "h264": {"videocodec": "h264", "quality": 0.7, "maxbframes": 2, "keyframeinterval": 4, "profile": "high",
             "file_ext": "mp4"},
    "h264_mkv": {"videocodec": "h264", "moviepixelformat": "yuv444", "file_ext": "mkv"},
    "mjpa": {"videocodec": "mjpa", "quality": 0.9, "moviepixelformat": "yuv422"},
    "rle": {"videocodec": "rle", "moviepixelformat": "rgba"},
    "hap": {"videocodec": "hap", "videocodectype": "hapq", "secondarycompression": False},
    "h265": {"videocodec": "h265", "moviepixelformat": "yuv420p10bit", "maxbframes": 2, "file_ext": "mp4"},
    "svtav1": {"videocodec": "svtav1", "file_ext": "webm"},
    "vp9_alpha": {"videocodec": "vp9", "moviepixelformat": "rgba", "file_ext": "webm"},
    "vp8": {"videocodec": "vp8", "file_ext": "mkv"},
    "cineform": {"videocodec": "cineform", "moviepixelformat": "rgba"},
    "mpeg4": {"videocodec": "mpeg4", "maxbframes": 1, "file_ext": "mp4"},
    "gif": {"videocodec": "gif", "file_ext": "gif"},
}


def to_flags(job):
    flags = []
    for key, value in job.items():
        if isinstance(value, bool):
            value = "on" if value else "off"
        flags += [f"--{key}", str(value)]
    return flags


def job_for(case, clip, name):
    spec = dict(CODEC_JOBS[case])
    spec.pop("file_ext", None)
    job = {"input": str(clip), "input-format": "rgba8fixed", "input-size": f"{W}x{H}", "input-rate": 30}
    job.update(spec)
    job.update({"deterministic": True, "file": name})
    return job


def ext(case):
    return CODEC_JOBS[case].get("file_ext", "mov")


@pytest.mark.parametrize("case", list(CODEC_JOBS))
def test_deterministic_runs_are_byte_identical(frameout, tmp_path, clip, case):
    outputs = []
    for i in range(2):
        name = f"run{i}.{ext(case)}"
        assert_ok(frameout("movie", *to_flags(job_for(case, clip, name))))
        outputs.append((tmp_path / name).read_bytes())
    assert outputs[0] == outputs[1], f"{case}: two --deterministic runs differ"
    assert count_frames(tmp_path / f"run0.{ext(case)}") == N


@pytest.mark.parametrize("case", list(CODEC_JOBS))
def test_json_job_equals_flags(frameout, tmp_path, clip, case):
    flags_name, job_name = f"flags.{ext(case)}", f"job.{ext(case)}"
    assert_ok(frameout("movie", *to_flags(job_for(case, clip, flags_name))))
    job = dict(job_for(case, clip, job_name), command="movie")
    (tmp_path / "job.json").write_text(json.dumps(job))
    assert_ok(frameout("run", "job.json"))
    assert (tmp_path / flags_name).read_bytes() == (tmp_path / job_name).read_bytes(), \
        f"{case}: the JSON job and the same flags wrote different bytes"


def test_deterministic_files_carry_no_creation_time(frameout, tmp_path, clip):
    for case in ("prores_hq", "h264"):
        name = f"d.{ext(case)}"
        assert_ok(frameout("movie", *to_flags(job_for(case, clip, name))))
        info = ffprobe(tmp_path / name)
        tags = dict(info["format"].get("tags", {}))
        for st in info["streams"]:
            tags.update(st.get("tags", {}))
        assert "creation_time" not in tags, tags
        assert not any("Lav" in str(v) for v in tags.values()), f"library version in tags: {tags}"


def test_deterministic_h264_has_no_container_version_string(frameout, tmp_path, clip):
    """x264 always embeds its own settings SEI (documented); the container carries no libav version."""
    assert_ok(frameout("movie", *to_flags(job_for("h264", clip, "d.mp4"))))
    data = (tmp_path / "d.mp4").read_bytes()
    assert b"Lavf" not in data and b"Lavc" not in data


def test_non_deterministic_runs_still_decode_identically(frameout, tmp_path, clip):
    """Without --deterministic the bytes may differ (creation time), the pictures may not."""
    base = ["movie", *raw_args(clip, "rgba8fixed", W, H), "--videocodec", "prores"]
    assert_ok(frameout(*base, "--file", "a.mov"))
    assert_ok(frameout(*base, "--file", "b.mov"))
    md5 = []
    for name in ("a.mov", "b.mov"):
        out = subprocess.run([FFMPEG, "-v", "error", "-i", str(tmp_path / name), "-f", "md5", "-"],
                             stdout=subprocess.PIPE, check=True)
        md5.append(out.stdout)
    assert md5[0] == md5[1]


def test_job_without_command_and_set_overrides(frameout, tmp_path, clip):
    job = {"input": str(clip), "input-format": "rgba8fixed", "input-size": f"{W}x{H}", "input-rate": "30",
           "videocodec": "prores", "file": "from_job.mov", "deterministic": "on"}
    (tmp_path / "job.json").write_text(json.dumps(job))
    proc = frameout("run", "job.json", "--set", "file=override.mov", "--set", "videocodec=rle",
                    "--set", "limitlength=on", "--set", "length=3", "--set", "lengthunit=frames")
    assert_ok(proc)
    assert not (tmp_path / "from_job.mov").exists()
    assert count_frames(tmp_path / "override.mov") == 3
    assert ffprobe(tmp_path / "override.mov")["streams"][0]["codec_name"] == "qtrle"
    # --set gives the same bytes as the flags
    assert_ok(frameout("movie", *raw_args(clip, "rgba8fixed", W, H), "--videocodec", "rle", "--limitlength", "on",
                       "--length", "3", "--lengthunit", "frames", "--deterministic", "--file", "flags.mov"))
    assert (tmp_path / "flags.mov").read_bytes() == (tmp_path / "override.mov").read_bytes()


def test_job_list_runs_in_order(frameout, tmp_path):
    common = {"input": "testpattern", "input-size": "64x48", "input-rate": 30, "limitlength": True,
              "lengthunit": "frames"}
    jobs = {"jobs": [dict(common, length=3, file="one.mov", videocodec="prores"),
                     dict(common, length=4, file="two.mp4", videocodec="h264"),
                     dict(common, length=5, file="three.mov", videocodec="rle")]}
    (tmp_path / "jobs.json").write_text(json.dumps(jobs))
    assert_ok(frameout("run", "jobs.json"))
    assert [count_frames(tmp_path / n) for n in ("one.mov", "two.mp4", "three.mov")] == [3, 4, 5]


def test_job_list_stops_at_first_failure(frameout, tmp_path):
    common = {"input": "testpattern", "input-size": "64x48", "input-rate": 30, "limitlength": True,
              "length": 2, "lengthunit": "frames"}
    (tmp_path / "taken.mov").write_bytes(b"taken")
    jobs = {"jobs": [dict(common, file="first.mov"), dict(common, file="taken.mov"),
                     dict(common, file="third.mov")]}
    (tmp_path / "jobs.json").write_text(json.dumps(jobs))
    proc = frameout("run", "jobs.json")
    assert proc.returncode == EXIT_OUTPUT, describe(proc)
    assert count_frames(tmp_path / "first.mov") == 2
    assert (tmp_path / "taken.mov").read_bytes() == b"taken"
    assert not (tmp_path / "third.mov").exists()


def test_set_applies_to_every_job(frameout, tmp_path):
    common = {"input": "testpattern", "input-size": "64x48", "input-rate": 30, "limitlength": True,
              "length": 2, "lengthunit": "frames"}
    jobs = {"jobs": [dict(common, file="a.mov"), dict(common, file="b.mov")]}
    (tmp_path / "jobs.json").write_text(json.dumps(jobs))
    assert_ok(frameout("run", "jobs.json", "--set", "length=4"))
    assert count_frames(tmp_path / "a.mov") == 4 and count_frames(tmp_path / "b.mov") == 4


@pytest.mark.parametrize("content,needle", [
    ('{"input": "testpattern", "videocodecc": "h264", "file": "x.mov"}', "did you mean"),
    ('{"input": "testpattern", "videocodec": "h265x", "file": "x.mov"}', "prores"),
    ('{"input": "testpattern", "limitlength": "perhaps", "file": "x.mov"}', "limitlength"),
    ('{"input": "testpattern", "file": "x.mov"', "JSON"),
    ('{"command": "paint", "input": "testpattern", "file": "x.mov"}', "command"),
])
def test_bad_jobs_are_usage_errors(frameout, tmp_path, content, needle):
    (tmp_path / "bad.json").write_text(content)
    proc = frameout("run", "bad.json")
    assert proc.returncode == EXIT_USAGE, describe(proc)
    assert needle in proc.stderr
    assert_no_output(tmp_path, "x.mov")


def test_set_with_unknown_key(frameout, tmp_path):
    (tmp_path / "job.json").write_text('{"input": "testpattern", "file": "x.mov"}')
    proc = frameout("run", "job.json", "--set", "filex=y.mov")
    assert proc.returncode == EXIT_USAGE, describe(proc)
    assert "did you mean" in proc.stderr and "--file" in proc.stderr
    assert_no_output(tmp_path, "x.mov")


def test_missing_job_file(frameout, tmp_path):
    proc = frameout("run", "nope.json")
    assert proc.returncode in (EXIT_USAGE, 3), describe(proc)
    assert "nope.json" in proc.stderr


def is_movie_config(path):
    data = json.loads(path.read_text())
    return all(j.get("command", "movie") == "movie" and j.get("type", "movie") == "movie"
               for j in data.get("jobs", [data]))


def test_shipped_configs_run(frameout, tmp_path):
    """The ready movie jobs in configs/ load and run, on two small frames instead of their full-size input."""
    configs = [c for c in sorted((REPO / "configs").glob("*.json")) if is_movie_config(c)]
    assert configs, "configs/ has no jobs"
    frames = make_frames(64, 48, 2, seed=2)
    raws = {"rgba8fixed": write_raw(tmp_path / "in8.raw", to_u8(frames)),
            "rgba16fixed": write_raw(tmp_path / "in16.raw", to_u16(frames))}
    for i, cfg in enumerate(configs):
        data = json.loads(cfg.read_text())
        jobs = data.get("jobs", [data])
        fmts = {j.get("input-format") for j in jobs if j.get("input") != "testpattern"}
        sets = ["--set", "input-size=64x48", "--set", "limitlength=on", "--set", "length=2",
                "--set", "lengthunit=frames", "--set", "progress=none", "--set", "uniquesuff=on"]
        if len(jobs) == 1:
            sets += ["--set", f"file=cfg{i}"]
        if fmts - {None}:
            assert len(fmts) == 1 and fmts <= set(raws), f"{cfg.name}: unexpected input formats {fmts}"
            sets += ["--set", f"input={raws[fmts.pop()]}"]
        proc = frameout("run", cfg, *sets)
        assert proc.returncode == 0, f"{cfg.name}:\n{describe(proc)}"
    movies = [p for p in tmp_path.iterdir() if p.suffix in (".mov", ".mp4", ".mkv")]
    assert len(movies) >= len(configs)
    for movie in movies:
        assert count_frames(movie) == 2, movie.name


@pytest.mark.parametrize("content", ['{"jobs": []}', "[]", '{"jobs": [42]}', '"movie"'])
def test_malformed_job_files(frameout, tmp_path, content):
    (tmp_path / "j.json").write_text(content)
    proc = frameout("run", "j.json")
    assert proc.returncode == EXIT_USAGE, describe(proc)
    assert "j.json" in proc.stderr


def test_shipped_exr_sequence_config(frameout, tmp_path):
    frames = make_frames(64, 48, 3, seed=3)
    raw = write_raw(tmp_path / "in.raw", frames.astype("<f4"))
    proc = frameout("run", REPO / "configs" / "exr_sequence.json", "--set", f"input={raw}", "--set",
                    "input-size=64x48", "--set", "progress=none")
    assert proc.returncode == 0, describe(proc)
    names = sorted(p.name for p in (tmp_path / "renders").iterdir())
    assert names == ["shot.1001.exr", "shot.1002.exr", "shot.1003.exr"]


def test_shipped_wav_master_config(frameout, tmp_path):
    samples = (np.sin(np.arange(4800 * 2) / 10.0) * 0.5).astype("<f4")
    raw = tmp_path / "in.f32"
    raw.write_bytes(samples.tobytes())
    proc = frameout("run", REPO / "configs" / "wav_master.json", "--set", f"input={raw}", "--set", "progress=none")
    assert proc.returncode == 0, describe(proc)
    wav = tmp_path / "takes" / "take1.wav"
    info = ffprobe(wav)["streams"][0]
    assert info["codec_name"] == "pcm_s24le" and int(info["duration_ts"]) == 4800
