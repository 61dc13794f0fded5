"""Colour conversion end to end: a float test chart through every Output Color Space token, decoded back with
the ffmpeg CLI and checked against this file's own formulas (written from the standards, independent of
frameout's C++): 10-bit ProRes 4444 within one code, float EXR within 1e-5. OpenColorIO's built-in transforms
cross-check the float results where it has the space."""

import json

import numpy as np
import pytest

from support import assert_ok, decode_native, raw_args, write_raw

PATCH = 16  # ProRes codes 8x8 blocks: flat, aligned patches keep its loss under a code
LEVELS = [0.0, 0.005, 0.05, 0.18, 0.5, 0.9, 1.0, 2.5]
COLOURS = [(1, 0, 0), (0, 1, 0), (0, 0, 1), (0.8, 0.2, 0.1), (0.1, 0.5, 0.9), (1.5, 0.2, 0.6), (4, 4, 4),
           (0.02, 0.3, -0.1)]
CHART = np.array([[v, v, v] for v in LEVELS] + COLOURS, dtype=np.float64)  # 16 patches, linear light
COLS = 8
W, H = COLS * PATCH, (len(CHART) // COLS) * PATCH

# --- the standards ------------------------------------------------------------------------------------------

D65, ACES_WHITE = (0.3127, 0.3290), (0.32168, 0.33767)
PRIMARIES = {
    "bt709": ((0.64, 0.33), (0.30, 0.60), (0.15, 0.06), D65),
    "smpte170m": ((0.630, 0.340), (0.310, 0.595), (0.155, 0.070), D65),
    "bt2020": ((0.708, 0.292), (0.170, 0.797), (0.131, 0.046), D65),
    "p3d65": ((0.680, 0.320), (0.265, 0.690), (0.150, 0.060), D65),
    "p3d60": ((0.680, 0.320), (0.265, 0.690), (0.150, 0.060), ACES_WHITE),
    "ap0": ((0.7347, 0.2653), (0.0, 1.0), (0.0001, -0.0770), ACES_WHITE),
    "ap1": ((0.713, 0.293), (0.165, 0.830), (0.128, 0.044), ACES_WHITE),
}
# token: primaries, transfer, HDR class, Y'CbCr weights (Kr, Kb)
SPACES = {
    "srgb": ("bt709", "srgb", False, (0.2126, 0.0722)),
    "srgblinear": ("bt709", "linear", False, (0.2126, 0.0722)),
    "rec601ntsc": ("smpte170m", "bt709", False, (0.299, 0.114)),
    "rec709": ("bt709", "bt709", False, (0.2126, 0.0722)),
    "rec2020": ("bt2020", "bt709", True, (0.2627, 0.0593)),
    "rec2020st2084pq": ("bt2020", "pq", True, (0.2627, 0.0593)),
    "rec2020hlg": ("bt2020", "hlg", True, (0.2627, 0.0593)),
    "dcip3": ("p3d65", "g26", True, (0.2126, 0.0722)),
    "dcip3d60": ("p3d60", "g26", True, (0.2126, 0.0722)),
    "displayp3d65": ("p3d65", "srgb", True, (0.2126, 0.0722)),
    "displayp3d65linear": ("p3d65", "linear", True, (0.2126, 0.0722)),
    "aces2065-1": ("ap0", "linear", True, (0.2126, 0.0722)),
    "acescg": ("ap1", "linear", True, (0.2126, 0.0722)),
    "acesproxy": ("ap1", "proxy", True, (0.2126, 0.0722)),
}
LINEAR = [t for t, s in SPACES.items() if s[1] == "linear"]
ENCODED = [t for t, s in SPACES.items() if s[1] != "linear"]
SDR_WHITE, HDR_WHITE = 100.0, 203.0


def xyz_of(c):
    x, y = c
    return np.array([x / y, 1.0, (1.0 - x - y) / y])


def rgb_to_xyz(name):
    r, g, b, w = PRIMARIES[name]
    m = np.stack([xyz_of(r), xyz_of(g), xyz_of(b)], axis=1)
    return m * np.linalg.solve(m, xyz_of(w))


BRADFORD = np.array([[0.8951, 0.2664, -0.1614], [-0.7502, 1.7135, 0.0367], [0.0389, -0.0685, 1.0296]])


def rgb_to_rgb(a, b):
    wa, wb = PRIMARIES[a][3], PRIMARIES[b][3]
    adapt = np.eye(3)
    if wa != wb:
        adapt = np.linalg.inv(BRADFORD) @ np.diag((BRADFORD @ xyz_of(wb)) / (BRADFORD @ xyz_of(wa))) @ BRADFORD
    return np.linalg.inv(rgb_to_xyz(b)) @ adapt @ rgb_to_xyz(a)


def odd(f):
    return lambda x: np.sign(x) * f(np.abs(x))


A709, B709 = 1.09929682680944, 0.018053968510807
M1, M2, C1, C2, C3 = 2610 / 16384, 2523 / 4096 * 128, 3424 / 4096, 2413 / 4096 * 32, 2392 / 4096 * 32
HA = 0.17883277
HB, HC = 1 - 4 * HA, 0.5 - HA * np.log(4 * HA)
CURVES = {
    "linear": lambda x: x,
    "srgb": odd(lambda x: np.where(x <= 0.0031308, 12.92 * x, 1.055 * np.power(x, 1 / 2.4) - 0.055)),
    "bt709": odd(lambda x: np.where(x < B709, 4.5 * x, A709 * np.power(x, 0.45) - (A709 - 1))),
    "pq": odd(lambda y: ((C1 + C2 * np.power(y, M1)) / (1 + C3 * np.power(y, M1))) ** M2),
    "hlg": odd(lambda e: np.where(e <= 1 / 12, np.sqrt(3 * e), HA * np.log(np.maximum(12 * e - HB, 1e-30)) + HC)),
    "g26": odd(lambda x: np.power(x, 1 / 2.6)),
    "proxy": lambda x: (np.clip((np.log2(np.maximum(x, 1e-30)) + 2.5) * 50 + 425, 64, 940) - 64) / 876,
}


def expected(token, rgb, white_in=SDR_WHITE, white_out=None):
    """R'G'B' of linear sRGB `rgb` (SDR) in `token`, unclipped."""
    prim, curve, hdr, _ = SPACES[token]
    if white_out is None:
        white_out = HDR_WHITE if hdr else SDR_WHITE
    lin = rgb @ rgb_to_rgb("bt709", prim).T * (white_in / white_out)
    if curve == "pq":
        lin = lin * white_out / 10000.0
    if curve == "hlg":
        display = lin * white_out / 1000.0
        yd = display @ np.array([0.2627, 0.6780, 0.0593])
        gain = np.where(yd > 0, np.power(np.maximum(yd, 1e-30), (1 - 1.2) / 1.2), 0.0)
        lin = display * gain[:, None]
    return CURVES[curve](lin)


def chart_frame():
    f = np.ones((1, H, W, 4), "<f4")
    for i, rgb in enumerate(CHART):
        y, x = divmod(i, COLS)
        f[0, y * PATCH:(y + 1) * PATCH, x * PATCH:(x + 1) * PATCH, :3] = rgb
    return f


def patch_means(img):
    """(patches, channels) means of each patch's centre (the edges carry ProRes ringing)."""
    out = []
    for i in range(len(CHART)):
        y, x = divmod(i, COLS)
        out.append(img[y * PATCH + 4:(y + 1) * PATCH - 4, x * PATCH + 4:(x + 1) * PATCH - 4].reshape(-1, img.shape[-1]))
    return out


def ycbcr10(rgb, kr_kb):
    kr, kb = kr_kb
    rgb = np.clip(rgb, 0.0, 1.0)
    y = rgb @ np.array([kr, 1 - kr - kb, kb])
    cb = (rgb[:, 2] - y) / (2 * (1 - kb))
    cr = (rgb[:, 0] - y) / (2 * (1 - kr))
    return np.stack([64 + 876 * y, 512 + 896 * cb, 512 + 896 * cr], axis=1)


def codes10(path):
    """A ProRes movie's Y'CbCr planes as 10-bit code values (float; prores decodes 4444 to 12 bits)."""
    pix_fmt, planes = decode_native(path)
    assert pix_fmt.startswith("yuv") and (pix_fmt.endswith("p10le") or pix_fmt.endswith("p12le")), pix_fmt
    return planes.astype(np.float64) / (4.0 if pix_fmt.endswith("p12le") else 1.0)


@pytest.fixture
def chart(tmp_path):
    return write_raw(tmp_path / "chart.raw", chart_frame())


def exr_pixels(path):
    from test_images import ff_image
    return ff_image(path, "gbrapf32le", W, H)[0]


@pytest.mark.parametrize("token", ENCODED)
def test_every_encoded_space_into_prores_4444(frameout, tmp_path, chart, token):
    proc = frameout("movie", *raw_args(chart, "rgba32float", W, H), "--videocodec", "prores", "--videocodectype",
                    "4444", "--outputcolorspace", token, "--report", "r.json", "--file", "out.mov")
    assert_ok(proc)
    planes = codes10(tmp_path / "out.mov")
    encoded = expected(token, CHART)
    want = ycbcr10(encoded, SPACES[token][3])
    for i, values in enumerate(patch_means(planes[0, ..., :3])):
        err = np.abs(values - want[i]).max()
        assert err <= 1.0, f"{token}: patch {i} {CHART[i]}: codes {values.mean(0)} want {want[i]}"
    clipped = json.loads((tmp_path / "r.json").read_text())["counters"]["colour_values_clipped"]
    outside = np.count_nonzero((encoded < -1e-4) | (encoded > 1 + 1e-4))  # per patch
    assert (clipped > 0) == (outside > 0), f"{token}: {clipped} values clipped, {outside} patch values outside 0..1"


@pytest.mark.parametrize("token", LINEAR)
def test_linear_spaces_into_float_exr_keep_values_outside_0_1(frameout, tmp_path, chart, token):
    proc = frameout("movie", *raw_args(chart, "rgba32float", W, H), "--type", "image", "--imagefiletype", "exr",
                    "--outputcolorspace", token, "--file", "out.exr")
    assert_ok(proc)
    got = np.array([p.mean(0) for p in patch_means(exr_pixels(tmp_path / "out.exr")[..., :3])])
    want = expected(token, CHART)
    assert np.abs(got - want).max() <= 1e-5 * np.maximum(1.0, np.abs(want)).max()
    assert got.max() > 1.0 and got.min() < 0.0  # float files keep both


def test_srgb_to_rec709_now_changes_values(frameout, tmp_path):
    ramp = np.zeros((1, 16, 256, 4), np.uint8)
    ramp[..., 0] = ramp[..., 1] = ramp[..., 2] = np.arange(256, dtype=np.uint8)[None, None, :]
    ramp[..., 3] = 255
    raw = write_raw(tmp_path / "ramp.raw", ramp)
    for token in ("srgb", "rec709"):
        assert_ok(frameout("movie", *raw_args(raw, "rgba8fixed", 256, 16), "--videocodec", "prores",
                           "--videocodectype", "4444", "--outputcolorspace", token, "--file", f"{token}.mov"))
    luma = {t: codes10(tmp_path / f"{t}.mov")[0, 8, :, 0] for t in ("srgb", "rec709")}
    v = np.arange(256) / 255.0
    linear = np.where(v <= 0.04045, v / 12.92, ((v + 0.055) / 1.055) ** 2.4)
    assert np.abs(luma["srgb"] - (64 + 876 * v)).max() <= 1.0  # same space: the values as they came
    assert np.abs(luma["rec709"] - (64 + 876 * CURVES["bt709"](linear))).max() <= 1.0
    assert np.abs(luma["rec709"] - luma["srgb"]).max() > 20


def test_reference_white_example_of_the_page(frameout, tmp_path):
    """80-nit HDR white into a 120-nit SDR space is 80/120 = 0.667 (the page's Output Reference White example)."""
    f = np.ones((1, 8, 8, 4), "<f4")
    raw = write_raw(tmp_path / "white.raw", f)
    proc = frameout("movie", *raw_args(raw, "rgba32float", 8, 8), "--input-colorspace", "displayp3d65linear",
                    "--hdr-reference-white", "80", "--sdr-reference-white", "120", "--outputcolorspace",
                    "displayp3d65linear", "--outputreferencewhite", "sdr", "--type", "image", "--imagefiletype",
                    "exr", "--file", "w.exr")
    assert_ok(proc)
    from test_images import ff_image
    got = ff_image(tmp_path / "w.exr", "gbrapf32le", 8, 8)[0]
    assert np.abs(got[..., :3] - 80.0 / 120.0).max() < 1e-6


def test_pq_places_sdr_white_at_100_nits(frameout, tmp_path):
    f = np.ones((1, 8, 8, 4), "<f4")
    raw = write_raw(tmp_path / "white.raw", f)
    assert_ok(frameout("movie", *raw_args(raw, "rgba32float", 8, 8), "--outputcolorspace", "rec2020st2084pq",
                       "--type", "image", "--imagefiletype", "exr", "--file", "w.exr"))
    from test_images import ff_image
    got = ff_image(tmp_path / "w.exr", "gbrapf32le", 8, 8)[0]
    assert np.abs(got[..., :3] - 0.50808).max() < 5e-5


def test_passthrough_keeps_values(frameout, tmp_path, chart):
    for token in ("passthrough", "srgblinear"):
        assert_ok(frameout("movie", *raw_args(chart, "rgba32float", W, H), "--videocodec", "prores",
                           "--videocodectype", "4444", "--input-colorspace", token, "--outputcolorspace", token,
                           "--file", f"{token}.mov"))
    a = codes10(tmp_path / "passthrough.mov")
    b = codes10(tmp_path / "srgblinear.mov")
    assert np.array_equal(a, b)
    want = ycbcr10(CHART, (0.2126, 0.0722))
    for i, values in enumerate(patch_means(a[0, ..., :3])):
        assert np.abs(values - want[i]).max() <= 1.0


def test_bad_reference_white_is_a_usage_error(frameout, tmp_path, chart):
    proc = frameout("movie", *raw_args(chart, "rgba32float", W, H), "--hdr-reference-white", "0",
                    "--outputcolorspace", "rec2020st2084pq", "--videocodec", "prores", "--file", "out.mov")
    assert proc.returncode == 2
    assert "--hdr-reference-white" in proc.stderr
    assert not (tmp_path / "out.mov").exists()


# --- OpenColorIO cross-check -------------------------------------------------------------------------------


def ocio_processor(names):
    ocio = pytest.importorskip("PyOpenColorIO")
    transforms = []
    for name in names:
        inverse = name.startswith("~")
        transforms.append(ocio.BuiltinTransform(name.lstrip("~"),
                                                ocio.TRANSFORM_DIR_INVERSE if inverse else ocio.TRANSFORM_DIR_FORWARD))
    config = ocio.Config.CreateRaw()
    group = ocio.GroupTransform(transforms)
    return config.getProcessor(group).getOptimizedCPUProcessor(ocio.OPTIMIZATION_NONE)


TO_XYZ = ["~UTILITY - ACES-AP1_to_LINEAR-REC709_BFD", "UTILITY - ACES-AP1_to_CIE-XYZ-D65_BFD"]
# token: OpenColorIO chain from linear Rec.709 (1.0 = 100 nits) to the space
OCIO_CHAINS = {
    "srgb": TO_XYZ + ["DISPLAY - CIE-XYZ-D65_to_sRGB"],
    "dcip3": TO_XYZ + ["DISPLAY - CIE-XYZ-D65_to_G2.6-P3-D65"],
    "dcip3d60": TO_XYZ + ["DISPLAY - CIE-XYZ-D65_to_G2.6-P3-D60-BFD"],
    "rec2020st2084pq": TO_XYZ + ["DISPLAY - CIE-XYZ-D65_to_REC.2100-PQ"],
    "rec2020hlg": TO_XYZ + ["DISPLAY - CIE-XYZ-D65_to_REC.2100-HLG-1000nit"],
    "acescg": ["~UTILITY - ACES-AP1_to_LINEAR-REC709_BFD"],
    "aces2065-1": ["~UTILITY - ACES-AP1_to_LINEAR-REC709_BFD", "ACEScg_to_ACES2065-1"],
    "acesproxy": ["~UTILITY - ACES-AP1_to_LINEAR-REC709_BFD", "ACEScg_to_ACES2065-1", "~ACESproxy10i_to_ACES2065-1"],
}


@pytest.mark.parametrize("token", list(OCIO_CHAINS))
def test_float_results_match_opencolorio(frameout, tmp_path, chart, token):
    processor = ocio_processor(OCIO_CHAINS[token])
    # In range values only: OpenColorIO's display curves clamp where frameout's extend.
    proc = frameout("movie", *raw_args(chart, "rgba32float", W, H), "--type", "image", "--imagefiletype", "exr",
                    "--outputcolorspace", token, "--outputreferencewhite", "sdr", "--file", "out.exr")
    assert_ok(proc)
    got = np.array([p.mean(0) for p in patch_means(exr_pixels(tmp_path / "out.exr")[..., :3])])
    compared = 0
    for i, rgb in enumerate(CHART):
        if np.any(rgb < 0):
            continue  # OpenColorIO clamps negative light; frameout mirrors its curves (checked above for EXR)
        ref = np.array(processor.applyRGB([float(v) for v in rgb]))
        if token == "acesproxy":
            ref = (ref * 1023.0 - 64.0) / 876.0  # OpenColorIO's ACESproxy is code / 1023
            if np.any(ref <= 1e-6) or np.any(ref >= 1 - 1e-6):
                continue
        elif np.any(ref < 0) or (token in ("srgb", "dcip3", "dcip3d60") and np.any(ref > 1)):
            continue
        # Near 0 the power curves are steep: light of 1e-9 (float noise of the matrices) is a code of 1e-3 there.
        close = (np.abs(got[i] - ref) <= 1e-5 * max(1.0, np.abs(ref).max())) | ((np.abs(ref) < 2e-3) & (np.abs(got[i]) < 2e-3))
        assert close.all(), f"{token}: {rgb} -> {got[i]}, OpenColorIO {ref}"
        compared += 1
    assert compared >= 8, f"{token}: only {compared} patches in OpenColorIO's range"


def test_sixteen_bit_png_clips_and_counts(frameout, tmp_path, chart):
    """Image files convert on the writer threads; a fixed-point file clips to 0..1 and counts what it clipped."""
    proc = frameout("movie", *raw_args(chart, "rgba32float", W, H), "--type", "image", "--imagefiletype", "png",
                    "--format", "rgba16fixed", "--outputcolorspace", "rec2020hlg", "--report", "r.json",
                    "--file", "out.png")
    assert_ok(proc)
    from test_images import ff_image
    got = np.array([p.mean(0) for p in patch_means(ff_image(tmp_path / "out.png", "rgba64le", W, H)[0][..., :3])])
    want = np.clip(expected("rec2020hlg", CHART), 0.0, 1.0) * 65535.0
    assert np.abs(got - want).max() <= 1.0
    clipped = json.loads((tmp_path / "r.json").read_text())["counters"]["colour_values_clipped"]
    outside = np.count_nonzero((expected("rec2020hlg", CHART) < -1e-4) | (expected("rec2020hlg", CHART) > 1 + 1e-4))
    assert clipped == outside * (PATCH * PATCH)


def test_pq_input_in_16_bit_frames_decodes_to_linear(frameout, tmp_path):
    """Fixed-point input is decoded through a table of every code: 16-bit PQ Rec.2020 frames to linear sRGB EXR."""
    codes = np.array([[0, 0, 0], [33300, 33300, 33300], [38055, 38055, 38055], [45000, 30000, 20000],
                      [20000, 40000, 10000], [65535, 65535, 65535]], dtype=np.uint16)
    f = np.full((1, 4, len(codes), 4), 65535, "<u2")
    f[0, :, :, :3] = codes[None, :, :]
    raw = write_raw(tmp_path / "pq.raw", f)
    proc = frameout("movie", *raw_args(raw, "rgba16fixed", len(codes), 4), "--input-colorspace", "rec2020st2084pq",
                    "--outputcolorspace", "srgblinear", "--type", "image", "--imagefiletype", "exr", "--format",
                    "rgba32float", "--file", "lin.exr")
    assert_ok(proc)
    from test_images import ff_image
    got = ff_image(tmp_path / "lin.exr", "gbrapf32le", len(codes), 4)[0][0, :, :3]
    v = codes / 65535.0
    p = v ** (1 / M2)
    nits = 10000.0 * (np.maximum(p - C1, 0) / (C2 - C3 * p)) ** (1 / M1)
    want = (nits / SDR_WHITE) @ rgb_to_rgb("bt2020", "bt709").T  # HDR absolute light, 1.0 = 100 nits SDR
    assert np.abs(got - want).max() <= 1e-5 * np.abs(want).max()
    assert abs(got[1, 1] - 1.0) < 2e-3  # code 33300 is about PQ 0.5081: 100 nits
