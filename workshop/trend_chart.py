"""The progress trend as an SVG line chart, drawn by hand (no chart library, nothing loaded).

Pure: points in, markup out. The dashboard page, its print and the projector's dashboard
view embed the same SVG; it scales to its box (viewBox, no fixed size), its text is real
text (readable when printed) and it carries a title and a description for screen readers.
"""

from markupsafe import Markup, escape

# The drawing's coordinate box (scaled to fit by the page).
WIDTH, HEIGHT = 800, 300
LEFT, RIGHT, TOP, BOTTOM = 84, 28, 24, 48
# Percent gridlines.
GRID = (0, 25, 50, 75, 100)
# At most this many date labels under the axis (the first and last always).
MAX_LABELS = 6


def svg(points, title, description, date_label=str, empty_text="", height=HEIGHT):
    """An <svg> of [(date ISO, percent)] — y from 0 to 100 %, x by date order; `height`
    in the drawing's units (800 wide): taller for the projector's tall panel."""
    HEIGHT = height  # noqa: N806 (the module's default, shadowed for this drawing)
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    parts = [
        f'<svg class="trend-chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'preserveAspectRatio="xMidYMin meet" aria-labelledby="trend-title trend-desc">',
        f'<title id="trend-title">{escape(title)}</title>',
        f'<desc id="trend-desc">{escape(description)}</desc>',
    ]
    for value in GRID:
        y = TOP + plot_h * (1 - value / 100)
        parts.append(
            f'<line class="grid" x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}"/>'
            f'<text class="axis" x="{LEFT - 8}" y="{y + 7:.1f}" text-anchor="end">{value}%</text>'
        )
    if not points:
        parts.append(
            f'<text class="empty" x="{LEFT + plot_w / 2:.0f}" y="{TOP + plot_h / 2:.0f}" '
            f'text-anchor="middle">{escape(empty_text)}</text></svg>'
        )
        return Markup("".join(parts))  # noqa: S704 (every text in it is escaped)
    count = len(points)

    def x_of(n):
        return LEFT + (plot_w * n / (count - 1) if count > 1 else plot_w / 2)

    coords = [
        (x_of(n), TOP + plot_h * (1 - min(max(p, 0), 100) / 100)) for n, (_, p) in enumerate(points)
    ]
    line = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
    base = TOP + plot_h
    area = f"{coords[0][0]:.1f},{base:.1f} {line} {coords[-1][0]:.1f},{base:.1f}"
    parts.append(f'<polygon class="area" points="{area}"/>')
    parts.append(f'<polyline class="line" points="{line}"/>')
    step = max(1, -(-count // MAX_LABELS))
    for n, ((day, percent), (x, y)) in enumerate(zip(points, coords, strict=True)):
        parts.append(
            f'<circle class="dot" cx="{x:.1f}" cy="{y:.1f}" r="5">'
            f"<title>{escape(date_label(day))}: {percent:g}%</title></circle>"
        )
        if n % step == 0 or n == count - 1:
            anchor = (
                "start"
                if n == 0 and count > 1
                else "end"
                if n == count - 1 and count > 1
                else "middle"
            )
            parts.append(
                f'<text class="axis" x="{x:.1f}" y="{HEIGHT - 14}" text-anchor="{anchor}">'
                f"{escape(date_label(day))}</text>"
            )
    last_x, last_y = coords[-1]
    parts.append(
        f'<text class="value" x="{last_x - 8:.1f}" y="{max(last_y - 12, TOP + 14):.1f}" '
        f'text-anchor="end">{points[-1][1]:g}%</text>'
    )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 (every text in it is escaped)
