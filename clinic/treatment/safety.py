"""Safety checks of an infusion as rules (plain Python, no Django): data plus a few small functions.

Three moments:
- before the start: blood pressure above the screening ruleset's absolute limits (strictly above:
  181/… or …/101 stops at 180/100) or an absolute flag on the case that no clinician has resolved stops
  the start; a clinician may override these with a reason and their password. Without a reading
  before, a dose and its second check there is nothing to override: the start is simply not possible yet;
- a reading struck out (entered in error) is replaced by a new reading: while the newest reading before the
  start (or after the infusion) is a struck one, the start (or the discharge) waits for a new reading;
- during: a reading strictly above the "during" limits (marked high), or with blood pressure or oxygen
  saturation strictly below the "during" minimums (marked low), highlights the record and needs a note;
- discharge: the last reading at or below the discharge maximum and at or above the discharge minimum
  (both numbers), its oxygen saturation recorded and at or above the minimum, the minimum observation time
  since the end of the infusion passed, transport confirmed, every high or low reading noted, and the infusion
  finished.
Before the start, the intake must still be approved, no re-screening alert and no crisis answer to a
questionnaire may wait for a clinician (neither can be overridden here), and the
reading before must be recent (at most the setting's minutes old); unresolved urgent flags stop the start
like absolute ones (a clinician may override both).

Each rule is (code, overridable, condition); `start_stops` and `discharge_problems` return the codes of
the rules that apply. The pages word them (clinic/treatment/wording.py).
"""

from dataclasses import dataclass

# Physiologically possible readings (a value outside is a typing error, refused with a field error).
SYSTOLIC_MIN, SYSTOLIC_MAX = 50, 300
DIASTOLIC_MIN, DIASTOLIC_MAX = 20, 200
PULSE_MIN, PULSE_MAX = 20, 250
SPO2_MIN, SPO2_MAX = 50, 100


@dataclass(frozen=True)
class Limits:
    start_systolic_above: int = 180
    start_diastolic_above: int = 100
    during_systolic_above: int = 180
    during_diastolic_above: int = 110
    # Below these during the infusion a reading is marked low (the discharge minimums unless set otherwise).
    during_systolic_min: int = 90
    during_diastolic_min: int = 60
    during_spo2_min: int = 94
    discharge_systolic_max: int = 160
    discharge_diastolic_max: int = 100
    discharge_systolic_min: int = 90
    discharge_diastolic_min: int = 60
    discharge_spo2_min: int = 94
    observation_minutes: int = 30
    before_reading_max_age_minutes: int = 30


@dataclass(frozen=True)
class Reading:
    systolic: int
    diastolic: int
    spo2: int | None = None


@dataclass(frozen=True)
class StartFacts:
    """What the start depends on. `before` is the latest reading before the start (or None)."""

    before: Reading | None
    dose_recorded: bool
    dose_checked: bool
    absolute_flags: tuple = ()  # codes of unresolved absolute flags on the case
    already_started: bool = False
    urgent_flags: tuple = ()  # codes of unresolved urgent flags on the case
    rescreen_hold: bool = False  # a re-screening alert waits for a clinician's review
    open_crisis: bool = False  # a questionnaire answer called for crisis help and no clinician has reviewed it
    intake_approved: bool = True  # the intake is (still) approved
    before_age_minutes: float = 0  # how long ago the reading before was measured
    newest_before_struck: bool = False  # the newest reading before the start was struck out (entered in error)


@dataclass(frozen=True)
class DischargeFacts:
    last: Reading | None  # the latest reading after the infusion was finished
    transport_confirmed: bool
    unnoted_readings: int  # high or low readings during the infusion without a note
    finished: bool
    already_discharged: bool = False
    minutes_since_finish: float | None = None  # minutes from the end of the infusion to now
    newest_after_struck: bool = False  # the newest reading after the infusion was struck out (entered in error)


def bp_above(reading, systolic_above, diastolic_above):
    """True when either number is strictly above its limit."""
    return reading.systolic > systolic_above or reading.diastolic > diastolic_above


def bp_within(reading, systolic_max, diastolic_max):
    """True when both numbers are at or below their maximum."""
    return reading.systolic <= systolic_max and reading.diastolic <= diastolic_max


def high_during(reading, limits):
    return bp_above(reading, limits.during_systolic_above, limits.during_diastolic_above)


def low_during(reading, limits):
    """True when either blood pressure number, or the oxygen saturation when measured, is strictly below its
    "during" minimum."""
    return (reading.systolic < limits.during_systolic_min or reading.diastolic < limits.during_diastolic_min
            or (reading.spo2 is not None and reading.spo2 < limits.during_spo2_min))


def reading_problems(systolic, diastolic, pulse=None, spo2=None):
    """{field: code} for values that cannot be a real reading (the pages word each code)."""
    problems = {}
    if not SYSTOLIC_MIN <= systolic <= SYSTOLIC_MAX:
        problems["systolic"] = "systolic_range"
    if not DIASTOLIC_MIN <= diastolic <= DIASTOLIC_MAX:
        problems["diastolic"] = "diastolic_range"
    elif "systolic" not in problems and diastolic >= systolic:
        problems["diastolic"] = "diastolic_not_below_systolic"
    if pulse is not None and not PULSE_MIN <= pulse <= PULSE_MAX:
        problems["pulse"] = "pulse_range"
    if spo2 is not None and not SPO2_MIN <= spo2 <= SPO2_MAX:
        problems["spo2"] = "spo2_range"
    return problems


# --- the rules -------------------------------------------------------------------------------------
# (code, overridable by a clinician, condition(facts, limits))

START_RULES = (
    ("already_started", False, lambda f, lim: f.already_started),
    ("no_dose", False, lambda f, lim: not f.dose_recorded),
    ("dose_not_checked", False, lambda f, lim: f.dose_recorded and not f.dose_checked),
    ("intake_not_approved", False, lambda f, lim: not f.intake_approved),
    ("rescreen_hold", False, lambda f, lim: f.rescreen_hold),
    ("open_crisis", False, lambda f, lim: f.open_crisis),
    ("no_reading_before", False, lambda f, lim: f.before is None),
    # A struck reading is replaced by a new one, never by an older one: otherwise striking a reading above the
    # limit would start the infusion on an earlier reading without a clinician's override.
    ("reading_before_struck", False, lambda f, lim: f.newest_before_struck),
    ("reading_before_too_old", False,
     lambda f, lim: f.before is not None and f.before_age_minutes > lim.before_reading_max_age_minutes),
    ("bp_above_start_limit", True,
     lambda f, lim: f.before is not None and bp_above(f.before, lim.start_systolic_above, lim.start_diastolic_above)),
    ("absolute_flag", True, lambda f, lim: bool(f.absolute_flags)),
    ("urgent_flag", True, lambda f, lim: bool(f.urgent_flags)),
)
OVERRIDABLE = frozenset(code for code, overridable, _condition in START_RULES if overridable)

DISCHARGE_RULES = (
    ("already_discharged", lambda f, lim: f.already_discharged),
    ("not_finished", lambda f, lim: not f.finished),
    ("no_reading_after", lambda f, lim: f.finished and f.last is None),
    ("reading_after_struck", lambda f, lim: f.newest_after_struck),
    ("bp_not_back", lambda f, lim: f.last is not None
     and not bp_within(f.last, lim.discharge_systolic_max, lim.discharge_diastolic_max)),
    ("bp_too_low", lambda f, lim: f.last is not None
     and (f.last.systolic < lim.discharge_systolic_min or f.last.diastolic < lim.discharge_diastolic_min)),
    ("no_spo2_after", lambda f, lim: f.last is not None and f.last.spo2 is None),
    ("spo2_too_low", lambda f, lim: f.last is not None and f.last.spo2 is not None
     and f.last.spo2 < lim.discharge_spo2_min),
    ("observation_too_short", lambda f, lim: f.finished and f.minutes_since_finish is not None
     and f.minutes_since_finish < lim.observation_minutes),
    ("reading_without_note", lambda f, lim: f.unnoted_readings > 0),
    ("transport_not_confirmed", lambda f, lim: not f.transport_confirmed),
)


def start_stops(facts, limits):
    """The codes of the start rules that apply, in rule order."""
    return [code for code, _overridable, condition in START_RULES if condition(facts, limits)]


def start_allowed(stops, overridden=()):
    """True when every stop is overridable and overridden."""
    return all(code in OVERRIDABLE and code in overridden for code in stops)


def discharge_problems(facts, limits):
    return [code for code, condition in DISCHARGE_RULES if condition(facts, limits)]
