"""Draw the participant app's icons (static/icons/*.png) locally with Pillow.

A speech bubble with three dots (rembuk: talking it through) in white on the app's green.
Run `python scripts/make_icons.py` after changing the drawing; the PNGs are committed.
"""

from pathlib import Path

from PIL import Image, ImageDraw

GREEN = (11, 93, 75, 255)
WHITE = (255, 255, 255, 255)
OUT = Path(__file__).resolve().parent.parent / "static" / "icons"


def draw(size, safe=1.0):
    """The icon at `size` px; `safe` < 1 shrinks the bubble into a maskable safe zone."""
    scale = 4  # draw large, then shrink: smooth edges
    s = size * scale
    image = Image.new("RGBA", (s, s), GREEN)
    pen = ImageDraw.Draw(image)
    inset = s * (1 - 0.72 * safe) / 2
    left, top = inset, inset * 0.9
    right, bottom = s - inset, s - inset * 1.25
    pen.rounded_rectangle((left, top, right, bottom), radius=s * 0.12 * safe, fill=WHITE)
    tail_x = left + (right - left) * 0.28
    pen.polygon(
        [
            (tail_x, bottom - 2),
            (tail_x + s * 0.14 * safe, bottom - 2),
            (tail_x - s * 0.04 * safe, bottom + s * 0.13 * safe),
        ],
        fill=WHITE,
    )
    r = s * 0.055 * safe
    cy = (top + bottom) / 2
    for i in (-1, 0, 1):
        cx = s / 2 + i * s * 0.17 * safe
        pen.ellipse((cx - r, cy - r, cx + r, cy + r), fill=GREEN)
    return image.resize((size, size), Image.LANCZOS)


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for size in (192, 512):
        draw(size).save(OUT / f"rembuk-{size}.png", optimize=True)
    draw(512, safe=0.8).save(OUT / "rembuk-maskable-512.png", optimize=True)


if __name__ == "__main__":
    main()
