"""Dates in one format per language on every page, e-mail and PDF (issue 14).

The formats are Django's own format settings, per language (FORMAT_MODULE_PATH = "clinic.formats"):
Norwegian 15.03.1985 and 15.03.1985 14:05; English 15 Mar 1985 and 15 Mar 1985 14:05 (the month
in letters: never read the wrong way round by a British or an American reader). A day without its
year is 15.03 / 15 Mar. Machine formats stay ISO: the values of date inputs, URLs, CSV, iCal, JSON.

`day`, `day_time` and `day_month` write a date (or an ISO date string from an intake document) in
the current language; they are template filters on every page too (TEMPLATES "builtins").
"""

from datetime import date, datetime

from django import template
from django.utils import timezone
from django.utils.formats import date_format

register = template.Library()


def _local(value):
    """An aware datetime in the clinic's time zone; anything else as it is."""
    return timezone.localtime(value) if isinstance(value, datetime) and timezone.is_aware(value) else value


def _as_date(value):
    if isinstance(value, str):
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    if isinstance(value, datetime):
        return _local(value).date()
    return value if isinstance(value, date) else None


def _weekday(value, weekday):
    """"man " / "Mon " before a date when `weekday` is "D", "mandag " / "Monday " when it is "l"."""
    return f"{date_format(value, weekday)} " if weekday in ("D", "l") else ""


@register.filter
def day(value, weekday=""):
    """15.03.1985 / 15 Mar 1985: a date, a datetime (its local day) or an ISO date string; anything
    else is shown as it is ("" for None). `weekday` "D" or "l" puts the day of the week before it."""
    as_date = _as_date(value)
    if as_date is None:
        return "" if value is None else value
    return _weekday(as_date, weekday) + date_format(as_date, "SHORT_DATE_FORMAT")


@register.filter
def day_time(value, weekday=""):
    """15.03.2026 14:05 / 15 Mar 2026 14:05, in the clinic's time zone (`weekday` as for `day`)."""
    if not isinstance(value, datetime):
        return day(value, weekday)
    value = _local(value)
    return _weekday(value, weekday) + date_format(value, "SHORT_DATETIME_FORMAT")


@register.filter
def day_month(value, weekday=""):
    """15.03 / 15 Mar: a day without its year (`weekday` as for `day`)."""
    if not value:
        return ""
    value = _local(value)
    return _weekday(value, weekday) + date_format(value, "MONTH_DAY_FORMAT")


@register.filter
def day_month_time(value, weekday=""):
    """15.03 14:05 / 15 Mar 14:05: a time on a day without its year (`weekday` as for `day`)."""
    return f"{day_month(value, weekday)} {date_format(_local(value), 'H:i')}" if value else ""
