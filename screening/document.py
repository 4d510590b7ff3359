"""The intake documents `intake/1` and `intake/2`: parsing and validation (plain Python, no Django).

`validate_intake(doc)` returns the list of problems, each naming the bad path the way a
clinician or developer would write it (`phq9[4]`, `medical.hypertensionn`,
`treatments.medications[0].current_episode`). An empty list means the document is valid.
A document is validated against the format it names; a document naming no known format has one
problem, at `format` (its other answers cannot be read without knowing the format).
`intake/2` (ruleset-2026.2.md) is `intake/1` plus "serious" heart disease,
`psychiatric.psychotic_disorder` and `practical.ongoing_follow_up`.

The schema is data: each field is a small checker built once at import time, so validating a
document is a walk over its values with no per-call set-up (the rules must stay fast).
"""

import json
import math
import re
from dataclasses import dataclass
from datetime import date, datetime

FORMAT_1 = "intake/1"
FORMAT_2 = "intake/2"
FORMATS = (FORMAT_1, FORMAT_2)

INDICATIONS = ("depression", "ptsd", "anxiety", "other")
TRIAL_OUTCOMES = ("no_effect", "partial", "remission", "stopped_side_effects", "ongoing")
PSYCHOTHERAPY_KINDS = ("cbt", "tf_cbt", "emdr", "cpt", "pe", "mct", "act", "psychodynamic", "ipt", "other")
DEVICE_OUTCOMES = ("never", "no_effect", "partial", "remission")
INSTRUMENT_ITEMS = {"phq9": (9, 3), "gad7": (7, 3), "pcl5": (20, 4), "auditc": (3, 4)}


@dataclass(frozen=True)
class IntakeError:
    path: str
    message: str

    def __str__(self):
        return f"{self.path}: {self.message}"


class IntakeInvalid(ValueError):
    """Raised for a document that is not a valid intake document; `errors` lists every problem found."""

    def __init__(self, errors):
        self.errors = list(errors)
        super().__init__("; ".join(str(e) for e in self.errors))

    @property
    def path(self):
        return self.errors[0].path

    @property
    def message(self):
        return self.errors[0].message


# --- checkers -------------------------------------------------------------------------------
# A checker has two forms. `check(value, path, errors)` explains: it appends an IntakeError for
# every problem and returns nothing. `check.accepts(value)` only answers whether there is any
# problem, as cheaply as it can: a valid document costs one walk with `accepts`, and the
# explaining walk runs only for a document that has problems (so the messages come from one place).
# `None` is handled by the object and list checkers (every field may be null unless it is
# required), so the checkers below only see present, non-null values.

def _type_name(value):
    if value is None:
        return "null"
    if type(value) is bool:
        return "a boolean"
    if type(value) in (int, float):
        return "a number"
    if type(value) is str:
        return "a string"
    if type(value) is list:
        return "a list"
    if type(value) is dict:
        return "an object"
    return type(value).__name__


def _shown(value):
    """A value as written in JSON, for an error message; a value JSON cannot hold (a Decimal or a
    date from code that built the document) is shown as Python writes it."""
    try:
        return json.dumps(value)
    except (TypeError, ValueError):
        return repr(value)


def boolean(value, path, errors):
    if type(value) is not bool:
        errors.append(IntakeError(path, f"must be true or false, not {_type_name(value)}"))


boolean.accepts = lambda value: type(value) is bool


def enum(*choices):
    allowed = frozenset(choices)
    listing = ", ".join(f'"{c}"' for c in choices)

    def check(value, path, errors):
        if type(value) is not str or value not in allowed:
            errors.append(IntakeError(path, f"must be one of {listing}, not {_shown(value)}"))

    check.choices = allowed  # read by the object checker's `accepts`, which tests enumerations inline
    check.accepts = lambda value: type(value) is str and value in allowed
    return check


def number(minimum=0, maximum=None, integer=False):
    kind = "an integer" if integer else "a number"
    if maximum is None:
        bounds = f"{kind} ≥ {minimum}"
    else:
        bounds = f"{kind} from {minimum} to {maximum}"
    types = (int,) if integer else (int, float)

    def check(value, path, errors):
        if type(value) not in types or (type(value) is float and not math.isfinite(value)):
            errors.append(IntakeError(path, f"must be {bounds}, not {_type_name(value)}"))
        elif value < minimum or (maximum is not None and value > maximum):
            errors.append(IntakeError(path, f"must be {bounds}, not {value}"))

    low, high = minimum, math.inf if maximum is None else maximum
    check.limits = (low, high, integer)  # read by the object checker's `accepts`, which tests numbers inline
    check.accepts = lambda value: (
        type(value) in types and low <= value <= high and (type(value) is int or math.isfinite(value))
    )
    return check


def text(value, path, errors):
    if type(value) is not str:
        errors.append(IntakeError(path, f"must be a string, not {_type_name(value)}"))


text.accepts = lambda value: type(value) is str


def drug_name(value, path, errors):
    if type(value) is not str:
        errors.append(IntakeError(path, f"must be a drug name (a string), not {_type_name(value)}"))
    elif not value.strip():
        errors.append(IntakeError(path, "must be a drug name, not an empty string"))


drug_name.accepts = lambda value: type(value) is str and value.strip() != ""


_DATE_SHAPE = re.compile(r"\d{4}-\d{2}-\d{2}\Z", re.ASCII)
_TIMESTAMP_SHAPE = re.compile(
    r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:[0-5]\d)\Z", re.ASCII
)


def iso_date(value, path, errors):
    if type(value) is not str or not _DATE_SHAPE.match(value):
        errors.append(IntakeError(path, f"must be a date written YYYY-MM-DD, not {_shown(value)}"))
        return
    try:
        date.fromisoformat(value)
    except ValueError:
        errors.append(IntakeError(path, f"is not a real calendar date: {value}"))


def _is_real_date(value):
    if type(value) is not str or not _DATE_SHAPE.match(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


iso_date.accepts = _is_real_date


def timestamp(value, path, errors):
    if type(value) is not str or not _TIMESTAMP_SHAPE.match(value):
        errors.append(
            IntakeError(path, f"must be a timestamp with a UTC offset (2026-11-20T10:15:00+01:00), not {_shown(value)}")
        )
        return
    try:
        datetime.fromisoformat(value)
    except ValueError:
        errors.append(IntakeError(path, f"is not a real date and time: {value}"))


def _is_real_timestamp(value):
    if type(value) is not str or not _TIMESTAMP_SHAPE.match(value):
        return False
    try:
        datetime.fromisoformat(value)
    except ValueError:
        return False
    return True


timestamp.accepts = _is_real_timestamp

_ONLY_INTEGERS = frozenset((int,))


def instrument(items, top):
    answers = frozenset(range(top + 1))

    def check(value, path, errors):
        if type(value) is not list or len(value) != items:
            got = f"{len(value)} items" if type(value) is list else _type_name(value)
            errors.append(IntakeError(path, f"must be null or a list of exactly {items} answers, not {got}"))
            return
        for i, item in enumerate(value):
            if type(item) is not int or item < 0 or item > top:
                errors.append(IntakeError(f"{path}[{i}]", f"must be a whole number from 0 to {top}, not {_shown(item)}"))

    def accepts(value):
        # Two C-level passes instead of a loop: only ints (not True, not 1.0), each one of the answers.
        return (type(value) is list and len(value) == items
                and set(map(type, value)) == _ONLY_INTEGERS and answers.issuperset(value))

    check.accepts = accepts
    return check


def list_of(item_check):
    def check(value, path, errors):
        if type(value) is not list:
            errors.append(IntakeError(path, f"must be a list, not {_type_name(value)}"))
            return
        for i, item in enumerate(value):
            if item is None:
                errors.append(IntakeError(f"{path}[{i}]", "must not be null"))
            else:
                item_check(item, f"{path}[{i}]", errors)

    item_accepts = item_check.accepts

    def accepts(value):
        if type(value) is not list:
            return False
        for item in value:
            if item is None or not item_accepts(item):
                return False
        return True

    check.accepts = accepts
    return check


def obj(fields, required=(), nullable=()):
    """An object with exactly these keys; `required` keys must be present and non-null,
    `nullable` keys must be present but may be null; all others may be absent or null."""
    required = tuple(required)
    must_be_present = required + tuple(nullable)

    def check(value, path, errors):
        if type(value) is not dict:
            errors.append(IntakeError(path or "$", f"must be an object, not {_type_name(value)}"))
            return
        prefix = f"{path}." if path else ""
        for key, item in value.items():
            field = fields.get(key)
            if field is None:
                errors.append(IntakeError(f"{prefix}{key}", "is not a known question (unknown key)"))
            elif item is None:
                if key in required:
                    errors.append(IntakeError(f"{prefix}{key}", "is required and may not be null"))
            else:
                field(item, f"{prefix}{key}", errors)
        for key in must_be_present:
            if key not in value:
                errors.append(IntakeError(f"{prefix}{key}", "is required"))

    check.accepts = _object_accepts(fields, required, must_be_present)
    return check


def _object_accepts(fields, required, must_be_present):
    """`accepts` of an object: booleans, enumerations and numbers (most answers) are tested inline
    from tables built here once; every other field's own `accepts` is called."""
    booleans = frozenset(key for key, field in fields.items() if field is boolean)
    choices = {key: field.choices for key, field in fields.items() if hasattr(field, "choices")}
    limits = {key: field.limits for key, field in fields.items() if hasattr(field, "limits")}
    others = {key: field.accepts for key, field in fields.items()
              if key not in booleans and key not in choices and key not in limits}
    may_be_null = frozenset(fields).difference(required)
    must_be_present = frozenset(must_be_present)
    isfinite = math.isfinite

    def accepts(value):
        if type(value) is not dict:
            return False
        for key, item in value.items():
            kind = type(item)
            if kind is bool:
                if key in booleans:
                    continue
            elif kind is str:
                allowed = choices.get(key)
                if allowed is not None:
                    if item in allowed:
                        continue
                    return False
            elif kind is int or kind is float:
                bounds = limits.get(key)
                if bounds is not None:
                    low, high, integer = bounds
                    if low <= item <= high and (kind is int or not integer and isfinite(item)):
                        continue
                    return False
            elif item is None:
                if key in may_be_null:
                    continue
                return False
            # any other field, or a value of a kind its field never takes (which `others` refuses)
            other = others.get(key)
            if other is None or not other(item):
                return False
        return not must_be_present or value.keys() >= must_be_present

    return accepts


# --- the schema -----------------------------------------------------------------------------

_patient = obj(
    {
        "date_of_birth": iso_date,
        "sex_at_birth": enum("female", "male", "other"),
        "weight_kg": number(30, 300),
        "height_cm": number(120, 230),
    }
)

_indication_value = enum(*INDICATIONS)


_indication = obj(
    {"primary": _indication_value, "secondary": list_of(_indication_value), "episode_months": number()}
)

_suicide_screen = obj(
    {
        "wish_dead": boolean,
        "active_thoughts": boolean,
        "method": boolean,
        "intent": boolean,
        "plan": boolean,
        "behavior": enum("never", "over_3_months_ago", "within_3_months"),
    }
)

_medication = obj(
    {
        "drug": drug_name,
        "max_daily_dose_mg": number(),
        "weeks_at_dose": number(),
        "current_episode": boolean,
        "outcome": enum(*TRIAL_OUTCOMES),
    },
    required=("drug", "outcome"),
    nullable=("max_daily_dose_mg", "weeks_at_dose", "current_episode"),
)

_psychotherapy = obj(
    {"kind": enum(*PSYCHOTHERAPY_KINDS), "sessions": number(), "outcome": enum(*TRIAL_OUTCOMES)},
    required=("kind", "outcome"),
)

_device = enum(*DEVICE_OUTCOMES)
_treatments = obj(
    {
        "medications": list_of(_medication),
        "psychotherapies": list_of(_psychotherapy),
        "ect": _device,
        "rtms": _device,
        "esketamine_or_ketamine": _device,
    }
)

def _schema(version):
    """The whole-document checker of `intake/1` or `intake/2` (what differs is marked)."""
    second = version == FORMAT_2
    psychiatric = {
        "psychosis": enum("never", "past", "current"),
        "bipolar": enum("no", "bipolar_1", "bipolar_2", "unsure"),
        "mania_now": boolean,
        "dissociative_disorder": boolean,
        "mdq_positive": boolean,
    }
    heart_disease = ("no", "stable", "serious", "unstable") if second else ("no", "stable", "unstable")
    practical = {"transport_home": boolean, "can_fast": boolean, "referral": enum("none", "gp", "specialist")}
    if second:
        psychiatric["psychotic_disorder"] = boolean
        practical["ongoing_follow_up"] = boolean

    def format_is(value, path, errors):
        if value != version or type(value) is not str:
            errors.append(IntakeError(path, f'must be "{version}", not {_shown(value)}'))

    format_is.accepts = lambda value: value == version and type(value) is str

    medical = obj(
        {
            "hypertension": enum("no", "treated_controlled", "treated_uncontrolled", "untreated", "unsure"),
            "last_bp": _blood_pressure,
            "heart_disease": enum(*heart_disease),
            "aneurysm_or_brain_bleed": boolean,
            "raised_intracranial_pressure": boolean,
            "stroke": boolean,
            "liver_disease": enum("no", "mild", "severe"),
            "hyperthyroidism_untreated": boolean,
            "glaucoma": boolean,
            "epilepsy": boolean,
            "sleep_apnea": boolean,
            "ketamine_reaction": boolean,
            "other": text,
        }
    )
    return obj(
        {
            "format": format_is,
            "submitted_at": timestamp,
            "locale": enum("nb", "en"),
            "patient": _patient,
            "indication": _indication,
            "phq9": instrument(*INSTRUMENT_ITEMS["phq9"]),
            "gad7": instrument(*INSTRUMENT_ITEMS["gad7"]),
            "pcl5": instrument(*INSTRUMENT_ITEMS["pcl5"]),
            "suicide_screen": _suicide_screen,
            "treatments": _treatments,
            "psychiatric": obj(psychiatric),
            "medical": medical,
            "reproductive": _reproductive,
            "substances": _substances,
            "current_medications": list_of(drug_name),
            "practical": obj(practical),
        },
        required=("format", "submitted_at"),
    )


_blood_pressure = obj(
    {"systolic": number(integer=True), "diastolic": number(integer=True), "measured_on": iso_date},
    required=("systolic", "diastolic"),
)

_reproductive = obj({"pregnant": enum("no", "yes", "unsure"), "breastfeeding": boolean, "planning_pregnancy": boolean})

_substances = obj(
    {
        "auditc": instrument(*INSTRUMENT_ITEMS["auditc"]),
        "drug_use": enum("never", "past", "past_year", "current"),
        "substance_use_disorder": enum("never", "remission_over_1y", "remission_under_1y", "current"),
        "dissociative_misuse": boolean,
    }
)

SCHEMAS = {version: _schema(version) for version in FORMATS}


def _cross_field_errors(doc, errors):
    """Rules that relate two answers: run only where both answers passed their own checks."""
    failed = {e.path for e in errors}
    indication = doc.get("indication")
    if type(indication) is dict and type(indication.get("secondary")) is list:
        secondary = indication["secondary"]
        primary = indication.get("primary")
        seen = set()
        for i, value in enumerate(secondary):
            path = f"indication.secondary[{i}]"
            if path in failed:
                continue
            if value == primary:
                errors.append(IntakeError(path, f'repeats the primary indication "{value}"'))
            elif value in seen:
                errors.append(IntakeError(path, f'lists "{value}" twice'))
            seen.add(value)
    patient = doc.get("patient")
    birth = patient.get("date_of_birth") if type(patient) is dict else None
    submitted = doc.get("submitted_at")
    if (
        birth is not None
        and submitted is not None
        and "patient.date_of_birth" not in failed
        and "submitted_at" not in failed
        and birth > submitted[:10]  # both ISO dates: string order is date order
    ):
        errors.append(IntakeError("patient.date_of_birth", f"is after the submission date {submitted[:10]}"))


def format_error(doc):
    """The problem with `doc`'s `format` when it names no known format, else None."""
    if type(doc) is not dict:
        return IntakeError("$", f"must be an object, not {_type_name(doc)}")
    if "format" not in doc:
        return IntakeError("format", "is required")
    value = doc["format"]
    if type(value) is not str or value not in SCHEMAS:
        known = " or ".join(f'"{version}"' for version in FORMATS)
        return IntakeError("format", f"must be {known}, not {_shown(value)}")
    return None


def validate_intake(doc):
    """Return every problem in `doc` as a list of IntakeError (empty when valid)."""
    unknown = format_error(doc)
    if unknown is not None:
        return [unknown]
    schema = SCHEMAS[doc["format"]]
    errors = []
    if not schema.accepts(doc):
        schema(doc, "", errors)
    _cross_field_errors(doc, errors)
    return errors


def check_intake(doc):
    """Raise IntakeInvalid unless `doc` is a valid intake document; return it unchanged."""
    errors = validate_intake(doc)
    if errors:
        raise IntakeInvalid(errors)
    return doc


class _DuplicateKeys(dict):
    """A parsed object in which some key appeared twice (`duplicates`, in order of appearance)."""

    duplicates = ()


class _BadConstant:
    """Stands in for a parsed NaN, Infinity or -Infinity until its path is known."""

    def __init__(self, name):
        self.name = name


def _note_duplicate_keys(pairs):
    result = dict(pairs)
    if len(result) == len(pairs):
        return result
    seen, duplicates = set(), []
    for key, _value in pairs:
        if key in seen and key not in duplicates:
            duplicates.append(key)
        seen.add(key)
    result = _DuplicateKeys(result)
    result.duplicates = tuple(duplicates)
    return result


def _parse_errors(value, path, errors):
    """The duplicate keys and NaN/Infinity found in a parsed value, each at its full path. The JSON
    parser builds inner objects first, so the paths are only known once the whole text is parsed."""
    if isinstance(value, _BadConstant):
        errors.append(IntakeError(path or "$", f"{value.name} is not a valid JSON number"))
    elif isinstance(value, dict):
        prefix = f"{path}." if path else ""
        for key in getattr(value, "duplicates", ()):
            errors.append(IntakeError(f"{prefix}{key}", "appears twice in the same object (duplicate key)"))
        for key, item in value.items():
            _parse_errors(item, f"{prefix}{key}", errors)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _parse_errors(item, f"{path}[{i}]", errors)


# A real intake is a few kilobytes: anything near this is not one, and parsing it only costs memory.
MAX_DOCUMENT_BYTES = 1024 * 1024


def _text_within_limit(text):
    """The document's text as str: at most MAX_DOCUMENT_BYTES of UTF-8 (bytes are decoded here)."""
    size = len(text) if isinstance(text, bytes) else len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_DOCUMENT_BYTES:
        raise IntakeInvalid([IntakeError("$", f"is larger than {MAX_DOCUMENT_BYTES} bytes")])
    if isinstance(text, bytes):
        try:
            return text.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise IntakeInvalid([IntakeError("$", f"is not UTF-8 text (byte {exc.start})")]) from None
    return text


def parse_intake_json(text):
    """Parse JSON text (str, or UTF-8 bytes) into a document (no validation). Duplicate keys and
    NaN/Infinity are rejected, naming their path, because a silently dropped or non-numeric answer
    could hide a contraindication. Any text the parser cannot take (too large, too deeply nested,
    an integer too long to convert) is an error at `$`, never an exception of another kind."""
    text = _text_within_limit(text)
    problems = []

    def pairs_hook(pairs):
        result = _note_duplicate_keys(pairs)
        if type(result) is _DuplicateKeys:
            problems.append(result)
        return result

    def bad_constant(name):
        problems.append(name)
        return _BadConstant(name)

    try:
        doc = json.loads(text, object_pairs_hook=pairs_hook, parse_constant=bad_constant)
    except json.JSONDecodeError as exc:
        raise IntakeInvalid([IntakeError("$", f"is not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})")])
    except RecursionError:
        raise IntakeInvalid([IntakeError("$", "is nested too deeply to read")]) from None
    except (ValueError, MemoryError) as exc:  # e.g. "Exceeds the limit (4300 digits) for integer string conversion"
        raise IntakeInvalid([IntakeError("$", f"cannot be read: {exc}")]) from None
    if problems:
        errors = []
        _parse_errors(doc, "", errors)
        # A NaN inside a value that a later duplicate key replaced is gone from the document, but
        # that duplicate key is then reported; the fallback below is never the only error in practice.
        raise IntakeInvalid(errors or [IntakeError("$", "duplicate keys or NaN/Infinity in the JSON text")])
    return doc
