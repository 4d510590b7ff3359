"""Horizontal bar charts of the outcomes page as server-rendered SVG (no inline style, no script: the
Content Security Policy holds, and the PDF/print gets them as they are). Decorative for screen readers
(aria-hidden): the same numbers are in the table beside each chart. A hidden group ("< 5") gets no bar,
only its label."""

from django import template
from django.utils.html import format_html, format_html_join

register = template.Library()

LABEL_WIDTH, BAR_WIDTH, ROW_HEIGHT, BAR_HEIGHT, VALUE_WIDTH = 200, 220, 26, 16, 60
LABEL_CHARS = 28  # what fits in LABEL_WIDTH at the chart's font size; the table beside has the whole label


def _fitted(label):
    """The label, shortened after a whole word with an ellipsis when longer than fits (a right-aligned text that
    does not fit is cut at its start, which leaves a label that reads wrong)."""
    label = str(label)
    if len(label) <= LABEL_CHARS:
        return label
    return label[:LABEL_CHARS].rsplit(" ", 1)[0].rstrip(" ,") + "…"  # at a word's end


def _chart(bars, *, maximum, suffix=""):
    """bars: [(label, Cell)]; one row each, the bar's length proportional to the value over `maximum`."""
    width = LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH
    height = max(1, len(bars)) * ROW_HEIGHT
    rows = []
    for index, (label, cell) in enumerate(bars):
        y = index * ROW_HEIGHT
        shown = not cell.hidden and cell.value is not None
        length = round(BAR_WIDTH * min(cell.value, maximum) / maximum, 1) if shown and maximum else 0
        rows.append((
            y + BAR_HEIGHT - 3, LABEL_WIDTH - 6, _fitted(label),
            LABEL_WIDTH, y + (ROW_HEIGHT - BAR_HEIGHT) // 2, length, BAR_HEIGHT,
            LABEL_WIDTH + length + 6, f"{cell}{suffix if shown else ''}",
            "chart-bar" if shown else "chart-bar chart-bar-hidden",
        ))
    body = format_html_join(
        "",
        '<text class="chart-label" x="{1}" y="{0}" text-anchor="end">{2}</text>'
        '<rect class="{9}" x="{3}" y="{4}" width="{5}" height="{6}"></rect>'
        '<text class="chart-value" x="{7}" y="{0}">{8}</text>',
        rows,
    )
    return format_html(
        '<svg class="outcome-chart" width="{w}" height="{h}" viewBox="0 0 {w} {h}" role="img" aria-hidden="true" '
        'focusable="false">{body}</svg>', w=width, h=height, body=body)


@register.simple_tag
def rate_chart(rows, key):
    """Bars of a rate in percent (0–100) for each row's `key` cell."""
    return _chart([(row["label"], row[key]) for row in rows], maximum=100, suffix=" %")


@register.simple_tag
def count_chart(rows, key, maximum):
    """Bars of a count for each row's `key` cell, scaled to `maximum`."""
    return _chart([(row["label"], row[key]) for row in rows], maximum=maximum or 1)
