"""Small helpers for the case page and its PDF: score bars (server-rendered SVG, no inline style, so the
Content Security Policy holds), what to check first, and when a patient's free text is long."""

from django import template
from django.utils.html import format_html, format_html_join

from screening import instruments

register = template.Library()

# instrument key: (highest possible score, bands as in screening.instruments)
SCALES = {
    "phq9": (27, instruments.PHQ9_BANDS),
    "gad7": (21, instruments.GAD7_BANDS),
    "pcl5": (80, instruments.PCL5_BANDS),
    "auditc": (12, ()),
}
# The band's place from mild to severe picks the bar's colour class (score-bar-0 … score-bar-3).
SEVERITY = {"minimal": 0, "below_threshold": 0, "mild": 1, "moderate": 2, "moderately_severe": 3, "severe": 3,
            "probable_ptsd": 3}
WIDTH, HEIGHT = 120, 10

FREE_TEXT_LINES = 3  # longer free text is shown clamped to this many lines, with "Show all"
FREE_TEXT_CHARS = 240


@register.simple_tag
def score_bar(key, score):
    """An SVG bar for an instrument score: filled up to the score, with a tick at each band's upper bound.
    Empty for a score that was not computed or an instrument without a scale. Decorative (aria-hidden): the
    number and band are written beside it."""
    if score is None or key not in SCALES:
        return ""
    maximum, bands = SCALES[key]
    score = max(0, min(score, maximum))
    filled = round(WIDTH * score / maximum, 1)
    severity = SEVERITY.get(instruments.band(score, bands), 0) if bands else 0
    ticks = format_html_join("", '<line class="score-bar-tick" x1="{0}" x2="{0}" y1="0" y2="{1}"></line>',
                             ((round(WIDTH * upper / maximum, 1), HEIGHT) for upper, _ in bands[:-1]))
    return format_html(
        '<svg class="score-bar" width="{w}" height="{h}" viewBox="0 0 {w} {h}" preserveAspectRatio="none" aria-hidden="true" focusable="false">'
        '<rect class="score-bar-track" x="0" y="0" width="{w}" height="{h}"></rect>'
        '<rect class="score-bar-fill score-bar-{s}" x="0" y="0" width="{f}" height="{h}"></rect>{t}</svg>',
        w=WIDTH, h=HEIGHT, f=filled, s=severity, t=ticks,
    )


@register.simple_tag
def score_max(key):
    """The highest possible score of an instrument (for "15 of 27"), or None."""
    return SCALES[key][0] if key in SCALES else None


@register.filter
def check_first(flag_groups):
    """The flags of the most severe level present (flag_groups is sorted by level): what to read first."""
    return flag_groups[0]["flags"] if flag_groups else []


@register.filter
def flag_counts(flag_groups):
    """(number of flags, number reviewed on this screening result)."""
    flags = [flag for group in flag_groups for flag in group["flags"]]
    return {"total": len(flags), "reviewed": sum(1 for flag in flags if flag.get("review"))}


@register.filter
def is_long_text(text):
    """True when free text is longer than a few lines: the page clamps it and offers "Show all"."""
    text = str(text or "")
    return len(text) > FREE_TEXT_CHARS or text.count("\n") >= FREE_TEXT_LINES
