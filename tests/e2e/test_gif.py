"""GIF: frames of at most 255 colours come back exactly from two independent decoders.

frameout codes only what changed since the frame the viewer shows, writes pixels that did not change as
transparent or as their own colour (whichever LZW compresses better) and keeps a full LZW table while it
still compresses (a deferred clear). None of that may change a decoded pixel: a clip of 200 colours, with
pixels changing one by one, a moving block and a strip that turns transparent and back, must decode to
exactly its frames, with the ffmpeg CLI and with giflib (read through ctypes; skipped where libgif is not
installed), frame by frame.
"""

import ctypes
import ctypes.util

import numpy as np
import pytest

from support import assert_ok, decode, raw_args, write_raw

W, H, N = 160, 120, 24


def palette_clip():
    """(N, H, W, 4) uint8 frames drawn from 200 colours, each frame different from the one before."""
    rng = np.random.default_rng(5)
    colours = rng.integers(0, 256, size=(200, 3), dtype=np.uint8)
    y, x = np.mgrid[0:H, 0:W]
    picture = colours[(y // 4 * (W // 4) + x // 4) % 200]
    frames = np.empty((N, H, W, 4), np.uint8)
    for i in range(N):
        change = rng.random((H, W)) < 0.1  # pixels change one by one ...
        picture = np.where(change[..., None], colours[rng.integers(0, 200, size=(H, W))], picture)
        frame = picture.copy()
        frame[8:24, 4 + 3 * i:20 + 3 * i] = colours[i]  # ... a block moves ...
        alpha = np.full((H, W), 255, np.uint8)
        if i % 4 == 2:
            alpha[:, 60:80] = 0  # ... and a strip turns transparent and back
        frames[i] = np.dstack([frame, alpha])
    return frames


def visible(frames):
    """Frames as a viewer shows them: alpha 255 or 0, the colour of transparent pixels (undefined) zeroed."""
    out = frames.copy()
    transparent = out[..., 3] < 128
    out[transparent] = 0
    out[~transparent, 3] = 255
    return out


def giflib_frames(path):
    """The GIF decoded by giflib (DGifSlurp) and composited as a viewer shows it, or None without libgif."""
    name = ctypes.util.find_library("gif")
    if name is None:
        return None
    lib = ctypes.CDLL(name)

    class Colour(ctypes.Structure):
        _fields_ = [("r", ctypes.c_ubyte), ("g", ctypes.c_ubyte), ("b", ctypes.c_ubyte)]

    class ColourMap(ctypes.Structure):
        _fields_ = [("count", ctypes.c_int), ("bits", ctypes.c_int), ("sorted", ctypes.c_bool),
                    ("colours", ctypes.POINTER(Colour))]

    class ImageDesc(ctypes.Structure):
        _fields_ = [("left", ctypes.c_int), ("top", ctypes.c_int), ("width", ctypes.c_int), ("height", ctypes.c_int),
                    ("interlace", ctypes.c_bool), ("map", ctypes.POINTER(ColourMap))]

    class Extension(ctypes.Structure):
        _fields_ = [("size", ctypes.c_int), ("bytes", ctypes.POINTER(ctypes.c_ubyte)), ("function", ctypes.c_int)]

    class SavedImage(ctypes.Structure):
        _fields_ = [("desc", ImageDesc), ("raster", ctypes.POINTER(ctypes.c_ubyte)), ("extension_count", ctypes.c_int),
                    ("extensions", ctypes.POINTER(Extension))]

    class GifFile(ctypes.Structure):
        _fields_ = [("width", ctypes.c_int), ("height", ctypes.c_int), ("resolution", ctypes.c_int),
                    ("background", ctypes.c_int), ("aspect", ctypes.c_ubyte), ("map", ctypes.POINTER(ColourMap)),
                    ("image_count", ctypes.c_int), ("image", ImageDesc), ("images", ctypes.POINTER(SavedImage)),
                    ("extension_count", ctypes.c_int), ("extensions", ctypes.POINTER(Extension)),
                    ("error", ctypes.c_int), ("user_data", ctypes.c_void_p), ("private", ctypes.c_void_p)]

    lib.DGifOpenFileName.restype = ctypes.POINTER(GifFile)
    lib.DGifOpenFileName.argtypes = [ctypes.c_char_p, ctypes.POINTER(ctypes.c_int)]
    lib.DGifSlurp.argtypes = [ctypes.POINTER(GifFile)]
    lib.DGifCloseFile.argtypes = [ctypes.POINTER(GifFile), ctypes.POINTER(ctypes.c_int)]
    error = ctypes.c_int(0)
    gif = lib.DGifOpenFileName(str(path).encode(), ctypes.byref(error))
    assert gif, f"giflib could not open {path}: error {error.value}"
    try:
        assert lib.DGifSlurp(gif) == 1, f"giflib could not decode {path}: error {gif.contents.error}"
        g = gif.contents
        canvas = np.zeros((g.height, g.width, 4), np.uint8)
        frames = []
        for i in range(g.image_count):
            image = g.images[i]
            disposal, transparent = 0, -1
            for e in range(image.extension_count):
                ext = image.extensions[e]
                if ext.function == 0xF9:  # Graphic Control Extension
                    disposal = ext.bytes[0] >> 2 & 7
                    transparent = ext.bytes[3] if ext.bytes[0] & 1 else -1
            d = image.desc
            cmap = (d.map or g.map).contents
            table = np.array([[cmap.colours[c].r, cmap.colours[c].g, cmap.colours[c].b, 255] for c in range(cmap.count)],
                             np.uint8)
            raster = np.ctypeslib.as_array(image.raster, shape=(d.height * d.width,)).reshape(d.height, d.width)
            area = canvas[d.top:d.top + d.height, d.left:d.left + d.width]
            opaque = raster != transparent
            area[opaque] = table[raster[opaque]]
            frames.append(canvas.copy())
            if disposal == 2:
                area[...] = 0
        return np.stack(frames)
    finally:
        lib.DGifCloseFile(gif, ctypes.byref(error))


def test_palette_clip_decodes_exactly(frameout, tmp_path):
    frames = palette_clip()
    raw = write_raw(tmp_path / "clip.raw", frames)
    out = tmp_path / "clip.gif"
    assert_ok(frameout("movie", *raw_args(raw, "rgba8fixed", W, H), "--videocodec", "gif", "--file", out,
                       "--progress", "none"))
    expected = visible(frames)
    decoded = visible(decode(out, "rgba", size=(W, H)))
    assert decoded.shape == expected.shape
    for i in range(N):
        assert np.array_equal(decoded[i], expected[i]), f"ffmpeg: frame {i} differs in " \
            f"{int(np.any(decoded[i] != expected[i], axis=-1).sum())} pixels"
    by_giflib = giflib_frames(out)
    if by_giflib is None:
        pytest.skip("libgif not installed: only ffmpeg decoded the GIF")
    by_giflib = visible(by_giflib)
    assert by_giflib.shape == expected.shape
    for i in range(N):
        assert np.array_equal(by_giflib[i], expected[i]), f"giflib: frame {i} differs in " \
            f"{int(np.any(by_giflib[i] != expected[i], axis=-1).sum())} pixels"
