"""Fixtures for frameout's end-to-end tests; the helpers they use are in support.py.

Everything checks frameout from the outside: it runs the built binary, reads the files it wrote with
ffprobe, and decodes them back with the ffmpeg CLI. Nothing imports or reuses frameout's own code.

Run:  FRAMEOUT_BIN=build/frameout /usr/bin/python3 -m pytest -q -p no:cacheprovider tests/e2e
"""

import os
import shutil

import pytest

from support import Frameout, binary_path, make_frames, to_u8, write_raw, FFMPEG, FFPROBE


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: takes a few seconds (longer clips)")


@pytest.fixture(scope="session")
def frameout_bin():
    path = binary_path()
    if not path.is_file() or not os.access(path, os.X_OK):
        pytest.fail(f"frameout binary not found at {path}; build it or set FRAMEOUT_BIN")
    for tool in (FFMPEG, FFPROBE):
        if shutil.which(tool) is None:
            pytest.fail(f"{tool} is needed to check frameout's output (Debian package ffmpeg)")
    return path


@pytest.fixture
def frameout(frameout_bin, tmp_path):
    """Callable running frameout with tmp_path as its working directory (.popen for background runs)."""
    runner = Frameout(frameout_bin, tmp_path)
    yield runner
    runner.cleanup()


@pytest.fixture
def rgba8_clip(tmp_path):
    """A 64x48, 12-frame rgba8fixed raw file with an alpha ramp: (path, frames uint8 (n,h,w,4), w, h)."""
    w, h, n = 64, 48, 12
    frames = to_u8(make_frames(w, h, n, seed=7))
    path = write_raw(tmp_path / "clip_rgba8.raw", frames)
    return path, frames, w, h
