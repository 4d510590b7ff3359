"""Chart geometry for server-rendered SVG (plain Python, no Django): numbers in, coordinates out.

A template draws the result (templates/treatment/includes/line_chart.html, bar_chart.html) with classes
only, no inline style (the Content Security Policy), and the page puts a table with the same numbers
beside it for screen readers and print. Reusable for any chart of values per category (an infusion, a
date, a quarter): `line_chart` for values over categories (with gaps where a value is missing) and
reference lines (a limit), `bar_chart` for stacked counts per category.
"""

import math
from dataclasses import dataclass, field

WIDTH, HEIGHT = 560, 240
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 44, 12, 12, 32


@dataclass(frozen=True)
class Line:
    label: str
    values: list  # one value (or None) per category
    css: str = "series-0"


@dataclass(frozen=True)
class Reference:
    label: str
    value: float
    css: str = "reference"


@dataclass(frozen=True)
class Stack:
    label: str
    counts: list  # one count per category
    css: str = "series-0"


@dataclass
class Box:
    width: int = WIDTH
    height: int = HEIGHT
    left: int = MARGIN_LEFT
    right: int = field(init=False)
    top: int = MARGIN_TOP
    bottom: int = field(init=False)

    def __post_init__(self):
        self.right = self.width - MARGIN_RIGHT
        self.bottom = self.height - MARGIN_BOTTOM


def nice_step(span, ticks=5):
    """A step of 1, 2 or 5 × 10^n that divides `span` into about `ticks` parts."""
    if span <= 0:
        return 1
    raw = span / ticks
    power = 10 ** math.floor(math.log10(raw))
    for multiple in (1, 2, 5, 10):
        if raw <= multiple * power:
            return multiple * power
    return 10 * power


def axis(low, high, ticks=5):
    """(minimum, maximum, step) of a value axis that holds [low, high], on multiples of a nice step."""
    if low == high:
        low, high = low - 1, high + 1
    step = nice_step(high - low, ticks)
    return math.floor(low / step) * step, math.ceil(high / step) * step, step


def _round(value):
    return round(value, 1)


def _x_positions(count, box):
    """The centre of each category's band."""
    band = (box.right - box.left) / max(count, 1)
    return [_round(box.left + band * (i + 0.5)) for i in range(count)], band


def _y(value, low, high, box):
    return _round(box.bottom - (value - low) / (high - low) * (box.bottom - box.top))


def line_chart(*, categories, lines, references=(), y_min=None, y_max=None, width=WIDTH, height=HEIGHT):
    """Geometry of a line chart: each line's segments (runs of values without a gap) as SVG points, its dots
    with their values, the axes' ticks and the reference lines. `y_min`/`y_max` widen the axis (never
    narrow it below the data)."""
    box = Box(width=width, height=height)
    values = [v for line in lines for v in line.values if v is not None] + [r.value for r in references]
    values += [v for v in (y_min, y_max) if v is not None]
    low, high, step = axis(min(values, default=0), max(values, default=1))
    xs, _band = _x_positions(len(categories), box)
    drawn = []
    for line in lines:
        segments, current, dots = [], [], []
        for x, value in zip(xs, line.values):
            if value is None:
                if current:
                    segments.append(current)
                current = []
                continue
            point = (x, _y(value, low, high, box))
            current.append(point)
            dots.append({"x": point[0], "y": point[1], "value": value})
        if current:
            segments.append(current)
        drawn.append({"label": line.label, "css": line.css, "dots": dots,
                      "segments": [" ".join(f"{x},{y}" for x, y in segment) for segment in segments]})
    y_ticks = []
    tick = low
    while tick <= high + step / 1000:
        y_ticks.append({"y": _y(tick, low, high, box), "label": _label(tick)})
        tick += step
    return {
        "width": width, "height": height, "box": box,
        "x_ticks": [{"x": x, "label": str(label)} for x, label in zip(xs, categories)],
        "y_ticks": y_ticks, "lines": drawn,
        "references": [{"label": r.label, "css": r.css, "y": _y(r.value, low, high, box), "value": r.value}
                       for r in references],
        "label_y": box.bottom + 18,
    }


def bar_chart(*, categories, stacks, width=WIDTH, height=HEIGHT):
    """Geometry of a stacked bar chart: one bar per category, one rectangle per non-zero count, bottom up
    in the order of `stacks`."""
    box = Box(width=width, height=height)
    totals = [sum(stack.counts[i] for stack in stacks) for i in range(len(categories))]
    low, high, step = axis(0, max(max(totals, default=0), 1))
    step = max(1, step)  # counts: whole numbers only
    high = max(high, step)
    xs, band = _x_positions(len(categories), box)
    bar_width = _round(min(band * 0.6, 48))
    bars = []
    for i, x in enumerate(xs):
        base = 0
        for stack in stacks:
            count = stack.counts[i]
            if count:
                top, bottom = _y(base + count, low, high, box), _y(base, low, high, box)
                bars.append({"x": _round(x - bar_width / 2), "y": top, "width": bar_width,
                             "height": _round(bottom - top), "css": stack.css, "count": count, "label": stack.label})
            base += count
    y_ticks = []
    tick = low
    while tick <= high + step / 1000:
        y_ticks.append({"y": _y(tick, low, high, box), "label": _label(tick)})
        tick += step
    return {"width": width, "height": height, "box": box,
            "x_ticks": [{"x": x, "label": str(label)} for x, label in zip(xs, categories)],
            "y_ticks": y_ticks, "bars": bars, "legend": [{"label": s.label, "css": s.css} for s in stacks],
            "label_y": box.bottom + 18}


def _label(value):
    return str(int(value)) if float(value).is_integer() else f"{value:g}"
