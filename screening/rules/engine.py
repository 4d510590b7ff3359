"""The rule engine: a pure function from a valid intake document to a screening result.

No Django imports. A `Ruleset` is data (version, settings, dose table, rules); `evaluate` derives
the facts once (scores, resolved drug names, treatment resistance), tests the answer clauses
with one look at each section, runs the other clauses (pure functions) of every rule, then keeps,
in result order, each rule with evidence that no raised rule suppresses, and assembles the result
in the format of `intake-format.md`. The same document always gives the same result, key order
included.
"""

from dataclasses import dataclass, field
from itertools import product
from operator import itemgetter

from screening import instruments

LEVELS = ("urgent", "absolute", "criteria", "relative", "info")
OUTCOME_BY_LEVEL = {
    "urgent": "urgent",
    "absolute": "contraindicated",
    "criteria": "criteria_not_met",
    "relative": "needs_review",
}
MEETS_CRITERIA = "meets_criteria"
FAILED_OUTCOMES = frozenset(("no_effect", "partial"))


@dataclass(frozen=True)
class Drug:
    generic: str
    drug_class: str
    min_daily_dose_mg: float | None
    aliases: tuple = ()


class DoseTable:
    """Drug lookup by generic name, Norwegian spelling or brand, ignoring case and surrounding spaces."""

    def __init__(self, rows):
        self.drugs = tuple(Drug(generic, cls, minimum, tuple(aliases)) for cls, generic, minimum, aliases in rows)
        self._by_name = {}
        for drug in self.drugs:
            for name in (drug.generic, *drug.aliases):
                key = name.strip().lower()
                if key in self._by_name and self._by_name[key] is not drug:
                    raise ValueError(f"dose table: the name {name!r} is used for two drugs")
                self._by_name[key] = drug

    def lookup(self, name):
        return self._by_name.get(name.strip().lower()) if type(name) is str else None


@dataclass(frozen=True)
class AnswerIn:
    """Clause as data: the answer at `path` ("section.key") is one of `values`.

    Values are enumeration strings or one boolean. The document is validated first, so a boolean
    question holds a real boolean and an enumeration a string: `1` never matches `true`.
    """

    path: str
    values: tuple

    def __post_init__(self):
        if not self.values or not all(type(v) in (str, bool) for v in self.values):
            raise ValueError(f"{self.path}: compare with strings or booleans")


@dataclass(frozen=True)
class Rule:
    code: str
    level: str
    clauses: tuple  # AnswerIn, or functions (facts, settings) -> evidence dict or None; raised when any is true
    explanation: dict  # {"nb": ..., "en": ...}: plain language for clinicians (a text, or see `explain`)
    source: dict  # {"nb": ..., "en": ...}: where the rule comes from
    unless: tuple = ()  # codes that, when raised, suppress this rule (as written in the catalogue)


def explain(rule, flag, result, language):
    """The rule's explanation of `flag` in `language`: a text, or for a few rules a function of the
    flag and the whole result (so that it names what failed in this case)."""
    text = rule.explanation.get(language) or rule.explanation["en"]
    return text(flag, result) if callable(text) else text


@dataclass(frozen=True)
class Ruleset:
    version: str
    settings: dict
    dose_table: DoseTable
    rules: tuple
    asked_paths: dict = field(default_factory=dict)  # {format: {group: paths}}: what REL-MISSING looks at
    formats: tuple = ("intake/1",)  # the document formats this ruleset reads

    def __post_init__(self):
        order = {level: i for i, level in enumerate(LEVELS)}
        for rule in self.rules:
            if rule.level not in order:
                raise ValueError(f"{rule.code}: unknown level {rule.level!r}")
        # Flags come out in result order (level, then code); a rule's suppressing codes must
        # come earlier in that order.
        ordered = sorted(self.rules, key=lambda rule: (order[rule.level], rule.code))
        seen = set()
        for rule in ordered:
            if rule.code in seen:
                raise ValueError(f"{rule.code}: listed twice")
            missing = [code for code in rule.unless if code not in seen]
            if missing:
                raise ValueError(f"{rule.code}: is suppressed by {missing}, which must come first in result order")
            seen.add(rule.code)
        object.__setattr__(self, "_order", {rule.code: i for i, rule in enumerate(ordered)})
        object.__setattr__(self, "_levels", {rule.code: rule.level for rule in ordered})
        object.__setattr__(self, "_unless", {rule.code: rule.unless for rule in ordered if rule.unless})
        object.__setattr__(self, "_conditions", tuple(
            (rule.code, conditions) for rule in ordered
            if (conditions := tuple(c for c in rule.clauses if not isinstance(c, AnswerIn)))
        ))
        object.__setattr__(self, "_answer_index", _answer_index(ordered))
        if set(self.asked_paths) != set(self.formats):
            raise ValueError(f"{self.version}: asked paths are needed for exactly the formats {self.formats}")
        object.__setattr__(self, "_asked", {
            version: _asked_plans(groups) for version, groups in self.asked_paths.items()
        })

    def rule(self, code):
        for rule in self.rules:
            if rule.code == code:
                return rule
        raise KeyError(code)


def _answer_index(rules):
    """Every AnswerIn clause, indexed for one look at each section:
    ((section, answers, {answer: ((code, path), ...)}, rank), ...) where an answer is a (key, value)
    pair, `answers` the frozenset of those that make some clause true, and `rank(answer)` the order
    of its key among the section's (the order evidence paths are written in)."""
    index = {}
    for rule in rules:
        for clause in rule.clauses:
            if isinstance(clause, AnswerIn):
                section, _, key = clause.path.partition(".")
                by_value = index.setdefault(section, {}).setdefault(key, {})
                for value in clause.values:
                    by_value[value] = by_value.get(value, ()) + ((rule.code, clause.path),)
    compiled = []
    for section, keys in index.items():
        clauses, ranks = {}, {}
        for rank, (key, by_value) in enumerate(keys.items()):
            for value, found in by_value.items():
                clauses[key, value] = found
                ranks[key, value] = rank
        compiled.append((section, frozenset(clauses), clauses, ranks.__getitem__))
    return tuple(compiled)


def answer_hits(doc, ruleset):
    """Evidence of every AnswerIn clause that is true for `doc`: {code: {path: value}}."""
    hits = {}
    get = doc.get
    for section, answers, clauses, rank in ruleset._answer_index:
        given = get(section)
        if not given:
            continue
        # A dict's items intersected with a frozenset looks each clause's key up in the section
        # (one C-level pass): the document is valid, so `True` here never stands for `1`.
        found = given.items() & answers
        if not found:
            continue
        if len(found) > 1:
            found = sorted(found, key=rank)
        for answer in found:
            value = answer[1]
            for code, path in clauses[answer]:
                evidence = hits.get(code)
                if evidence is None:
                    hits[code] = {path: value}
                else:
                    evidence[path] = value
    return hits


CONDITIONAL_GROUPS = ("ptsd", "active_thoughts", "not_male")  # asked after "always", in this order


def _asked_plans(groups):
    """{(ptsd, active_thoughts, not_male): plan} for every combination of the conditional groups,
    where a plan is the _by_section entries of "always" and of the groups that apply, in order."""
    plans = {}
    for applies in product((False, True), repeat=len(CONDITIONAL_GROUPS)):
        names = ("always", *(name for name, on in zip(CONDITIONAL_GROUPS, applies) if on))
        plans[applies] = tuple(entry for name in names for entry in _by_section(groups[name]))
    return plans


def _by_section(paths):
    """("medical.stroke", "phq9", ...) -> ((section, itemgetter of its keys, ((key, path), ...)), ...)
    in the order given; a top-level path has the key None and no getter."""
    sections = {}
    for path in paths:
        section, _, key = path.partition(".")
        sections.setdefault(section, []).append((key or None, path))
    grouped = []
    for section, keys in sections.items():
        names = [key for key, _path in keys if key is not None]
        getter = itemgetter(*names) if len(names) > 1 else (lambda d, k=names[0]: (d[k],)) if names else None
        grouped.append((section, getter, tuple(keys)))
    return tuple(grouped)


_EMPTY = {}  # an unanswered section reads as an empty one


class Facts:
    """Everything a rule reads: the document's sections (an unanswered section reads as `{}`),
    the derived scores, the resolved drug names and the treatment-resistance count."""

    __slots__ = (
        "doc", "ruleset", "patient", "indication", "suicide", "treatments", "psychiatric", "medical",
        "reproductive", "substances", "practical", "primary", "scores", "current_medications",
        "treatment_resistance", "counted_trials", "current_by_class", "trials",
    )

    def __init__(self, doc, ruleset):
        self.doc = doc
        self.ruleset = ruleset
        get = doc.get
        self.patient = get("patient") or _EMPTY
        self.indication = get("indication") or _EMPTY
        self.suicide = get("suicide_screen") or _EMPTY
        self.treatments = get("treatments") or _EMPTY
        self.psychiatric = get("psychiatric") or _EMPTY
        self.medical = get("medical") or _EMPTY
        self.reproductive = get("reproductive") or _EMPTY
        self.substances = get("substances") or _EMPTY
        self.practical = get("practical") or _EMPTY
        self.primary = self.indication.get("primary")
        self.scores = {
            "phq9": instruments.total(doc.get("phq9")),
            "gad7": instruments.total(doc.get("gad7")),
            "pcl5": instruments.total(doc.get("pcl5")),
            "auditc": instruments.total(self.substances.get("auditc")),
            "age": instruments.age_at_submission(self.patient.get("date_of_birth"), doc.get("submitted_at")),
            "bmi": instruments.bmi(self.patient.get("weight_kg"), self.patient.get("height_cm")),
        }
        lookup = ruleset.dose_table.lookup
        self.current_medications = [
            (i, name, lookup(name)) for i, name in enumerate(doc.get("current_medications") or ())
        ]
        by_class = {}
        for i, name, drug in self.current_medications:
            if drug is not None:
                by_class.setdefault(drug.drug_class, {})[f"current_medications[{i}]"] = name
        # {class: {"current_medications[i]": name as written}}: the evidence of the REL-MED-* rules
        self.current_by_class = by_class
        # [(i, trial, drug or None), ...]: every medication trial with its drug from the dose table
        self.trials = [
            (i, trial, lookup(trial.get("drug"))) for i, trial in enumerate(self.treatments.get("medications") or ())
        ]
        self.treatment_resistance, self.counted_trials = treatment_resistance(self, ruleset)


def trial_assessment(trial, indication, ruleset):
    """Why a medication trial counts or not for `indication`: returns (counts, reason, drug).

    `reason` is a stable key the clinician summary turns into words:
    counted, unknown_drug, no_minimum_dose, class_not_counted, dose_unknown, dose_below_minimum,
    duration_unknown, too_short, episode_unknown, earlier_episode, not_failed.
    """
    return assess_trial(trial, ruleset.dose_table.lookup(trial.get("drug")), indication, ruleset.settings)


def assess_trial(trial, drug, indication, settings):
    """trial_assessment of a trial whose drug is already looked up."""
    if drug is None:
        return False, "unknown_drug", None
    if drug.min_daily_dose_mg is None:
        return False, "no_minimum_dose", drug
    if drug.drug_class not in settings["tr_classes"][indication]:
        return False, "class_not_counted", drug
    dose = trial.get("max_daily_dose_mg")
    if dose is None:
        return False, "dose_unknown", drug
    if dose < drug.min_daily_dose_mg:
        return False, "dose_below_minimum", drug
    weeks = trial.get("weeks_at_dose")
    if weeks is None:
        return False, "duration_unknown", drug
    if weeks < settings["tr_min_weeks"][indication]:
        return False, "too_short", drug
    if indication in settings["tr_current_episode_only"]:
        episode = trial.get("current_episode")
        if episode is None:
            return False, "episode_unknown", drug
        if episode is not True:
            return False, "earlier_episode", drug
    if trial.get("outcome") not in FAILED_OUTCOMES:
        return False, "not_failed", drug
    return True, "counted", drug


def psychotherapy_assessment(course, ruleset):
    """(counts, reason) for a psychotherapy course: sessions_unknown, too_few_sessions, not_failed, counted."""
    sessions = course.get("sessions")
    if sessions is None:
        return False, "sessions_unknown"
    if sessions < ruleset.settings["tr_min_sessions"]:
        return False, "too_few_sessions"
    if course.get("outcome") not in FAILED_OUTCOMES:
        return False, "not_failed"
    return True, "counted"


def treatment_resistance(facts, ruleset):
    """The treatment-resistance block of the result and the evidence of the counted trials."""
    indication = facts.primary
    settings = ruleset.settings
    if indication not in settings["tr_classes"]:
        return None, {}
    treatments = facts.treatments
    antidepressant_classes = settings["antidepressant_classes"]
    counted = {}
    drugs_counted = {}  # generic name -> class; several trials of one drug count once
    for i, trial, drug in facts.trials:
        counts, _reason, drug = assess_trial(trial, drug, indication, settings)
        if counts:
            counted[f"treatments.medications[{i}]"] = trial
            drugs_counted.setdefault(drug.generic, drug.drug_class)
    courses = 0
    trauma_focused = 0
    for i, course in enumerate(treatments.get("psychotherapies") or ()):
        if psychotherapy_assessment(course, ruleset)[0]:
            counted[f"treatments.psychotherapies[{i}]"] = course
            courses += 1
            trauma_focused += course.get("kind") in settings["trauma_focused_kinds"]
    devices = 0
    for key in settings["tr_devices"].get(indication, ()):
        if treatments.get(key) in FAILED_OUTCOMES:
            counted[f"treatments.{key}"] = treatments[key]
            devices += 1
    antidepressants = sum(1 for cls in drugs_counted.values() if cls in antidepressant_classes)
    total = len(drugs_counted) + courses + devices
    met = total >= settings["tr_min_trials"]
    if indication in settings["tr_needs_antidepressant"]:
        met = met and antidepressants >= 1
    if indication in settings["tr_needs_trauma_focused"]:
        met = met and trauma_focused >= 1
    block = {
        "indication": indication,
        "adequate_failed_trials": total,
        "antidepressant_trials": antidepressants,
        "met": met,
    }
    return block, counted


def missing_paths(facts, ruleset):
    """Every asked question of the document's own format that is absent or null, in catalogue order."""
    doc = facts.doc
    applies = (
        facts.primary == "ptsd" or "ptsd" in (facts.indication.get("secondary") or ()),
        facts.suicide.get("active_thoughts") is True,
        facts.patient.get("sex_at_birth") != "male",
    )
    missing = []
    get = doc.get
    for section, getter, keys in ruleset._asked[doc["format"]][applies]:
        value = get(section)
        if value is None:
            missing.extend(path for _key, path in keys)
        elif getter is not None:
            try:
                if None not in getter(value):
                    continue  # the common case: every asked key of the section is answered
            except KeyError:
                pass
            missing.extend(path for key, path in keys if value.get(key) is None)
    return missing


def _flags(evidence_by_code, ruleset):
    """The raised flags in result order: every rule with evidence that no raised rule suppresses."""
    levels, unless = ruleset._levels, ruleset._unless
    raised = set()
    flags = []
    for code in sorted(evidence_by_code, key=ruleset._order.__getitem__):
        suppressors = unless.get(code)
        if suppressors and not raised.isdisjoint(suppressors):
            continue
        raised.add(code)
        flags.append({"code": code, "level": levels[code], "evidence": evidence_by_code[code]})
    return flags


def evaluate(doc, ruleset):
    """Screen a valid intake document with `ruleset`; returns the result as a plain dict."""
    facts = Facts(doc, ruleset)
    settings = ruleset.settings
    evidence_by_code = answer_hits(doc, ruleset)
    for code, conditions in ruleset._conditions:
        for condition in conditions:
            found = condition(facts, settings)
            if found:  # rare: most conditions are false for most documents
                evidence = evidence_by_code.get(code)
                evidence_by_code[code] = {**evidence, **found} if evidence else found
    flags = _flags(evidence_by_code, ruleset)
    outcome = OUTCOME_BY_LEVEL.get(flags[0]["level"], MEETS_CRITERIA) if flags else MEETS_CRITERIA
    scores = facts.scores
    return {
        "ruleset": ruleset.version,
        "outcome": outcome,
        "crisis": outcome == "urgent",
        "scores": scores,
        "bands": {
            "phq9": instruments.phq9_band(scores["phq9"]),
            "gad7": instruments.gad7_band(scores["gad7"]),
            "pcl5": instruments.pcl5_band(scores["pcl5"]),
        },
        "treatment_resistance": facts.treatment_resistance,
        "flags": flags,
    }
