"""Server-side SVG trend charts: no JavaScript, no CDN, readable when printed in black and white.

``line_chart`` draws the five-year trend of one or more indicators (or index scores such as PAR INDEX, SIPAS)
as inline SVG that scales to its container. Series are told apart by dash pattern and marker fill as well as by
colour, every value is printed above its marker in Vietnamese number format, and an optional dashed target line
marks the goal. The output is deterministic: the same input always yields the same string.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

Number = int | float | Decimal

EMPTY_TEXT = "Chưa có số liệu"

# Dark colours that stay dark on a greyscale printer, each paired with its own dash pattern ("" = solid).
PALETTE: tuple[tuple[str, str], ...] = (
    ("#1f3a93", ""),
    ("#8b1a1a", "7 3"),
    ("#1b5e20", "2 2"),
    ("#5d3a00", "8 3 2 3"),
    ("#4a148c", "12 3"),
    ("#263238", "2 4 6 4"),
)
TARGET_COLOUR = "#000000"
TARGET_DASH = "5 5"
TEXT_COLOUR = "#222222"
GRID_COLOUR = "#c8c8c8"
FONT = "system-ui, 'Segoe UI', Roboto, Arial, sans-serif"

_TOP = 24.0  # room above the plot for value labels of the highest points
_RIGHT = 16.0
_X_LABELS = 20.0  # band below the plot for the years
_LEGEND_ROW = 18.0
_X_PAD = 24.0  # keeps the first and last markers (and their labels) off the plot edges
_MIN_PLOT_HEIGHT = 80.0
_CHAR_WIDTH = 6.2  # rough width of one character at font-size 11, for layout only


@dataclass(frozen=True)
class Series:
    """One line of the chart: a label and its ``(year, value)`` points; ``None`` means no data for that year."""

    label: str
    points: list[tuple[int, Number | None]]


def format_number(value: Number) -> str:
    """Format a number the Vietnamese way: ``98.5 → "98,5"``, ``1234 → "1.234"``, ``90.0 → "90"``.

    Rounded half-up to at most one decimal; a trailing ``,0`` is dropped.
    """
    d = value if isinstance(value, Decimal) else Decimal(str(value))
    d = d.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    if d == 0:
        d = Decimal("0.0")  # no "-0"
    text = f"{d:,.1f}".replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text.removesuffix(",0")


def _with_unit(text: str, unit: str) -> str:
    unit = unit.strip()
    if not unit:
        return text
    return f"{text}{unit}" if unit == "%" else f"{text} {unit}"


def _c(v: float) -> str:
    """A coordinate rounded to one decimal, without a trailing ``.0`` or a negative zero."""
    text = f"{v:.1f}".removesuffix(".0")
    return "0" if text == "-0" else text


def _as_float(value: Number | None) -> float | None:
    if value is None:
        return None
    f = float(value)
    return f if math.isfinite(f) else None


def _text_width(text: str, size: float = 11.0) -> float:
    return len(text) * _CHAR_WIDTH * size / 11.0


def _candidate_steps(span: float) -> list[float]:
    """Nice tick steps (1, 2, 2.5, 5 × 10ⁿ) around the span, never finer than 0.1 (labels show one decimal)."""
    exp = math.floor(math.log10(span))
    steps: list[float] = []
    for k in range(exp - 2, exp + 2):
        for m in (1.0, 2.0, 2.5, 5.0):
            if m == 2.5 and k < 0:
                continue  # 0.25 would need two decimals
            step = m * 10.0**k
            if step >= 0.1 - 1e-12:
                steps.append(step)
    return sorted(steps)


def _ticks(a: float, b: float, step: float) -> list[float]:
    first = math.ceil(a / step - 1e-9)
    last = math.floor(b / step + 1e-9)
    return [round(i * step, 6) + 0.0 for i in range(first, last + 1)]


def _axis(
    lo: float, hi: float, *, fixed_lo: float | None, fixed_hi: float | None, cap: float | None
) -> tuple[float, float, list[float]]:
    """The y-axis bounds and 4–6 nice tick values covering ``lo..hi`` (``lo < hi``).

    Bounds given by the caller are kept exactly; the others are rounded outwards to a tick. ``cap`` (100 for
    percentages whose data stay within 100) limits an automatic upper bound.
    """
    fallback: tuple[float, float, list[float], float] | None = None
    for step in _candidate_steps(hi - lo):
        a = fixed_lo if fixed_lo is not None else round(math.floor(lo / step + 1e-9) * step, 6)
        b = fixed_hi if fixed_hi is not None else round(math.ceil(hi / step - 1e-9) * step, 6)
        if cap is not None and fixed_hi is None and b > cap >= hi:
            b = cap
        ticks = _ticks(a, b, step)
        if 4 <= len(ticks) <= 6:
            return a, b, ticks
        if len(ticks) <= 6 and fallback is None:
            fallback = (a, b, ticks, step)
    if fallback is None:  # pragma: no cover - the coarsest candidate always leaves few ticks
        return lo, hi, [lo, hi]
    a, b, ticks, step = fallback
    # A very narrow range: widen the automatic ends one step at a time until there are four ticks.
    while len(ticks) < 4 and (fixed_lo is None or fixed_hi is None):
        if fixed_hi is None and (cap is None or b + step <= cap):
            b = round(b + step, 6)
        elif fixed_lo is None and (a - step >= 0 or lo < 0):
            a = round(a - step, 6)
        else:
            break
        ticks = _ticks(a, b, step)
    return a, b, ticks


def _y_range(
    values: list[float], *, y_min: float | None, y_max: float | None, percent: bool
) -> tuple[float, float, list[float]]:
    data_lo, data_hi = min(values), max(values)
    if y_min is not None:
        lo = y_min
    elif data_lo >= 0:
        # Start at 0 unless every value sits in a narrow band far above it (e.g. 85–99 %).
        narrow = data_hi > data_lo and data_hi - data_lo < 0.5 * data_lo
        lo = data_lo if narrow else 0.0
    else:
        lo = data_lo
    hi = y_max if y_max is not None else max(data_hi, 0.0)
    if hi <= lo:
        if y_max is not None and y_min is None:
            lo = hi - (abs(hi) or 1.0)
        else:
            hi = lo + (abs(lo) or 1.0)
    cap = 100.0 if percent and data_hi <= 100 else None
    a, b, ticks = _axis(lo, hi, fixed_lo=y_min, fixed_hi=y_max, cap=cap)
    if b <= a:  # pragma: no cover - guarded above, kept against division by zero
        b = a + 1.0
    return a, b, ticks


def _svg_open(width: int, height: float, label: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {_c(height)}" width="100%" '
        f'preserveAspectRatio="xMidYMid meet" role="img" aria-label="{escape(label)}" class="trend-chart" '
        f'font-family="{escape(FONT)}" font-size="11">'
        f"<title>{escape(label)}</title>"
    )


def _empty_chart(width: int, height: int, title: str) -> SafeString:
    parts = [
        _svg_open(width, height, title or EMPTY_TEXT),
        f'<rect x="0.5" y="0.5" width="{width - 1}" height="{height - 1}" fill="none" stroke="{GRID_COLOUR}" '
        'stroke-dasharray="4 4"/>',
        f'<text class="empty" x="{_c(width / 2)}" y="{_c(height / 2 + 4)}" text-anchor="middle" font-size="13" '
        f'fill="{TEXT_COLOUR}">{escape(EMPTY_TEXT)}</text>',
        "</svg>",
    ]
    return mark_safe("".join(parts))  # noqa: S308 - every text piece above is escaped


def _legend_rows(items: list[str], available: float) -> list[list[tuple[int, float]]]:
    """Lay legend items out left to right, wrapping into rows; returns ``(item index, x offset)`` per row."""
    rows: list[list[tuple[int, float]]] = [[]]
    x = 0.0
    for i, text in enumerate(items):
        item_width = 34.0 + _text_width(text) + 16.0
        if rows[-1] and x + item_width > available:
            rows.append([])
            x = 0.0
        rows[-1].append((i, x))
        x += item_width
    return rows


def line_chart(
    series: list[Series],
    *,
    title: str = "",
    unit: str = "",
    target: Number | None = None,
    target_label: str = "",
    y_min: Number | None = None,
    y_max: Number | None = None,
    width: int = 560,
    height: int = 240,
) -> SafeString:
    """Render a year-by-year line chart as inline SVG, safe to drop into a template.

    ``series`` holds up to six lines (more reuse the palette); ``None`` values leave a gap in the line and get
    no marker. ``unit`` ("%", "hồ sơ", "điểm"…) labels the y-axis; with "%" the automatic upper bound never
    exceeds 100 unless the data do. ``target`` draws a dashed horizontal line labelled ``target_label``
    (default "Mục tiêu: …"). ``y_min``/``y_max`` fix the axis bounds; otherwise they are rounded to nice ticks,
    starting at 0 unless all values lie in a narrow band far above it. Values outside fixed bounds are drawn
    as they are, not clipped. The SVG scales to its container (``viewBox`` + ``width="100%"``); ``width`` and
    ``height`` only set its proportions, and the height grows if a long legend would squeeze the plot.
    Without any value the chart shows "Chưa có số liệu".
    """
    target_f = _as_float(target)
    cleaned: list[tuple[Series, list[tuple[int, float | None]]]] = []
    for s in series:
        points = sorted(((int(year), _as_float(value)) for year, value in s.points), key=lambda p: p[0])
        cleaned.append((s, points))
    values = [v for _, points in cleaned for _, v in points if v is not None]
    if not values:
        return _empty_chart(width, height, title)

    labels = [s.label for s in series]
    aria = title or ", ".join(label for label in labels if label) or "Biểu đồ"
    y_lo, y_hi, ticks = _y_range(
        values + ([target_f] if target_f is not None else []),
        y_min=_as_float(y_min),
        y_max=_as_float(y_max),
        percent=unit.strip() == "%",
    )
    tick_texts = [format_number(t) for t in ticks]

    # Horizontal layout: rotated unit label, y tick labels, plot.
    unit_text = f"Đơn vị: {unit.strip()}" if unit.strip() else ""
    left = (18.0 if unit_text else 4.0) + max(_text_width(t) for t in tick_texts) + 8.0
    left = max(left, 32.0)
    right = width - _RIGHT
    plot_w = max(right - left, 1.0)

    # Vertical layout: value labels, plot, years, legend.
    default_target_text = _with_unit(format_number(target), unit) if target is not None else ""
    target_text = target_label or (f"Mục tiêu: {default_target_text}" if target_f is not None else "")
    legend_items = labels + ([target_text] if target_f is not None else [])
    show_legend = len(series) > 1 or target_f is not None
    rows = _legend_rows(legend_items, plot_w) if show_legend else []
    legend_h = len(rows) * _LEGEND_ROW + (4.0 if rows else 0.0)
    total_h = max(float(height), _TOP + _MIN_PLOT_HEIGHT + _X_LABELS + legend_h)
    top = _TOP
    bottom = total_h - _X_LABELS - legend_h
    plot_h = bottom - top

    years = sorted({year for _, points in cleaned for year, _ in points})
    first_year, last_year = years[0], years[-1]
    inner_w = max(plot_w - 2 * _X_PAD, 1.0)

    def x_of(year: int) -> float:
        if last_year == first_year:
            return left + plot_w / 2
        return left + _X_PAD + (year - first_year) / (last_year - first_year) * inner_w

    def y_of(value: float) -> float:
        return bottom - (value - y_lo) / (y_hi - y_lo) * plot_h

    parts: list[str] = [_svg_open(width, total_h, aria)]

    # Gridlines and y tick labels.
    parts.append('<g class="y-axis">')
    for tick, text in zip(ticks, tick_texts, strict=True):
        gy = _c(y_of(tick))
        parts.append(
            f'<line class="grid" data-value="{escape(repr(tick))}" x1="{_c(left)}" x2="{_c(right)}" '
            f'y1="{gy}" y2="{gy}" stroke="{GRID_COLOUR}" stroke-width="0.8"/>'
        )
        parts.append(
            f'<text class="y-tick" x="{_c(left - 6)}" y="{_c(y_of(tick) + 4)}" text-anchor="end" '
            f'fill="{TEXT_COLOUR}">{escape(text)}</text>'
        )
    if unit_text:
        uy = _c(top + plot_h / 2)
        parts.append(
            f'<text class="unit" x="12" y="{uy}" transform="rotate(-90 12 {uy})" text-anchor="middle" '
            f'fill="{TEXT_COLOUR}">{escape(unit_text)}</text>'
        )
    parts.append("</g>")

    # X axis with a tick and label at every year present in any series.
    parts.append('<g class="x-axis">')
    parts.append(
        f'<line class="axis" x1="{_c(left)}" x2="{_c(right)}" y1="{_c(bottom)}" y2="{_c(bottom)}" '
        'stroke="#555555" stroke-width="1"/>'
    )
    for year in years:
        x = _c(x_of(year))
        parts.append(f'<line x1="{x}" x2="{x}" y1="{_c(bottom)}" y2="{_c(bottom + 4)}" stroke="#555555"/>')
        parts.append(
            f'<text class="x-tick" x="{x}" y="{_c(bottom + 15)}" text-anchor="middle" '
            f'fill="{TEXT_COLOUR}">{year}</text>'
        )
    parts.append("</g>")

    # Target line, drawn under the series; its label sits at the left end, where rising trends are still low.
    if target_f is not None:
        ty = y_of(target_f)
        parts.append(
            f'<g class="target"><line class="target-line" x1="{_c(left)}" x2="{_c(right)}" y1="{_c(ty)}" '
            f'y2="{_c(ty)}" stroke="{TARGET_COLOUR}" stroke-width="1.3" stroke-dasharray="{TARGET_DASH}"/>'
            f'<text class="target-label" x="{_c(left + 4)}" y="{_c(ty - 4)}" font-size="10" '
            f'fill="{TARGET_COLOUR}">{escape(target_text)}</text></g>'
        )

    # Series: one path each (a gap starts a new "M" segment), a marker and a value label per data point.
    for index, (s, points) in enumerate(cleaned):
        colour, dash = PALETTE[index % len(PALETTE)]
        hollow = index % 2 == 1  # alternate filled/hollow markers so series differ without colour
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        commands: list[str] = []
        pen_down = False
        for year, value in points:
            if value is None:
                pen_down = False
                continue
            commands.append(f"{'L' if pen_down else 'M'}{_c(x_of(year))} {_c(y_of(value))}")
            pen_down = True
        parts.append(f'<g class="series" data-index="{index}"><title>{escape(s.label)}</title>')
        parts.append(
            f'<path class="series-line" d="{" ".join(commands)}" fill="none" stroke="{colour}" '
            f'stroke-width="2.2" stroke-linejoin="round" stroke-linecap="round"{dash_attr}/>'
        )
        for year, value in points:
            if value is None:
                continue
            x, y = _c(x_of(year)), _c(y_of(value))
            text = format_number(value)
            parts.append(
                f'<circle class="marker" cx="{x}" cy="{y}" r="3.6" fill="{"#ffffff" if hollow else colour}" '
                f'stroke="{colour}" stroke-width="1.8"><title>{escape(s.label)} – {year}: '
                f"{escape(_with_unit(text, unit))}</title></circle>"
            )
            parts.append(
                f'<text class="value" x="{x}" y="{_c(y_of(value) - 8)}" text-anchor="middle" font-size="10" '
                f'fill="{colour}">{escape(text)}</text>'
            )
        parts.append("</g>")

    # Legend below the years.
    if rows:
        parts.append('<g class="legend">')
        for row_index, row in enumerate(rows):
            ly = bottom + _X_LABELS + 4.0 + row_index * _LEGEND_ROW + _LEGEND_ROW / 2
            for item, offset in row:
                x0 = left + offset
                if item < len(series):
                    colour, dash = PALETTE[item % len(PALETTE)]
                    dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
                    fill = "#ffffff" if item % 2 == 1 else colour
                    sample = (
                        f'<line x1="{_c(x0)}" x2="{_c(x0 + 28)}" y1="{_c(ly)}" y2="{_c(ly)}" stroke="{colour}" '
                        f'stroke-width="2.2"{dash_attr}/>'
                        f'<circle class="legend-marker" cx="{_c(x0 + 14)}" cy="{_c(ly)}" r="3.6" fill="{fill}" '
                        f'stroke="{colour}" stroke-width="1.8"/>'
                    )
                else:
                    colour = TARGET_COLOUR
                    sample = (
                        f'<line x1="{_c(x0)}" x2="{_c(x0 + 28)}" y1="{_c(ly)}" y2="{_c(ly)}" stroke="{colour}" '
                        f'stroke-width="1.3" stroke-dasharray="{TARGET_DASH}"/>'
                    )
                parts.append(
                    f'<g class="legend-item">{sample}<text x="{_c(x0 + 34)}" y="{_c(ly + 4)}" '
                    f'fill="{TEXT_COLOUR}">{escape(legend_items[item])}</text></g>'
                )
        parts.append("</g>")

    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text piece above is escaped
