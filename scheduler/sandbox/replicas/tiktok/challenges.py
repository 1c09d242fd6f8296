"""The TikTok replica's captchas: each one's answer derives from the held checkpoint's code, so a
person looking at the picture can solve it (and a test can, by asking the admin API for the code),
while nothing on the page says the answer in words.

The shapes follow the research's three kinds [S: CAP selectors.py, HZ]: the sliding puzzle (a
gap in `#captcha-verify-image`, a piece `img.captcha_verify_img_slide` moved by
`.secsdk-captcha-drag-icon`), the rotate ("whirl": `[data-testid=whirl-outer-img]` and
`-inner-img` turned by the same slider) and the 3D shapes (`#verify-points`, click the two objects
of the same shape, then `.verify-captcha-submit-button`). The pictures are drawn here as SVG [G].
"""

from __future__ import annotations

from urllib.parse import quote

#: the puzzle image's size in CSS pixels and the piece's (the live ones are about this [G])
WIDTH, HEIGHT, PIECE = 340, 212, 56
SLIDER = WIDTH - PIECE  # the handle's track: 0 .. SLIDER px
PUZZLE_TOLERANCE = 6  # px a person may miss by [G]
WHIRL_TOLERANCE = 10  # degrees [G]
SHAPES = ("circle", "square", "triangle", "star", "diamond", "cross")


def puzzle_gap(code: str) -> int:
    """Where the gap is (px from the left edge to the piece's left edge when it fits)."""
    return 60 + int(code) % (SLIDER - 70)


def whirl_angle(code: str) -> int:
    """How far (degrees, clockwise) the inner picture must be turned to fit the outer one."""
    return 40 + int(code) % 280


def whirl_slider(angle: int) -> int:
    """The handle's position (px) that turns the inner picture by `angle` degrees."""
    return round(angle * SLIDER / 360)


def same_shapes(code: str) -> tuple[int, int]:
    """The two positions (0-5) holding the same shape."""
    n = int(code)
    first = n % 6
    return tuple(sorted((first, (first + 1 + (n // 6) % 5) % 6)))  # type: ignore[return-value]


def shape_row(code: str) -> list[str]:
    """Six shapes, the two of `same_shapes` alike, the others all different."""
    pair = same_shapes(code)
    others = iter(s for s in SHAPES[1 + int(code) % 5:] + SHAPES[:1 + int(code) % 5] if s != SHAPES[int(code) % 6])
    return [SHAPES[int(code) % 6] if i in pair else next(others) for i in range(6)]


def puzzle_passes(sent: str, code: str) -> bool:
    return sent.lstrip("-").isdigit() and abs(int(sent) - puzzle_gap(code)) <= PUZZLE_TOLERANCE


def whirl_passes(sent: str, code: str) -> bool:
    if not sent.lstrip("-").isdigit():
        return False
    miss = abs(int(sent) - whirl_angle(code)) % 360
    return min(miss, 360 - miss) <= WHIRL_TOLERANCE


def shapes_pass(sent: str, code: str) -> bool:
    parts = sent.split(",")
    return len(parts) == 2 and all(p.isdigit() for p in parts) and \
        tuple(sorted(int(p) for p in parts)) == same_shapes(code)


# --- the pictures ---------------------------------------------------------------------------------


def _data_url(svg: str) -> str:
    return "data:image/svg+xml," + quote(svg)


def _scene(body: str, width: int = WIDTH, height: int = HEIGHT) -> str:
    return (f"<svg xmlns='http://www.w3.org/2000/svg' width='{width}' height='{height}' "
            f"viewBox='0 0 {width} {height}'>{body}</svg>")


_HILLS = ("<rect width='100%' height='100%' fill='#7fb8d8'/><circle cx='270' cy='50' r='28' fill='#f6d55c'/>"
          "<path d='M0 160 Q80 90 160 150 T340 130 V212 H0Z' fill='#3caea3'/>"
          "<path d='M0 190 Q120 140 220 185 T340 175 V212 H0Z' fill='#20639b'/>")


def puzzle_images(code: str) -> dict[str, str]:
    """The background with its gap, and the piece (cut from the same scene at the gap)."""
    gap, top = puzzle_gap(code), 70
    background = _scene(_HILLS + f"<rect x='{gap}' y='{top}' width='{PIECE}' height='{PIECE}' rx='6' "
                        "fill='rgba(0,0,0,.55)' stroke='#fff' stroke-width='2'/>")
    piece = _scene(f"<g transform='translate({-gap} {-top})'>{_HILLS}</g>"
                   f"<rect width='{PIECE}' height='{PIECE}' rx='6' fill='none' stroke='#fff' stroke-width='3'/>",
                   PIECE, PIECE)
    return {"background": _data_url(background), "piece": _data_url(piece), "top": str(top)}


def whirl_images(code: str) -> dict[str, str]:
    """The outer ring and the inner disc, drawn turned back by the answer's angle."""
    outer = _scene("<circle cx='106' cy='106' r='104' fill='#20639b'/><circle cx='106' cy='106' r='62' fill='#fff'/>"
                   "<path d='M106 2 V44' stroke='#f6d55c' stroke-width='10'/>", 212, 212)
    inner = _scene("<circle cx='60' cy='60' r='60' fill='#3caea3'/><path d='M60 0 V40' stroke='#f6d55c' "
                   "stroke-width='10'/><circle cx='60' cy='60' r='8' fill='#fff'/>", 120, 120)
    return {"outer": _data_url(outer), "inner": _data_url(inner), "start": str(-whirl_angle(code))}


_SHAPE_SVG = {
    "circle": "<circle cx='30' cy='30' r='22'/>",
    "square": "<rect x='9' y='9' width='42' height='42'/>",
    "triangle": "<path d='M30 6 54 52H6Z'/>",
    "star": "<path d='M30 4 37 23H57L41 35 47 55 30 43 13 55 19 35 3 23H23Z'/>",
    "diamond": "<path d='M30 4 56 30 30 56 4 30Z'/>",
    "cross": "<path d='M22 4H38V22H56V38H38V56H22V38H4V22H22Z'/>",
}


def shape_images(code: str) -> list[str]:
    colours = ("#c0392b", "#2980b9", "#27ae60", "#8e44ad", "#d35400", "#16a085")
    return [_data_url(_scene(f"<g fill='{colours[i]}'>{_SHAPE_SVG[shape]}</g>", 60, 60))
            for i, shape in enumerate(shape_row(code))]
