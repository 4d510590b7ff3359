"""Dates in one format per language (clinic/formats, issue 14): 15.03.1985 in Norwegian, 15 Mar 1985 in
English, on pages, in e-mails and in the PDF; a date from an intake document (ISO) is read too."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import translation

from clinic.formats import day, day_month, day_month_time, day_time

UTC_NOON = datetime(2026, 3, 15, 12, 5, tzinfo=ZoneInfo("UTC"))  # 13:05 in Oslo


@pytest.mark.parametrize("language, dates", [
    ("nb", ("15.03.1985", "15.03.1985", "15.03.2026 13:05", "søn 15.03.2026 13:05", "15.03", "15.03 13:05",
            "søndag 15.03.2026")),
    ("en", ("15 Mar 1985", "15 Mar 1985", "15 Mar 2026 13:05", "Sun 15 Mar 2026 13:05", "15 Mar", "15 Mar 13:05",
            "Sunday 15 Mar 2026")),
])
def test_each_language_has_one_date_format(language, dates):
    with translation.override(language):
        assert (day(date(1985, 3, 15)), day("1985-03-15"), day_time(UTC_NOON), day_time(UTC_NOON, "D"),
                day_month(UTC_NOON), day_month_time(UTC_NOON), day(UTC_NOON, "l")) == dates


def test_the_filters_are_on_every_template_and_leave_what_is_not_a_date_alone():
    with translation.override("en"):
        assert Template("{{ born|day }} · {{ when|day_time }}").render(
            Context({"born": "1985-03-15", "when": UTC_NOON})) == "15 Mar 1985 · 15 Mar 2026 13:05"
    assert day(None) == "" and day("not a date") == "not a date" and day_month(None) == ""


def test_django_formats_agree_for_a_date_printed_without_a_filter():
    with translation.override("en"):
        assert Template("{{ d }} {{ d|date }}").render(Context({"d": date(1985, 3, 15)})) == "15 Mar 1985 15 Mar 1985"
    with translation.override("nb"):
        assert Template("{{ d|date:'SHORT_DATE_FORMAT' }}").render(Context({"d": date(1985, 3, 15)})) == "15.03.1985"
