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
    moments = [("before", _("Before"), "series-0"), ("peak", _("Highest during"), "series-1"),
               ("after", _("At discharge"), "series-2")]
    # The lowest during and the minimum are drawn only for a course with a reading below it (else they crowd).
    low = any(row["low"] for row in infusions)
    if low:
        moments.insert(2, ("lowest", _("Lowest during"), "series-3"))

    def chart(number, above, minimum, y_min):
        references = [charts.Reference(_("Limit during"), above)]
        if low:
            references.append(charts.Reference(_("Minimum during"), minimum))
        return charts.line_chart(
            categories=categories, references=references, y_min=min(y_min, minimum) if low else y_min, y_max=above,
            lines=[charts.Line(label, [_value(row[key], number) for row in infusions], css) for key, label, css in moments])

    systolic = chart("systolic", limits.during_systolic_above, limits.during_systolic_min, 100)
    diastolic = chart("diastolic", limits.during_diastolic_above, limits.during_diastolic_min, 50)
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
