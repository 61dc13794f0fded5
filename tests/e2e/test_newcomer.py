"""The newcomer's rough edges: version, help layout, spelling of commands and tokens, stdin without
--input-format, the defaults that surprised farm users, and the install (man page, shell completions)."""

import os
import shutil
import pty
import select
import signal
import subprocess
import time

import numpy as np
import OpenImageIO as oiio
import pytest

from support import REPO, EXIT_INPUT, EXIT_SIGINT, EXIT_USAGE, assert_ok, describe, send_and_wait, video_stream


def write_exr(path, fps=None):
    spec = oiio.ImageSpec(16, 16, 4, "half")
    if fps is not None:
        spec.attribute("framesPerSecond", oiio.TypeDesc(oiio.INT, oiio.VEC2, oiio.RATIONAL), fps)
    out = oiio.ImageOutput.create(str(path))
    assert out.open(str(path), spec), oiio.geterror()
    out.write_image(np.full((16, 16, 4), 0.5, np.float32))
    out.close()


def exr_sequence(folder, first, last, fps=None):
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(first, last + 1):
        write_exr(folder / f"r.{n:04d}.exr", fps)
    return str(folder / "r.####.exr")


def movie_rate(path):
    return video_stream(path)["r_frame_rate"]


# --- 1. version ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("args", [["--version"], ["version"]])
def test_version_names_frameout_libraries_and_encoders(frameout, args):
    proc = frameout(*args)
    assert_ok(proc)
    text = proc.stdout
    assert text.startswith("frameout 0."), text
    for library in ("libavcodec", "libavformat", "OpenEXR", "libpng", "LIBTIFF", "libjpeg-turbo", "Vorbis"):
        assert library in text, f"{library} missing from:\n{text}"
    assert "video encoders available:" in text and " prores" in text, text
    assert len(text.splitlines()) <= 30, text


# --- 3. help ---------------------------------------------------------------------------------------------------


def test_movie_help_starts_with_what_most_jobs_need_and_leaves_out_touchdesigner_only(frameout):
    proc = frameout("movie", "--help")
    assert_ok(proc)
    flags = [line.split()[0] for line in proc.stdout.splitlines() if line.startswith("  --")]
    assert flags[:6] == ["--input", "--input-format", "--file", "--type", "--videocodec", "--videocodectype"], flags
    assert "--resmult" not in flags and "--input0top" not in flags
    assert "--resmult" in frameout("params", "movie").stdout
    assert "frameout params movie" in proc.stdout


# --- 4. spelling ------------------------------------------------------------------------------------------------


def test_mistyped_command_suggests_the_command(frameout):
    proc = frameout("moive", "--input", "testpattern")
    assert proc.returncode == EXIT_USAGE, describe(proc)
    assert "did you mean movie" in proc.stderr


def test_menu_tokens_in_another_case_are_accepted(frameout, tmp_path):
    proc = frameout("movie", "--input", "testpattern", "--input-size", "64x48", "--limitlength", "on", "--length", "2",
                    "--lengthunit", "frames", "--videocodec", "PRORES", "--videocodectype", "4444XQ",
                    "--file", "xq.mov")
    assert_ok(proc)
    assert video_stream(tmp_path / "xq.mov")["profile"] == "XQ"  # ffprobe's name for ProRes 4444 XQ


def test_undecodable_stdin_mentions_input_format(frameout, tmp_path):
    proc = frameout("movie", "--input", "-", "--file", "pipe.mov", input=os.urandom(4096))
    assert proc.returncode == EXIT_INPUT, describe(proc)
    assert "--input-format" in proc.stderr, proc.stderr
    assert not (tmp_path / "pipe.mov").exists()


# --- 6. defaults -------------------------------------------------------------------------------------------------


def test_sequence_without_input_rate_is_read_at_24(frameout, tmp_path):
    spec = exr_sequence(tmp_path / "plain", 1, 3)
    proc = frameout("movie", "--input", spec, "--videocodec", "mjpa", "--file", "plain.mov")
    assert_ok(proc)
    assert movie_rate(tmp_path / "plain.mov") == "24/1"
    assert "24 fps" in proc.stderr and "--input-rate" in proc.stderr, proc.stderr


def test_sequence_without_input_rate_uses_the_rate_its_exr_files_store(frameout, tmp_path):
    spec = exr_sequence(tmp_path / "stored", 1, 3, fps=(25, 1))
    proc = frameout("movie", "--input", spec, "--videocodec", "mjpa", "--file", "stored.mov")
    assert_ok(proc)
    assert movie_rate(tmp_path / "stored.mov") == "25/1"
    assert "25 fps" in proc.stderr, proc.stderr
    given = frameout("movie", "--input", spec, "--input-rate", "30", "--videocodec", "mjpa", "--file", "given.mov")
    assert_ok(given)
    assert movie_rate(tmp_path / "given.mov") == "30/1"


def test_sequence_output_keeps_input_frame_numbers_without_n(frameout, tmp_path):
    spec = exr_sequence(tmp_path / "in", 1001, 1004)
    proc = frameout("movie", "--input", spec, "--frames", "1002-1004", "--type", "imagesequence",
                    "--file", "out/o.####.png")
    assert_ok(proc)
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["o.1002.png", "o.1003.png", "o.1004.png"]
    proc = frameout("movie", "--input", spec, "--frames", "1002-1003", "--type", "imagesequence", "--n", "1",
                    "--file", "n/o.####.png")
    assert_ok(proc)
    assert sorted(p.name for p in (tmp_path / "n").iterdir()) == ["o.0001.png", "o.0002.png"]


def test_still_file_without_type_suggests_type_image(frameout, tmp_path):
    proc = frameout("movie", "--input", "testpattern", "--file", "still.png")
    assert proc.returncode == EXIT_USAGE, describe(proc)
    assert "--type image" in proc.stderr and "--moviecontainer" not in proc.stderr, proc.stderr


def run_on_terminal(binary, args, cwd, wait_for, timeout=30):
    """Runs frameout with stderr on a pseudo-terminal until `wait_for` appears (or it ends); returns the text."""
    controller, terminal = pty.openpty()
    proc = subprocess.Popen([str(binary), *args], cwd=str(cwd), stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=terminal)
    os.close(terminal)
    text = b""
    deadline = time.monotonic() + timeout
    try:
        while wait_for.encode() not in text and time.monotonic() < deadline:
            ready, _, _ = select.select([controller], [], [], 0.5)
            if ready:
                try:
                    text += os.read(controller, 65536)
                except OSError:
                    break
            elif proc.poll() is not None:
                break
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)
            proc.wait(timeout=30)
        os.close(controller)
    return text.decode("utf-8", "replace"), proc.returncode


def test_endless_input_says_once_on_a_terminal_that_it_records_until_interrupted(frameout, tmp_path):
    args = ["movie", "--input", "testpattern", "--input-size", "64x48", "--videocodec", "mjpa", "--file", "live.mov",
            "--progress", "none"]
    text, code = run_on_terminal(frameout.binary, args, tmp_path, "until interrupted")
    assert text.count("recording until interrupted") == 1, text
    assert code == EXIT_SIGINT, text
    piped = frameout.popen(*args[:-4], "--file", "piped.mov")  # stderr is a pipe, as on a farm
    time.sleep(1.5)
    send_and_wait(piped, signal.SIGINT)
    assert "until interrupted" not in piped.stderr.read().decode(), "a farm log got the terminal notice"
    text, _ = run_on_terminal(frameout.binary, ["audio", "--input", "tone", "--file", "tone.wav"], tmp_path,
                              "until interrupted")
    assert "recording until interrupted" in text, text


# --- 2. install: binary, man page and completions written from the parameter table ------------------------------


@pytest.fixture
def installed(frameout, tmp_path):
    """`cmake --install` of the build that made the binary under test, into a fresh prefix."""
    build = frameout.binary.parent
    if not (build / "cmake_install.cmake").is_file():
        pytest.skip(f"{frameout.binary} is not in a CMake build folder")
    prefix = tmp_path / "prefix"
    proc = subprocess.run(["cmake", "--install", str(build), "--prefix", str(prefix)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    return prefix


def test_install_puts_binary_man_page_and_completions_in_place(installed):
    assert os.access(installed / "bin" / "frameout", os.X_OK)
    # The launcher finds the engine where the install put it, away from the build folder.
    assert os.access(installed / "libexec" / "frameout" / "frameout-engine", os.X_OK)
    version = subprocess.run([str(installed / "bin" / "frameout"), "version"], capture_output=True, text=True)
    assert version.returncode == 0 and version.stdout.startswith("frameout "), version.stderr
    page = installed / "share" / "man" / "man1" / "frameout.1"
    shown = subprocess.run(["man", "-l", str(page)], capture_output=True, text=True,
                           env={**os.environ, "MANWIDTH": "120", "MANPAGER": "cat", "PAGER": "cat"})
    assert shown.returncode == 0, shown.stderr
    text = shown.stdout.replace("\u2010", "-").replace("\u2212", "-")
    for expected in ("frameout movie", "frameout version", "--videocodectype", "4444xq", "notapplicable",
                     "--resmult", "Default: prores", "EXIT STATUS"):
        assert expected in text, f"{expected!r} missing from the man page"
    assert (installed / "share" / "zsh" / "vendor-completions" / "_frameout").read_text().startswith("#compdef frameout")


def complete(script, *words):
    """The bash completions offered after `words` (the last one being completed)."""
    quoted = " ".join(f"'{w}'" for w in words)
    proc = subprocess.run(["bash", "-c", f"source '{script}'; complete -p frameout; COMP_WORDS=({quoted}); "
                                         f"COMP_CWORD={len(words) - 1}; _frameout; printf '%s\\n' \"${{COMPREPLY[@]}}\""],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0] == "complete -F _frameout frameout", proc.stdout
    return lines[1:]


def test_bash_completion_offers_commands_flags_tokens_and_files(installed, tmp_path):
    script = installed / "share" / "bash-completion" / "completions" / "frameout"
    assert "movie" in complete(script, "frameout", "mo")
    assert "4444xq" in complete(script, "frameout", "movie", "--videocodectype", "")
    assert complete(script, "frameout", "movie", "--overwrite", "") == ["on", "off"]
    assert "--videocodec" in complete(script, "frameout", "movie", "--videoc")
    (tmp_path / "clip.mov").write_bytes(b"")
    (tmp_path / "notes.txt").write_bytes(b"")
    offered = complete(script, "frameout", "movie", "--input", f"{tmp_path}/")
    assert str(tmp_path / "clip.mov") in offered and str(tmp_path / "notes.txt") not in offered, offered


def test_zsh_completion_loads_and_defines_its_function(installed):
    if shutil.which("zsh") is None:
        pytest.skip("zsh is not installed (scripts/setup installs it)")
    folder = installed / "share" / "zsh" / "vendor-completions"
    assert subprocess.run(["zsh", "-n", str(folder / "_frameout")], capture_output=True, text=True).returncode == 0
    # compinit reads the #compdef line from fpath; autoload +X then parses the whole function body.
    script = (f"fpath=('{folder}' $fpath); autoload -U compinit; compinit -u -D; "
              "print -r -- \"comp=$_comps[frameout]\"; autoload +X _frameout && functions _frameout")
    proc = subprocess.run(["zsh", "-f", "-c", script], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == "", proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0] == "comp=_frameout", proc.stdout
    for expected in ("_describe -t commands", "--videocodectype", "4444xq", "--input"):
        assert expected in proc.stdout, f"{expected!r} missing from the loaded _frameout"


# --- 5. scripts/demo shows build progress ------------------------------------------------------------------------


def test_demo_pipes_its_build_through_the_progress_filter():
    demo = (REPO / "scripts" / "demo").read_text()
    assert '"$root/scripts/build" | "$root/scripts/build-progress"' in demo, "the demo builds silently"
    cmake_output = ("-- Configuring done\n"
                    "[  3%] Building CXX object CMakeFiles/frameout_system.dir/lib/system/error.cpp.o\n"
                    "In file included from somewhere\n"
                    "[ 99%] Linking CXX executable frameout\n"
                    "[100%] Built target frameout\n")
    proc = subprocess.run([str(REPO / "scripts" / "build-progress")], input=cmake_output, capture_output=True,
                          text=True)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == ["  3% lib/system/error.cpp", "  99% linking executable frameout"]
