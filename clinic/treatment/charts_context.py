"""The course page's charts (clinic/treatment/charts.py geometry) from the course selector's data."""

from django.utils.translation import gettext as _

from . import charts
from .models import SideEffect

SEVERITY_CSS = {SideEffect.Severity.MILD: "severity-mild", SideEffect.Severity.MODERATE: "severity-moderate",
                SideEffect.Severity.SEVERE: "severity-severe"}


def _value(reading, attribute):
    return getattr(reading, attribute) if reading is not None else None


def course_charts(data):
    infusions = data["infusions"]
    categories = [str(row["number"]) for row in infusions]
    limits = data["limits"]
    moments = (("before", _("Before"), "series-0"), ("peak", _("Highest during"), "series-1"),
               ("after", _("At discharge"), "series-2"))
    systolic = charts.line_chart(
        categories=categories,
        lines=[charts.Line(label, [_value(row[key], "systolic") for row in infusions], css) for key, label, css in moments],
        references=[charts.Reference(_("Limit during"), limits.during_systolic_above)],
        y_min=100, y_max=limits.during_systolic_above)
    diastolic = charts.line_chart(
        categories=categories,
        lines=[charts.Line(label, [_value(row[key], "diastolic") for row in infusions], css) for key, label, css in moments],
        references=[charts.Reference(_("Limit during"), limits.during_diastolic_above)],
        y_min=50, y_max=limits.during_diastolic_above)
    effects = charts.bar_chart(categories=categories, stacks=[
        charts.Stack(label, [sum(1 for e in row["side_effects"] if e.severity == value) for row in infusions],
                     SEVERITY_CSS[value])
        for value, label in SideEffect.Severity.choices])
    scores = data["scores"]
    score_chart = None
    if scores:
        dates = sorted({point["date"] for point in scores})
        instruments = list(dict.fromkeys(point["instrument"] for point in scores))
        by_key = {(point["date"], point["instrument"]): point["total"] for point in scores}
        score_chart = charts.line_chart(
            categories=[date.strftime("%d.%m.%y") for date in dates],
            lines=[charts.Line(label, [by_key.get((date, label)) for date in dates], f"series-{i}")
                   for i, label in enumerate(instruments)], y_min=0)
    return {"systolic_chart": systolic, "diastolic_chart": diastolic, "side_effect_chart": effects,
            "score_chart": score_chart}
