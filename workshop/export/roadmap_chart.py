"""The roadmap chart of chapter 7: programmes as bars on the years of the planning period
(a Gantt-like chart), quick wins first and marked, as PNG bytes for the `image` block.

matplotlib is imported on first use (Agg backend, no display): it takes a moment to load and
only the masterplan needs it.
"""

import io

# Bars per chart image; a longer roadmap is drawn on several images (legible on A4).
BARS_PER_CHART = 20
QUICK_WIN_COLOR = "#C0392B"
BAR_COLOR = "#2E6DA4"


def chart_png(rows, years, labels):
    """rows: [(label, first, last, quick win)]; years: the period's years; labels: the
    words {"year", "quick_win", "programme"} in the document's language. PNG bytes."""
    # Loaded here, not at module level: a slow import only the roadmap needs.
    import matplotlib  # noqa: PLC0415

    matplotlib.use("Agg")
    from matplotlib import pyplot  # noqa: PLC0415
    from matplotlib.patches import Patch  # noqa: PLC0415

    height = 1.2 + 0.26 * len(rows)
    figure, axes = pyplot.subplots(figsize=(10, height), dpi=150)
    try:
        start, end = years[0], years[-1]
        for n, (_label, first, last, quick) in enumerate(rows):
            first, last = max(first, start), min(last, end)
            if first > last:
                continue
            axes.barh(
                n,
                last - first + 1,
                left=first - 0.5,
                height=0.6,
                color=QUICK_WIN_COLOR if quick else BAR_COLOR,
            )
        axes.set_yticks(range(len(rows)))
        axes.set_yticklabels([_short(r[0]) for r in rows], fontsize=8)
        axes.invert_yaxis()
        axes.set_xticks(years)
        axes.set_xticklabels([str(y) for y in years], fontsize=9)
        axes.set_xlim(start - 0.5, end + 0.5)
        axes.set_ylim(len(rows) - 0.5, -0.5)
        axes.set_xlabel(labels["year"], fontsize=9)
        axes.grid(axis="x", color="#CCCCCC", linewidth=0.6)
        axes.set_axisbelow(True)
        for side in ("top", "right"):
            axes.spines[side].set_visible(False)
        axes.legend(
            handles=[
                Patch(color=QUICK_WIN_COLOR, label=labels["quick_win"]),
                Patch(color=BAR_COLOR, label=labels["programme"]),
            ],
            fontsize=8,
            loc="lower center",
            bbox_to_anchor=(0.5, 1.0),
            ncol=2,
            frameon=False,
        )
        # Fixed margins (labels are cut at 48 characters): tight_layout would draw twice.
        figure.subplots_adjust(left=0.34, right=0.98, top=1 - 0.45 / height, bottom=0.5 / height)
        out = io.BytesIO()
        figure.savefig(out, format="png")
        return out.getvalue()
    finally:
        pyplot.close(figure)


def _short(text, limit=48):
    return text if len(text) <= limit else text[: limit - 1] + "…"
