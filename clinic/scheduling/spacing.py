"""How close together one patient's infusions may be. The planner, booking (single and series) and
rescheduling all ask `spacing_problems`, so the rules are the same everywhere.

The rules hold per patient, over all of the patient's active infusions (booked or attended, in a
series or booked singly):

A booster is an infusion too: the rules count it with the others.

- The minimum gap (SCHEDULING_SERIES_MIN_GAP_HOURS, 48): the starts of any two infusions are at
  least that many hours apart in elapsed time, so across a daylight-saving change 48 hours on the
  clock (47 or 49 real hours) does not count as 48.
- The weekly maximum (SCHEDULING_SERIES_PER_WEEK, N = 2): at most N infusions in any 7 consecutive
  days. "7 days" can be read as 7×24 elapsed hours or as 7 calendar dates in Oslo; we apply both,
  the clinically safer union: counted from any infusion, the (N+1)-th must be at least 7×24 hours
  later AND on a local date at least 7 days later. So Mon 15:00, Wed 15:00 and the next Mon 08:00
  is refused (7 dates, but less than 168 hours), and no daylight-saving change lets a third one in
  (across the spring change Mon 09:00 to the next Mon 09:00 is only 167 hours).

Python subtracts aware datetimes that share a tzinfo in wall-clock time, so every difference here
is taken in UTC. `spacing_problems` is pure (no database); `patient_spacing_problems` loads the
patient's other infusions and calls it.
"""

from datetime import timedelta, timezone as dt_timezone

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import conf
from .availability import local, when
from .models import Appointment, AppointmentType

WEEK = timedelta(days=7)


def utc(value):
    return value.astimezone(dt_timezone.utc)


def spacing_problems(starts, *, existing=()):
    """What is wrong with infusions starting at `starts` (aware datetimes), next to the patient's
    `existing` infusions, as translated messages; [] when the spacing is fine.

    Only problems involving at least one of `starts` are reported (a new booking is not refused for
    an older one that broke the rules), and of each kind only the earliest."""
    min_gap = timedelta(hours=conf.series_min_gap_hours())
    per_week = conf.series_per_week()
    # (instant, is one of `starts`), in time order
    timeline = sorted([(utc(s), True) for s in starts] + [(utc(s), False) for s in existing])
    problems = []
    for (first, first_new), (second, second_new) in zip(timeline, timeline[1:]):
        if (first_new or second_new) and second - first < min_gap:
            problems.append(_("infusions must be at least %(hours)s hours apart (%(first)s and %(second)s)")
                            % {"hours": conf.series_min_gap_hours(), "first": when(first), "second": when(second)})
            break
    for index in range(len(timeline) - per_week):
        run = timeline[index:index + per_week + 1]
        first, last = run[0][0], run[-1][0]
        too_close = last - first < WEEK or (local(last).date() - local(first).date()).days < WEEK.days
        if too_close and any(new for _instant, new in run):
            problems.append(ngettext("at most %(count)s infusion in any 7 days (%(first)s to %(last)s)",
                                     "at most %(count)s infusions in any 7 days (%(first)s to %(last)s)", per_week)
                            % {"count": per_week, "first": when(first), "last": when(last)})
            break
    return problems


def infusion_starts(intake, *, exclude=None):
    """The starts of the patient's active infusions (booked or attended), except `exclude`."""
    infusions = Appointment.objects.filter(intake=intake, type__code__in=AppointmentType.INFUSIONS,
                                           status__in=[Appointment.Status.BOOKED, Appointment.Status.ATTENDED])
    if exclude is not None:
        infusions = infusions.exclude(pk=exclude.pk)
    return list(infusions.values_list("start", flat=True))


def patient_spacing_problems(intake, starts, *, exclude=None):
    """`spacing_problems` for new `starts` of this patient's infusions (moving `exclude`, if given)."""
    return spacing_problems(starts, existing=infusion_starts(intake, exclude=exclude))
