"""The safety rules (clinic/treatment/safety.py) at every threshold."""

import pytest

from clinic.treatment.safety import (DischargeFacts, Limits, Reading, StartFacts, discharge_problems, high_during,
                                     reading_problems, start_allowed, start_stops)

LIMITS = Limits()  # 180/100 before, 180/110 during, 160/100 at discharge


def ready(before, flags=()):
    return StartFacts(before=before, dose_recorded=True, dose_checked=True, absolute_flags=flags)


@pytest.mark.parametrize("systolic, diastolic, stopped", [
    (180, 100, False), (181, 100, True), (180, 101, True), (120, 60, False), (300, 199, True),
])
def test_blood_pressure_before_stops_strictly_above_180_over_100(systolic, diastolic, stopped):
    stops = start_stops(ready(Reading(systolic, diastolic)), LIMITS)
    assert ("bp_above_start_limit" in stops) is stopped


def test_an_unresolved_absolute_flag_stops_the_start():
    assert start_stops(ready(Reading(120, 70), flags=("ABS-HTN-UNCONTROLLED",)), LIMITS) == ["absolute_flag"]
    assert start_stops(ready(Reading(120, 70)), LIMITS) == []


def test_without_dose_check_or_reading_there_is_nothing_to_override():
    facts = StartFacts(before=None, dose_recorded=False, dose_checked=False)
    assert start_stops(facts, LIMITS) == ["no_dose", "no_reading_before"]
    facts = StartFacts(before=Reading(120, 70), dose_recorded=True, dose_checked=False)
    stops = start_stops(facts, LIMITS)
    assert stops == ["dose_not_checked"] and not start_allowed(stops, overridden={"dose_not_checked"})


def test_the_start_is_allowed_when_every_stop_is_overridable_and_overridden():
    stops = start_stops(ready(Reading(190, 90), flags=("X",)), LIMITS)
    assert stops == ["bp_above_start_limit", "absolute_flag"]
    assert not start_allowed(stops)
    assert not start_allowed(stops, overridden={"bp_above_start_limit"})
    assert start_allowed(stops, overridden={"bp_above_start_limit", "absolute_flag"})
    assert start_allowed([])


@pytest.mark.parametrize("systolic, diastolic, high", [
    (180, 110, False), (181, 110, True), (180, 111, True), (150, 95, False),
])
def test_during_the_infusion_high_is_strictly_above_180_over_110(systolic, diastolic, high):
    assert high_during(Reading(systolic, diastolic), LIMITS) is high


def after(reading, **kwargs):
    if reading is not None and reading.spo2 is None:
        reading = Reading(reading.systolic, reading.diastolic, 98)
    facts = {"last": reading, "transport_confirmed": True, "unnoted_readings": 0, "finished": True,
             "minutes_since_finish": 45, **kwargs}
    return discharge_problems(DischargeFacts(**facts), LIMITS)


@pytest.mark.parametrize("systolic, diastolic, back", [
    (160, 100, True), (161, 100, False), (160, 101, False), (130, 80, True),
])
def test_discharge_needs_the_last_reading_at_or_below_160_over_100(systolic, diastolic, back):
    assert (after(Reading(systolic, diastolic)) == []) is back


def test_discharge_needs_transport_every_note_a_reading_after_and_the_end():
    assert after(Reading(120, 80), transport_confirmed=False) == ["transport_not_confirmed"]
    assert after(Reading(120, 80), unnoted_readings=1) == ["reading_without_note"]
    assert after(None) == ["no_reading_after"]
    assert after(None, finished=False) == ["not_finished"]


@pytest.mark.parametrize("values, problems", [
    ((50, 20, 20, 50), {}), ((300, 200, 250, 100), {}),
    ((49, 30), {"systolic": "systolic_range"}), ((301, 30), {"systolic": "systolic_range"}),
    ((120, 19), {"diastolic": "diastolic_range"}), ((250, 201), {"diastolic": "diastolic_range"}),
    ((120, 120), {"diastolic": "diastolic_not_below_systolic"}),
    ((120, 80, 19), {"pulse": "pulse_range"}), ((120, 80, 251), {"pulse": "pulse_range"}),
    ((120, 80, 70, 49), {"spo2": "spo2_range"}), ((120, 80, 70, 101), {"spo2": "spo2_range"}),
])
def test_readings_that_cannot_be_real_are_refused_by_field(values, problems):
    assert reading_problems(*values) == problems


# --- review item 11: lower limits, oxygen saturation, observation time; item 4: holds; age of the reading

@pytest.mark.parametrize("systolic, diastolic, low", [(90, 60, False), (89, 70, True), (120, 59, True), (70, 40, True)])
def test_discharge_needs_the_last_reading_at_or_above_90_over_60(systolic, diastolic, low):
    assert ("bp_too_low" in after(Reading(systolic, diastolic))) is low


@pytest.mark.parametrize("spo2, problem", [(94, None), (93, "spo2_too_low"), (None, "no_spo2_after")])
def test_discharge_needs_an_oxygen_saturation_of_at_least_94(spo2, problem):
    facts = DischargeFacts(last=Reading(120, 80, spo2), transport_confirmed=True, unnoted_readings=0, finished=True,
                           minutes_since_finish=45)
    assert discharge_problems(facts, LIMITS) == ([problem] if problem else [])


@pytest.mark.parametrize("minutes, short", [(29.9, True), (30, False), (0, True)])
def test_discharge_waits_30_minutes_after_the_end_of_the_infusion(minutes, short):
    assert ("observation_too_short" in after(Reading(120, 80), minutes_since_finish=minutes)) is short


@pytest.mark.parametrize("age, old", [(30, False), (30.5, True)])
def test_the_reading_before_must_be_at_most_30_minutes_old(age, old):
    facts = StartFacts(before=Reading(120, 70), dose_recorded=True, dose_checked=True, before_age_minutes=age)
    assert start_stops(facts, LIMITS) == (["reading_before_too_old"] if old else [])


def test_a_rescreening_hold_a_no_longer_approved_intake_and_an_urgent_flag_stop_the_start():
    facts = StartFacts(before=Reading(120, 70), dose_recorded=True, dose_checked=True, rescreen_hold=True,
                       intake_approved=False, urgent_flags=("URG-X",))
    stops = start_stops(facts, LIMITS)
    assert stops == ["intake_not_approved", "rescreen_hold", "urgent_flag"]
    assert not start_allowed(stops, overridden={"urgent_flag"})
    assert start_allowed(["urgent_flag"], overridden={"urgent_flag"})
