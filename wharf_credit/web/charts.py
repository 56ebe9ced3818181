"""Small server-side SVG charts: the CSP forbids inline script and style, so charts are plain SVG with geometry and
colours in attributes. Pure and deterministic (same data, same bytes); every text is escaped; every chart is one
<svg role="img"> with a <title> and an aria-label. Labels, legends and the "no data" text come translated from
the caller.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup, escape

# Same colours as the --aa .. --d custom properties in static/css/app.css.
GRADE_COLOURS: dict[str, str] = {"AA": "#0f6e3f", "A": "#2f8f4e", "B": "#a87b12", "C": "#c2531a", "D": "#9b1c1c"}
INK, MUTED, LINE, TRACK, ACCENT = "#1d2b36", "#5b6b78", "#c8d3dc", "#f6f8fa", "#12616e"
FONT = "system-ui, sans-serif"
NO_DATA = "No data"

Number = float | int
XValue = float | int | dt.date


@dataclass(frozen=True)
class Series:
    """One line: points are (x, y) or (x, y, tooltip); x is a number or a date."""

    name: str
    points: Sequence[tuple[Any, ...]]
    colour: str = ACCENT
    css_class: str = ""


@dataclass(frozen=True)
class Band:
    """A horizontal band from low to high (e.g. a grade's score range), drawn behind the lines."""

    low: float
    high: float
    colour: str
    label: str = ""
    opacity: float = field(default=0.12)


def _e(text: Any) -> str:
    return str(escape(str(text)))


def _n(value: float) -> str:
    """Coordinates with one decimal, no '-0.0', so output is stable across platforms."""
    out = f"{value:.1f}"
    return "0.0" if out == "-0.0" else out


def default_format(value: Number) -> str:
    """A count as an integer, anything else with at most two decimals."""
    if isinstance(value, int) or float(value).is_integer():
        return f"{int(value)}"
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _open(width: int, height: int, title: str, css_class: str, desc: str = "") -> list[str]:
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg {_e(css_class)}" role="img" '
             f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" aria-label="{_e(title)}" '
             f'font-family="{FONT}" font-size="12" fill="{INK}">', f"<title>{_e(title)}</title>"]
    if desc:
        parts.append(f"<desc>{_e(desc)}</desc>")
    return parts


def _close(parts: list[str]) -> Markup:
    parts.append("</svg>")
    return Markup("".join(parts))


def no_data(title: str, message: str = NO_DATA, width: int = 480, height: int = 120,
            css_class: str = "no-data") -> Markup:
    """An empty chart that says so (message translated by the caller)."""
    parts = _open(width, height, title, css_class)
    parts.append(f'<rect x="0.5" y="0.5" width="{width - 1}" height="{height - 1}" fill="{TRACK}" stroke="{LINE}"/>')
    parts.append(f'<text class="no-data" x="{width / 2:.1f}" y="{height / 2 + 4:.1f}" text-anchor="middle" '
                 f'fill="{MUTED}">{_e(message)}</text>')
    return _close(parts)


def _colour(colours: Sequence[str] | Mapping[str, str] | None, i: int, label: str) -> str:
    if colours is None:
        return ACCENT
    if isinstance(colours, Mapping):
        return colours.get(label, ACCENT)
    return colours[i % len(colours)] if colours else ACCENT


def bar_chart(bars: Sequence[tuple[str, Number]], title: str, *,
              colours: Sequence[str] | Mapping[str, str] | None = None, width: int = 480, height: int = 220,
              value_format: Callable[[Number], str] = default_format, empty: str = NO_DATA,
              css_class: str = "bar-chart") -> Markup:
    """Vertical bars, one per (label, value); colours by position or by label (e.g. GRADE_COLOURS)."""
    if not bars or not any(v for _, v in bars):
        return no_data(title, empty, width, css_class=css_class + " no-data")
    top, bottom, left, right = 20, 28, 10, 10
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = max(max(v for _, v in bars), 0) or 1
    slot = plot_w / len(bars)
    bar_w = min(slot * 0.6, 64)
    parts = _open(width, height, title, css_class)
    base_y = top + plot_h
    parts.append(f'<line x1="{left}" y1="{_n(base_y)}" x2="{width - right}" y2="{_n(base_y)}" stroke="{LINE}"/>')
    for i, (label, value) in enumerate(bars):
        h = max(value, 0) / peak * plot_h
        x = left + i * slot + (slot - bar_w) / 2
        cx = left + i * slot + slot / 2
        parts.append(f'<g class="bar-group"><title>{_e(label)}: {_e(value_format(value))}</title>'
                     f'<rect class="chart-bar" x="{_n(x)}" y="{_n(base_y - h)}" width="{_n(bar_w)}" height="{_n(h)}" '
                     f'fill="{_colour(colours, i, label)}"/>'
                     f'<text x="{_n(cx)}" y="{_n(base_y - h - 4)}" text-anchor="middle">'
                     f'{_e(value_format(value))}</text>'
                     f'<text x="{_n(cx)}" y="{_n(base_y + 17)}" text-anchor="middle" fill="{MUTED}">'
                     f'{_e(label)}</text></g>')
    return _close(parts)


def _legend(keys: Sequence[tuple[str, str]], x: float, y: float, width: float) -> list[str]:
    """Legend swatches in one row (wrapping) starting at (x, y)."""
    parts = ['<g class="legend">']
    cx, cy = x, y
    for name, colour in keys:
        w = 22 + 7 * len(name) + (7 * sum(1 for ch in name if ord(ch) > 0x2E80))  # wide glyphs take two slots
        if cx + w > x + width and cx > x:
            cx, cy = x, cy + 18
        parts.append(f'<rect x="{_n(cx)}" y="{_n(cy - 10)}" width="12" height="12" fill="{colour}"/>'
                     f'<text x="{_n(cx + 16)}" y="{_n(cy)}">{_e(name)}</text>')
        cx += w
    parts.append("</g>")
    return parts


def stacked_bars(rows: Sequence[tuple[str, Sequence[Number]]], keys: Sequence[tuple[str, str]], title: str, *,
                 width: int = 640, row_height: int = 26, label_width: int = 120,
                 value_format: Callable[[Number], str] = default_format, empty: str = NO_DATA,
                 css_class: str = "stacked-bars") -> Markup:
    """Horizontal stacked bars: one row per category (label, values in the order of `keys` = (name, colour)),
    scaled to the largest row total, with the total at the end and a legend on top."""
    totals = [sum(max(v, 0) for v in values) for _, values in rows]
    if not rows or not any(totals):
        return no_data(title, empty, width, css_class=css_class + " no-data")
    legend_h, total_w = 26, 44
    height = legend_h + len(rows) * row_height + 8
    plot_w = width - label_width - total_w - 10
    peak = max(totals)
    parts = _open(width, height, title, css_class)
    parts += _legend(keys, label_width, 14, plot_w + total_w)
    for r, ((label, values), total) in enumerate(zip(rows, totals, strict=True)):
        y = legend_h + r * row_height
        parts.append(f'<g class="row"><text x="{label_width - 6}" y="{_n(y + row_height / 2 + 4)}" '
                     f'text-anchor="end">{_e(label)}</text>')
        x = float(label_width)
        for (name, colour), value in zip(keys, values, strict=False):
            if value <= 0:
                continue
            w = value / peak * plot_w
            parts.append(f'<rect class="segment" x="{_n(x)}" y="{_n(y + 4)}" width="{_n(w)}" '
                         f'height="{_n(row_height - 8)}" fill="{colour}"><title>{_e(label)} · {_e(name)}: '
                         f'{_e(value_format(value))}</title></rect>')
            x += w
        parts.append(f'<text x="{_n(x + 6)}" y="{_n(y + row_height / 2 + 4)}" fill="{MUTED}">'
                     f'{_e(value_format(total))}</text></g>')
    return _close(parts)


def _xnum(x: XValue) -> float:
    return float(x.toordinal()) if isinstance(x, dt.date) else float(x)


def text_width(text: str, size: float = 12) -> float:
    """A generous estimate of the drawn width of `text` at font size `size`: CJK glyphs are square, Latin ones about
    0.62 of the size (digits and dates in the sans-serif fonts the charts name)."""
    return sum(size if ord(ch) >= 0x2E80 else size * 0.62 for ch in text)


def _ticks(xs: list[XValue], position: Callable[[XValue], float], label: Callable[[XValue], str],
           gap: float = 10) -> list[XValue]:
    """The x values to label, left to right, so that no two labels overlap (`gap` px between them): the first, then
    each value far enough from the last one kept, and always the last (it replaces a kept one it would overlap).
    Ratings a few weeks apart sit a few pixels apart; only one of them gets a label."""
    def fits(a: XValue, b: XValue) -> bool:
        return position(b) - position(a) >= (text_width(label(a)) + text_width(label(b))) / 2 + gap

    kept: list[XValue] = []
    for x in xs:
        if not kept or fits(kept[-1], x):
            kept.append(x)
    if kept[-1] is not xs[-1]:
        while len(kept) > 1 and not fits(kept[-1], xs[-1]):
            kept.pop()
        if fits(kept[-1], xs[-1]):
            kept.append(xs[-1])
    return kept


def line_chart(series: Sequence[Series], title: str, *, y_min: float = 0, y_max: float = 100,
               bands: Sequence[Band] = (), step: bool = False, x_format: Callable[[Any], str] = str,
               y_format: Callable[[Number], str] = default_format, y_ticks: Sequence[float] | None = None,
               width: int = 640, height: int = 260, empty: str = NO_DATA, css_class: str = "line-chart") -> Markup:
    """Lines over x (numbers or dates) with a point per value; `step` holds each value until the next one (a
    score stays in force until the next rating). Bands shade y ranges (grade thresholds) with their label."""
    drawn = [s for s in series if s.points]
    if not drawn:
        return no_data(title, empty, width, css_class=css_class + " no-data")
    legend = len(drawn) > 1
    top = 30 if legend else 12
    left, right, bottom = 40, 44 if bands else 14, 28
    plot_w, plot_h = width - left - right, height - top - bottom
    xs = sorted({p[0] for s in drawn for p in s.points}, key=_xnum)
    x_lo, x_hi = _xnum(xs[0]), _xnum(xs[-1])
    span_y = (y_max - y_min) or 1

    pad = 34  # keeps the first and last points and their tick labels inside the drawing

    def px(x: XValue) -> float:
        if x_hi == x_lo:
            return left + plot_w / 2
        return left + pad + (_xnum(x) - x_lo) / (x_hi - x_lo) * (plot_w - 2 * pad)

    def py(y: float) -> float:
        return top + (1 - (min(max(y, y_min), y_max) - y_min) / span_y) * plot_h

    parts = _open(width, height, title, css_class)
    if legend:
        parts += _legend([(s.name, s.colour) for s in drawn], left, 16, plot_w)
    for b in bands:
        lo, hi = max(b.low, y_min), min(b.high, y_max)
        if hi <= lo:
            continue
        parts.append(f'<g class="band"><rect x="{left}" y="{_n(py(hi))}" width="{plot_w}" '
                     f'height="{_n(py(lo) - py(hi))}" fill="{b.colour}" fill-opacity="{b.opacity}"/>')
        if b.label:
            parts.append(f'<text x="{_n(left + plot_w + 6)}" y="{_n((py(lo) + py(hi)) / 2 + 4)}" '
                         f'fill="{b.colour}" font-weight="bold">{_e(b.label)}</text>')
        parts.append("</g>")
    for t in (y_ticks if y_ticks is not None else [y_min + span_y * i / 4 for i in range(5)]):
        parts.append(f'<line x1="{left}" y1="{_n(py(t))}" x2="{left + plot_w}" y2="{_n(py(t))}" stroke="{LINE}" '
                     f'stroke-dasharray="2 3"/><text x="{left - 6}" y="{_n(py(t) + 4)}" text-anchor="end" '
                     f'fill="{MUTED}">{_e(y_format(t))}</text>')
    parts.append(f'<g class="x-axis"><line x1="{left}" y1="{_n(top + plot_h)}" x2="{left + plot_w}" '
                 f'y2="{_n(top + plot_h)}" stroke="{MUTED}"/>')
    for x in _ticks(xs, px, x_format):
        parts.append(f'<text x="{_n(px(x))}" y="{_n(top + plot_h + 18)}" text-anchor="middle" fill="{MUTED}">'
                     f'{_e(x_format(x))}</text>')
    parts.append("</g>")
    for s in drawn:
        pts = sorted(s.points, key=lambda p: _xnum(p[0]))
        coords: list[tuple[float, float]] = []
        for i, p in enumerate(pts):
            if step and i:
                coords.append((px(p[0]), py(pts[i - 1][1])))
            coords.append((px(p[0]), py(p[1])))
        cls = f"series {s.css_class}".strip()
        parts.append(f'<g class="{_e(cls)}"><title>{_e(s.name)}</title>')
        if len(coords) > 1:
            d = " ".join(("M" if i == 0 else "L") + f"{_n(x)} {_n(y)}" for i, (x, y) in enumerate(coords))
            parts.append(f'<path class="line" d="{d}" fill="none" stroke="{s.colour}" stroke-width="2"/>')
        for p in pts:
            tip = p[2] if len(p) > 2 and p[2] else f"{x_format(p[0])}: {y_format(p[1])}"
            parts.append(f'<circle class="point" cx="{_n(px(p[0]))}" cy="{_n(py(p[1]))}" r="3.5" '
                         f'fill="{s.colour}"><title>{_e(tip)}</title></circle>')
        parts.append("</g>")
    return _close(parts)


def component_bars(components: Sequence[tuple[str, Number]], title: str, *, max_value: float = 100,
                   width: int = 420, row_height: int = 26, label_width: int = 110,
                   value_format: Callable[[Number], str] = default_format, empty: str = NO_DATA,
                   css_class: str = "component-bars") -> Markup:
    """One horizontal bar per component score (0..max_value) on a grey track, value at the end."""
    if not components:
        return no_data(title, empty, width, css_class=css_class + " no-data")
    value_w = 48
    plot_w = width - label_width - value_w
    height = len(components) * row_height + 4
    parts = _open(width, height, title, css_class)
    for i, (label, value) in enumerate(components):
        y = 2 + i * row_height
        w = min(max(value, 0), max_value) / max_value * plot_w
        parts.append(f'<g class="component"><title>{_e(label)}: {_e(value_format(value))} / '
                     f'{_e(value_format(max_value))}</title>'
                     f'<text x="{label_width - 6}" y="{_n(y + row_height / 2 + 3)}" text-anchor="end">'
                     f'{_e(label)}</text>'
                     f'<rect class="chart-track" x="{label_width}" y="{_n(y + 4)}" width="{_n(plot_w)}" '
                     f'height="{_n(row_height - 10)}" fill="{TRACK}" stroke="{LINE}"/>'
                     f'<rect class="chart-bar" x="{label_width}" y="{_n(y + 4)}" width="{_n(w)}" '
                     f'height="{_n(row_height - 10)}" fill="{_bar_colour(value, max_value)}"/>'
                     f'<text x="{_n(label_width + plot_w + 6)}" y="{_n(y + row_height / 2 + 3)}">'
                     f'{_e(value_format(value))}</text></g>')
    return _close(parts)


def _bar_colour(value: float, max_value: float) -> str:
    """Green when strong, amber when middling, red when weak: the eye finds the weak component first."""
    share = value / max_value if max_value else 0
    if share >= 0.9:
        return GRADE_COLOURS["AA"]
    if share >= 0.7:
        return GRADE_COLOURS["B"]
    return GRADE_COLOURS["D"]
