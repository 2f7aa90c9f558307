"""Text labels beside points without overlaps: a small, deterministic label placer.

Used by :mod:`helpers.plots` for the speaker names of figure 2 and the node names of figure 7.
Labels are placed one by one, each at the first free spot on rings of growing radius around its
point; nothing is random, so a figure is the same on every run.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

__all__ = ["place_labels"]

#: Colour of the leader line from a label moved away from its point (Okabe-Ito grey).
LEADER_COLOR = "#999999"

Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in display pixels


def place_labels(
    ax,
    anchors: Sequence[tuple[float, float]],
    texts: Sequence[str],
    *,
    fontsize: float = 9,
    pad: float = 3.0,
    gaps: float | Sequence[float] = 3.0,
    obstacles: Sequence[tuple[float, ...]] = (),
    obstacle_size: float = 7.0,
    max_rings: int = 40,
) -> list:
    """Write ``texts`` near their data-space ``anchors`` so that no two labels overlap.

    A small deterministic label repulsion: labels are placed one by one (in the given order, so
    put the most important first); each takes the first free position on rings of growing
    radius around its anchor (right, left, above, below, then the diagonals), free meaning its
    box overlaps no placed label and stays inside the axes. A label moved away from its anchor
    gets a thin leader line. ``gaps`` (points; one number or one per label) keeps a label that
    far from its anchor, e.g. the radius of a network node. ``obstacles`` are data points
    (markers ``obstacle_size`` points wide, or ``(x, y, size)``) that labels avoid where they
    can. The figure's layout is fixed afterwards so that later drawing cannot move the axes
    under the labels.

    Returns the :class:`~matplotlib.text.Annotation` objects, in the order of ``texts``.
    """
    fig = ax.figure
    fig.canvas.draw()  # settle the layout: display coordinates are final from here on
    fig.set_layout_engine("none")
    renderer = fig.canvas.get_renderer()
    px_to_pt = 72.0 / fig.dpi
    placed = _legend_box(ax, renderer)
    blocked = _obstacle_boxes(ax, obstacles, obstacle_size / px_to_pt)
    inside = _inside(ax.get_window_extent(renderer))
    gap_list = [float(gaps)] * len(texts) if np.isscalar(gaps) else [float(g) for g in gaps]
    out = []
    for (x, y), text, gap_pt in zip(anchors, texts, gap_list, strict=True):
        w, h = _text_size(ax, renderer, text, fontsize, pad)
        ax_, ay_ = ax.transData.transform((x, y))
        box = _free_box((ax_, ay_), w, h, gap_pt / px_to_pt, max_rings, placed, blocked, inside)
        placed.append(box)
        # offset of the text's lower-left corner (inside the padding) from the anchor, in points
        ox, oy = (box[0] + pad - ax_) * px_to_pt, (box[1] + pad - ay_) * px_to_pt
        far = np.hypot(box[0] + w / 2 - ax_, box[1] + h / 2 - ay_) > max(w, h)
        out.append(_annotate(ax, text, (x, y), (ox, oy), fontsize, far))
    return out


def _legend_box(ax, renderer) -> list[Box]:
    """The legend's box, if the axes have a legend: an obstacle like a placed label."""
    legend = ax.get_legend()
    if legend is None:
        return []
    lb = legend.get_window_extent(renderer)
    return [(lb.x0, lb.y0, lb.x1, lb.y1)]


def _obstacle_boxes(ax, obstacles: Sequence[tuple[float, ...]], size_px: float) -> list[Box]:
    """Boxes around data points ``(x, y)`` or ``(x, y, size in points)`` that labels avoid."""
    px_to_pt = 72.0 / ax.figure.dpi
    boxes = []
    for ob in obstacles:
        bx, by = ax.transData.transform(ob[:2])
        half = (ob[2] / px_to_pt if len(ob) > 2 else size_px) / 2
        boxes.append((bx - half, by - half, bx + half, by + half))
    return boxes


def _inside(axbox):
    """A test of whether a box lies inside the axes' box."""

    def test(box: Box) -> bool:
        x0, y0, x1, y1 = box
        return x0 >= axbox.x0 and x1 <= axbox.x1 and y0 >= axbox.y0 and y1 <= axbox.y1

    return test


def _text_size(ax, renderer, text: str, fontsize: float, pad: float) -> tuple[float, float]:
    """Width and height in pixels of ``text`` with ``pad`` pixels around it."""
    probe = ax.text(0, 0, text, fontsize=fontsize)
    ext = probe.get_window_extent(renderer)
    probe.remove()
    return ext.width + 2 * pad, ext.height + 2 * pad


def _free_box(anchor, w, h, gap, max_rings, placed, blocked, inside) -> Box:
    """The first candidate box around ``anchor`` that is inside the axes and overlaps no placed
    label and no obstacle; failing that, the nearest that overlaps no placed label."""
    ax_, ay_ = anchor
    for dx, dy in _candidates(w, h, max_rings, gap):
        cand = (ax_ + dx, ay_ + dy, ax_ + dx + w, ay_ + dy + h)
        if (
            inside(cand)
            and not any(_overlap(cand, other) for other in placed)
            and not any(_overlap(cand, other) for other in blocked)
        ):
            return cand
    for dx, dy in _candidates(w, h, max_rings * 4, gap):
        cand = (ax_ + dx, ay_ + dy, ax_ + dx + w, ay_ + dy + h)
        if not any(_overlap(cand, other) for other in placed):
            return cand
    return cand


def _annotate(ax, text: str, xy, offset, fontsize: float, leader: bool):
    """The label itself, with a white box behind it and a leader line when it was moved."""
    return ax.annotate(
        text,
        xy=xy,
        xytext=offset,
        textcoords="offset points",
        ha="left",
        va="bottom",
        fontsize=fontsize,
        annotation_clip=False,
        bbox={"boxstyle": "square,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.8},
        arrowprops={"arrowstyle": "-", "color": LEADER_COLOR, "linewidth": 0.8} if leader else None,
    )


def _candidates(w: float, h: float, rings: int, gap: float):
    """Offsets (lower-left corner relative to the anchor, pixels), nearest first."""
    yield gap * 0.7, gap * 0.7  # upper right of the point: the usual place
    for r in range(1, rings + 1):
        sy, sx = r * h * 0.6, r * w * 0.25
        yield from (
            (gap, -h / 2 + 0),  # right, centred
            (-w - gap, -h / 2),  # left
            (-w / 2, gap + sy - h * 0.6),  # above
            (-w / 2, -h - gap - sy + h * 0.6),  # below
            (gap + sx, gap + sy),  # up right
            (gap + sx, -h - gap - sy),  # down right
            (-w - gap - sx, gap + sy),  # up left
            (-w - gap - sx, -h - gap - sy),  # down left
            (gap, -h / 2 + sy),  # right, higher
            (gap, -h / 2 - sy),  # right, lower
            (-w - gap, -h / 2 + sy),  # left, higher
            (-w - gap, -h / 2 - sy),  # left, lower
        )


def _overlap(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
