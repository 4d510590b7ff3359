"""The spacing rule itself (clinic/scheduling/spacing.py), at its edges: at least 48 elapsed hours
between infusions, at most 2 in any 7 days counted both in elapsed hours and in local dates."""

from datetime import date

from clinic.scheduling.spacing import spacing_problems

from .conftest import at

MONDAY = date(2030, 3, 4)  # no daylight-saving change that week or the next
WEDNESDAY = date(2030, 3, 6)
FRIDAY = date(2030, 3, 8)
SUNDAY = date(2030, 3, 10)
NEXT_MONDAY = date(2030, 3, 11)


def gap(problems):
    """True when the only problem is the minimum gap."""
    return len(problems) == 1 and problems[0].startswith("infusions must be at least")


def weekly(problems):
    """True when the only problem is the weekly maximum."""
    return len(problems) == 1 and problems[0].startswith("at most")


def test_exactly_48_hours_apart_is_fine():
    assert spacing_problems([at(WEDNESDAY, 9)], existing=[at(MONDAY, 9)]) == []


def test_47_hours_59_minutes_apart_is_too_close():
    (problem,) = spacing_problems([at(WEDNESDAY, 8, 59)], existing=[at(MONDAY, 9)])
    assert problem == "infusions must be at least 48 hours apart (Mon 4 Mar 2030 09:00 and Wed 6 Mar 2030 08:59)"


def test_a_list_of_starts_is_checked_among_itself_in_any_order():
    assert spacing_problems([at(WEDNESDAY, 9), at(MONDAY, 9)]) == []
    assert gap(spacing_problems([at(WEDNESDAY, 9), at(MONDAY, 10)]))


def test_a_third_infusion_exactly_7_days_after_the_first_is_fine():
    assert spacing_problems([at(NEXT_MONDAY, 9)], existing=[at(MONDAY, 9), at(WEDNESDAY, 9)]) == []


def test_a_third_infusion_6_days_23_hours_after_the_first_is_refused():
    (problem,) = spacing_problems([at(NEXT_MONDAY, 8)], existing=[at(MONDAY, 9), at(WEDNESDAY, 9)])
    assert problem == "at most 2 infusions in any 7 days (Mon 4 Mar 2030 09:00 to Mon 11 Mar 2030 08:00)"


def test_monday_afternoon_wednesday_and_next_monday_morning_is_refused():
    assert weekly(spacing_problems([at(NEXT_MONDAY, 8)], existing=[at(MONDAY, 15), at(WEDNESDAY, 15)]))


def test_a_third_infusion_7_days_later_by_the_calendar_but_167_hours_across_the_spring_change_is_refused():
    # Clocks go forward on Sunday 31 March 2030: Monday 09:00 to the next Monday 09:00 is 167 hours.
    existing = [at(date(2030, 3, 25), 9), at(date(2030, 3, 27), 9)]
    assert weekly(spacing_problems([at(date(2030, 4, 1), 9)], existing=existing))
    assert spacing_problems([at(date(2030, 4, 1), 10)], existing=existing) == []


def test_a_third_infusion_168_hours_later_but_on_the_sixth_date_across_the_autumn_change_is_refused():
    # Clocks go back on Sunday 27 October 2030: Monday 00:30 to Sunday 23:45 is 7 days 15 minutes.
    existing = [at(date(2030, 10, 21), 0, 30), at(date(2030, 10, 23), 9)]
    assert weekly(spacing_problems([at(date(2030, 10, 27), 23, 45)], existing=existing))


def test_the_gap_is_measured_in_elapsed_hours_across_both_changes():
    # Spring: Saturday 09:00 to Monday 09:00 is 47 hours, to Monday 10:00 is 48.
    assert gap(spacing_problems([at(date(2030, 4, 1), 9)], existing=[at(date(2030, 3, 30), 9)]))
    assert spacing_problems([at(date(2030, 4, 1), 10)], existing=[at(date(2030, 3, 30), 9)]) == []
    # Autumn: Saturday 09:00 to Monday 08:00 is 48 hours, Saturday 10:00 to Monday 08:00 is 47.
    assert spacing_problems([at(date(2030, 10, 28), 8)], existing=[at(date(2030, 10, 26), 9)]) == []
    assert gap(spacing_problems([at(date(2030, 10, 28), 8)], existing=[at(date(2030, 10, 26), 10)]))


def test_only_problems_with_the_new_infusions_are_reported():
    too_close_already = [at(MONDAY, 9), at(MONDAY.replace(day=5), 9)]
    assert spacing_problems([at(date(2030, 3, 20), 9)], existing=too_close_already) == []


def test_one_a_week_is_a_setting(settings):
    settings.SCHEDULING_SERIES_PER_WEEK = 1
    (problem,) = spacing_problems([at(WEDNESDAY, 9)], existing=[at(MONDAY, 9)])
    assert problem == "at most 1 infusion in any 7 days (Mon 4 Mar 2030 09:00 to Wed 6 Mar 2030 09:00)"
    assert spacing_problems([at(NEXT_MONDAY, 9)], existing=[at(MONDAY, 9)]) == []


def test_three_a_week_is_a_setting(settings):
    settings.SCHEDULING_SERIES_PER_WEEK = 3
    assert spacing_problems([at(FRIDAY, 9)], existing=[at(MONDAY, 9), at(WEDNESDAY, 9)]) == []
    assert spacing_problems([at(NEXT_MONDAY, 9)], existing=[at(MONDAY, 9), at(WEDNESDAY, 9), at(FRIDAY, 9)]) == []
    assert weekly(spacing_problems([at(SUNDAY, 9)], existing=[at(MONDAY, 9), at(WEDNESDAY, 9), at(FRIDAY, 9)]))


def test_the_minimum_gap_is_a_setting(settings):
    settings.SCHEDULING_SERIES_MIN_GAP_HOURS = 72
    assert gap(spacing_problems([at(WEDNESDAY, 9)], existing=[at(MONDAY, 9)]))
    assert spacing_problems([at(date(2030, 3, 7), 9)], existing=[at(MONDAY, 9)]) == []
