"""A reading or side effect entered in error (190/100 typed for 130/100, a side effect on the wrong patient) is
struck out with a reason while the record is open: a history row ("struck") pointing at it, never an edit,
at most once. From then on it counts nowhere: not for the start, the high-reading note, the discharge, the day
list or the course's charts, tables and PDF."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from clinic.demo_time import as_of
from clinic.treatment import charts_context, selectors, services
from clinic.treatment.models import InfusionEvent, InfusionRecord, SideEffect, VitalSign

from .conftest import full_infusion, infusion, patient, ready_to_start, series_of

pytestmark = pytest.mark.django_db

REASON = "Entered in error: wrong patient"


def strike(appointment, reading, actor, reason=REASON):
    return services.infusion_vital_strike(appointment=appointment, vital_id=reading.pk, reason=reason, actor=actor)


def add(appointment, actor, systolic, diastolic, **fields):
    return services.infusion_vital_add(appointment=appointment, systolic=systolic, diastolic=diastolic, actor=actor,
                                       **fields)


@pytest.fixture
def running(nurse, nurse2, today_infusion):
    ready_to_start(today_infusion, nurse, nurse2)
    services.infusion_start(appointment=today_infusion, actor=nurse)
    return today_infusion


def observed(appointment, minutes=31):
    """The infusion ended `minutes` ago (the discharge waits for the observation time)."""
    InfusionRecord.objects.filter(appointment=appointment).update(
        started_at=timezone.now() - timedelta(minutes=minutes + 40),
        finished_at=timezone.now() - timedelta(minutes=minutes))


# --- the strike itself --------------------------------------------------------------------------------------

def test_a_reading_is_struck_out_by_a_history_row_with_who_when_and_why(nurse, nurse2, running):
    wrong = add(running, nurse, 190, 100, pulse=80)
    before = timezone.now()
    row = strike(running, wrong, nurse2, reason="  Entered in error: 130/100 typed as 190/100  ")
    assert (row.action, row.vital, row.side_effect, row.actor) == ("struck", wrong, None, nurse2)
    assert row.reason == "Entered in error: 130/100 typed as 190/100"
    assert before <= row.created_at <= timezone.now()
    # The reading itself is unchanged and still there; it is no longer current.
    wrong.refresh_from_db()
    assert (wrong.systolic, wrong.diastolic, wrong.high) == (190, 100, True)
    assert wrong in running.infusion_record.vitals.all()
    assert wrong not in VitalSign.objects.current() and wrong not in running.infusion_record.vitals.current()
    assert running.infusion_record.vitals.current().count() == 1  # the reading before
    assert re.fullmatch(r"190/100 at \d\d:\d\d – Entered in error: 130/100 typed as 190/100", row.shown_reason)


def test_the_reason_is_required(nurse, running):
    wrong = add(running, nurse, 190, 100)
    with pytest.raises(ValidationError) as refused:
        strike(running, wrong, nurse, reason="   ")
    assert "reason" in refused.value.error_dict
    assert not InfusionEvent.objects.filter(action="struck").exists()
    assert wrong in VitalSign.objects.current()


def test_a_reading_is_struck_out_once(nurse, nurse2, running):
    wrong = add(running, nurse, 190, 100)
    strike(running, wrong, nurse)
    with pytest.raises(ValidationError, match="already been struck out"):
        strike(running, wrong, nurse2, reason="Again")
    # The database refuses a second strike too, whatever writes it.
    with pytest.raises(IntegrityError), transaction.atomic():
        InfusionEvent.objects.create(record=running.infusion_record, action="struck", vital=wrong, actor=nurse2)
    assert InfusionEvent.objects.filter(action="struck").count() == 1


def test_a_strike_names_one_reading_or_one_side_effect(nurse, running):
    reading = add(running, nurse, 190, 100)
    effect = services.infusion_side_effect_add(appointment=running, kind="nausea", severity="mild", actor=nurse)
    for fields in ({}, {"vital": reading, "side_effect": effect}):
        with pytest.raises(IntegrityError), transaction.atomic():
            InfusionEvent.objects.create(record=running.infusion_record, action="struck", actor=nurse, **fields)
    with pytest.raises(IntegrityError), transaction.atomic():  # a side effect is only ever named by a strike
        InfusionEvent.objects.create(record=running.infusion_record, action="note", side_effect=effect, actor=nurse)


def test_nothing_is_struck_out_after_the_discharge(nurse, nurse2, today_infusion):
    record = full_infusion(today_infusion, nurse, nurse2)
    reading, effect = record.vitals.last(), record.side_effects.get()
    with pytest.raises(ValidationError, match="discharged"):
        strike(today_infusion, reading, nurse)
    with pytest.raises(ValidationError, match="discharged"):
        services.infusion_side_effect_strike(appointment=today_infusion, side_effect_id=effect.pk, reason=REASON,
                                             actor=nurse)
    assert not InfusionEvent.objects.filter(action="struck").exists()


def test_another_days_record_is_not_changed(nurse, nurse2, intake):
    yesterday = infusion(intake, day=timezone.localdate() - timedelta(days=1))
    record = full_infusion(yesterday, nurse, nurse2)
    with pytest.raises(ValidationError, match="day of the infusion"):
        strike(yesterday, record.vitals.first(), nurse)


def test_a_reading_of_another_record_or_a_staff_member_is_refused(nurse, staff, running, clinician):
    other = infusion(patient(name="Ola Nordmann", clinician=clinician), minute=30)
    elsewhere = add(other, nurse, 150, 90)
    with pytest.raises(ValidationError, match="not part of this infusion record"):
        strike(running, elsewhere, nurse)
    with pytest.raises(ValidationError, match="nurse or a clinician"):
        strike(running, running.infusion_record.vitals.get(), staff)
    assert not InfusionEvent.objects.filter(action="struck").exists()


def test_a_side_effect_is_struck_out_like_a_reading(nurse, clinician, running):
    wrong = services.infusion_side_effect_add(appointment=running, kind="other", other="Rash", severity="severe",
                                              actor=nurse)
    kept = services.infusion_side_effect_add(appointment=running, kind="nausea", severity="mild", actor=nurse)
    row = services.infusion_side_effect_strike(appointment=running, side_effect_id=wrong.pk, reason=REASON,
                                               actor=clinician)
    assert (row.action, row.side_effect, row.vital, row.actor, row.reason) == ("struck", wrong, None, clinician, REASON)
    assert row.shown_reason == f"Rash (severe) – {REASON}"
    assert list(SideEffect.objects.current()) == [kept]
    assert list(running.infusion_record.side_effects.all()) == [wrong, kept]
    with pytest.raises(ValidationError, match="already been struck out"):
        services.infusion_side_effect_strike(appointment=running, side_effect_id=wrong.pk, reason="x", actor=nurse)
    with pytest.raises(ValidationError) as refused:
        services.infusion_side_effect_strike(appointment=running, side_effect_id=kept.pk, reason="", actor=nurse)
    assert "reason" in refused.value.error_dict


# --- the start -----------------------------------------------------------------------------------------------

def test_a_struck_reading_before_is_replaced_by_a_new_one_not_by_the_one_before_it(nurse, nurse2, today_infusion):
    ready_to_start(today_infusion, nurse, nurse2, systolic=130, diastolic=100)
    wrong = add(today_infusion, nurse, 190, 100)  # 130/100 typed as 190/100
    record = today_infusion.infusion_record
    assert selectors.start_state(record)["stops"] == ["bp_above_start_limit"]
    strike(today_infusion, wrong, nurse)
    # Striking the high reading does not start the infusion on the earlier one: a new reading is taken.
    state = selectors.start_state(record)
    assert (state["stops"], state["allowed"]) == (["reading_before_struck"], False)
    assert (state["before"].systolic, state["before"].diastolic) == (130, 100)
    with pytest.raises(ValidationError, match="struck out: take a new reading"):
        services.infusion_start(appointment=today_infusion, actor=nurse)
    add(today_infusion, nurse, 132, 98)
    assert selectors.start_state(record)["allowed"] is True
    services.infusion_start(appointment=today_infusion, actor=nurse)


def test_no_clinician_can_override_a_struck_reading_before(nurse, nurse2, clinician, today_infusion):
    ready_to_start(today_infusion, nurse, nurse2)
    strike(today_infusion, add(today_infusion, nurse, 190, 100), nurse)
    with pytest.raises(ValidationError):
        services.infusion_override(appointment=today_infusion, actor=clinician, reason="Go ahead.",
                                   password_confirmed=True)
    assert not selectors.start_state(today_infusion.infusion_record)["allowed"]


def test_striking_the_only_reading_before_leaves_none(nurse, nurse2, today_infusion):
    ready_to_start(today_infusion, nurse, nurse2)
    strike(today_infusion, today_infusion.infusion_record.vitals.get(), nurse)
    with pytest.raises(ValidationError, match="Record a blood pressure before the start"):
        services.infusion_start(appointment=today_infusion, actor=nurse)


def test_an_override_for_a_struck_reading_does_not_carry_over_to_the_new_one(nurse, nurse2, clinician, today_infusion):
    ready_to_start(today_infusion, nurse, nurse2, systolic=185, diastolic=95)  # really high
    wrong = add(today_infusion, nurse, 195, 100)
    # An override made for the reading later struck out does not carry over to the next one.
    services.infusion_override(appointment=today_infusion, actor=clinician, reason="Re-measured.",
                               password_confirmed=True)
    strike(today_infusion, wrong, nurse)
    add(today_infusion, nurse, 186, 96)  # still high
    state = selectors.start_state(today_infusion.infusion_record)
    assert state["stops"] == ["bp_above_start_limit"] and state["overridden"] == set() and not state["allowed"]
    with pytest.raises(ValidationError, match="180/100"):
        services.infusion_start(appointment=today_infusion, actor=nurse)


# --- during and the discharge ------------------------------------------------------------------------------

def test_striking_a_high_reading_removes_the_note_it_asked_for(client, nurse, running):
    wrong = add(running, nurse, 200, 100)
    record = running.infusion_record
    assert selectors.record_page(running)["readings_need_note"] == [wrong]
    assert selectors.day_list(timezone.localdate())[0].record_status == selectors.NEEDS_NOTE
    strike(running, wrong, nurse)
    page = selectors.record_page(running)
    assert page["readings_need_note"] == [] and page["status"] == selectors.RUNNING
    assert page["vitals"][-1].struck.reason == REASON
    assert selectors.day_list(timezone.localdate())[0].record_status == selectors.RUNNING
    assert selectors.discharge_state(record)["unnoted_readings"] == 0
    with pytest.raises(ValidationError, match="not a high or low reading"):
        services.infusion_note_add(appointment=running, vital_id=wrong.pk, text="x", actor=nurse)


def test_a_struck_reading_after_is_replaced_by_a_new_one_for_the_discharge(nurse, running):
    services.infusion_finish(appointment=running, actor=nurse)
    observed(running)
    add(running, nurse, 135, 82, spo2=98)
    wrong = add(running, nurse, 190, 100, spo2=98)
    services.infusion_transport_confirm(appointment=running, transport="taxi", actor=nurse)
    with pytest.raises(ValidationError, match="160/100"):
        services.infusion_discharge(appointment=running, actor=nurse)
    strike(running, wrong, nurse)
    state = selectors.discharge_state(running.infusion_record)
    # Not the reading before it: a new reading decides the discharge.
    assert (state["problems"], state["last_after"].systolic) == (["reading_after_struck"], 135)
    with pytest.raises(ValidationError, match="struck out: take a new reading"):
        services.infusion_discharge(appointment=running, actor=nurse)
    add(running, nurse, 134, 80, spo2=98)
    assert services.infusion_discharge(appointment=running, actor=nurse).discharged_by == nurse


def test_a_reading_is_due_counting_only_readings_not_struck_out(nurse, running):
    InfusionRecord.objects.filter(appointment=running).update(started_at=timezone.now() - timedelta(minutes=30))
    add(running, nurse, 140, 80, measured_at=timezone.now() - timedelta(minutes=20))
    fresh = add(running, nurse, 150, 90)
    assert selectors.record_page(running)["reading_overdue"] is False
    strike(running, fresh, nurse)
    assert selectors.record_page(running)["reading_overdue"] is True


# --- the course --------------------------------------------------------------------------------------------

@pytest.fixture
def course_with_struck_rows(intake, nurse, nurse2):
    """One infusion today with a struck reading in each phase and a struck side effect."""
    series, [appointment], _evaluation = series_of(intake, 1)

    def at(minutes):
        return as_of(appointment.start + timedelta(minutes=minutes))

    with at(5):
        ready_to_start(appointment, nurse, nurse2, systolic=140, diastolic=85)
    with at(6):
        strike(appointment, add(appointment, nurse, 178, 99), nurse)
    with at(7):
        add(appointment, nurse, 140, 85)  # a new reading replaces the struck one
    with at(10):
        services.infusion_start(appointment=appointment, actor=nurse)
    with at(25):
        add(appointment, nurse, 150, 90)
    with at(30):
        strike(appointment, add(appointment, nurse, 195, 112), nurse)
        services.infusion_side_effect_add(appointment=appointment, kind="nausea", severity="mild", actor=nurse)
        headache = services.infusion_side_effect_add(appointment=appointment, kind="headache", severity="severe",
                                                     actor=nurse)
        services.infusion_side_effect_strike(appointment=appointment, side_effect_id=headache.pk, reason=REASON,
                                             actor=nurse)
    with at(50):
        services.infusion_finish(appointment=appointment, actor=nurse)
    with at(85):
        add(appointment, nurse, 135, 82, spo2=98)
        strike(appointment, add(appointment, nurse, 158, 99, spo2=97), nurse)
        add(appointment, nurse, 135, 82, spo2=98)
        services.infusion_transport_confirm(appointment=appointment, transport="escort", actor=nurse)
        services.infusion_discharge(appointment=appointment, actor=nurse)
    return series


def test_the_course_charts_and_tables_leave_struck_rows_out(course_with_struck_rows):
    data = selectors.course(course_with_struck_rows)
    [row] = data["infusions"]
    assert (row["before"].systolic, row["before"].diastolic) == (140, 85)
    assert (row["peak"].systolic, row["peak"].diastolic) == (150, 90)
    assert (row["after"].systolic, row["after"].diastolic) == (135, 82)
    assert [effect.kind for effect in row["side_effects"]] == ["nausea"] and row["high"] is False
    charts = charts_context.course_charts(data)
    assert [dot["value"] for line in charts["systolic_chart"]["lines"] for dot in line["dots"]] == [140, 150, 135]
    assert [bar["count"] for bar in charts["side_effect_chart"]["bars"]] == [1]  # mild; nothing severe


def test_the_course_page_and_the_pdf_leave_struck_rows_out(client, clinician, course_with_struck_rows, pdf_html):
    from django.urls import reverse

    from tests.conftest import log_in

    log_in(client, clinician)
    page = client.get(reverse("treatment:course", args=[course_with_struck_rows.pk])).content.decode()
    assert client.get(reverse("treatment:course_pdf", args=[course_with_struck_rows.pk])).status_code == 200
    for html in (page, pdf_html["html"]):
        assert "140/85" in html and "150/90" in html and "135/82" in html and "Nausea (mild)" in html
        for struck in ("178/99", "195/112", "158/99", "Headache", "above the limit"):
            assert struck not in html, struck


# --- every reader -------------------------------------------------------------------------------------------

ALLOWED = {
    # The record page lists every reading and side effect, the struck ones struck through.
    'vitals = list(record.vitals.select_related("recorded_by").prefetch_related(',
    'side_effects = list(record.side_effects.select_related("recorded_by").prefetch_related(_strikes()))',
    # The strike itself finds the row it strikes (struck or not: a second strike is refused by name).
    'rows = record.vitals if field == "vital" else record.side_effects',
    # The newest reading of a phase, struck or not (a struck newest one waits for a new reading).
    'newest = record.vitals.filter(phase=phase).with_struck().order_by("-pk").first()',
    # Rows of the course, already prefetched through .current() in the same function.
    "vitals_list = list(record.vitals.all()) if record else []",
    '"side_effects": list(record.side_effects.all()) if record else [],',
}


def test_every_reader_of_readings_and_side_effects_leaves_struck_rows_out():
    """A new reader must take `.current()` (or be listed above with the reason it shows struck rows)."""
    code = Path(__file__).resolve().parents[2] / "clinic"
    pattern = re.compile(r"(\.vitals\b(?!_)|\.side_effects\b|VitalSign\.objects|SideEffect\.objects)")
    unguarded = []
    for path in code.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if pattern.search(line) and ".current()" not in line and ".create(" not in line \
                    and line.strip() not in ALLOWED:
                unguarded.append(f"{path.relative_to(code)}: {line.strip()}")
    assert unguarded == []
