"""Response and remission of a patient-reported score (plain Python, no Django).

Response: the score fell by at least `fraction` (0.5) of the baseline. Remission: the score is below the
instrument's threshold (PHQ-9 < 5, GAD-7 < 5, PCL-5 < 33). The thresholds are settings (clinic/proms/conf.py);
these functions take them as arguments so that they stay trivial to test.
"""

from fractions import Fraction

INSTRUMENTS = ("phq9", "gad7", "pcl5")
# Items and the highest answer per item (PHQ-9 and GAD-7: 0–3; PCL-5: 0–4).
ITEMS = {"phq9": 9, "gad7": 7, "pcl5": 20}
ITEM_MAX = {"phq9": 3, "gad7": 3, "pcl5": 4}
# The instrument of each indication, as the screening's severity rule reads it (ruleset SETTINGS["severity"]).
DEFAULT_INSTRUMENT = "phq9"
PHQ9_SELF_HARM_ITEM = 9  # "Thoughts that you would be better off dead or of hurting yourself in some way"
SAFETY_MAX = 3  # the safety question is PHQ-9 item 9 with its scale (0–3) on every instrument


def reduction(baseline, score):
    """The fall from baseline as an exact fraction of the baseline (negative when worse); None when there is
    no baseline or it is 0 (nothing to fall from)."""
    if baseline is None or score is None or baseline <= 0:
        return None
    return Fraction(baseline - score, baseline)


def is_response(baseline, score, *, fraction=0.5):
    """True when the score is at least `fraction` below a baseline above 0. Exact arithmetic: 10 -> 5 is a
    response at 0.5, 10 -> 6 is not."""
    fall = reduction(baseline, score)
    return fall is not None and fall >= Fraction(str(fraction))


def is_remission(instrument, score, *, below):
    """True when the score is below the instrument's remission threshold (`below` = {instrument: number})."""
    if score is None or instrument not in below:
        return False
    return score < below[instrument]


def total(answers):
    return sum(answers)


def valid_answers(instrument, answers):
    """True when `answers` is a complete list of whole numbers in the instrument's range."""
    return (instrument in ITEMS and isinstance(answers, list) and len(answers) == ITEMS[instrument]
            and all(isinstance(a, int) and not isinstance(a, bool) and 0 <= a <= ITEM_MAX[instrument]
                    for a in answers))


def valid_safety(value):
    """True when `value` is an answer to the safety question (PHQ-9 item 9's scale, 0–3)."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= SAFETY_MAX


def safety_answer(instrument, answers, extra=None):
    """The answer to the safety question: PHQ-9 item 9 on a PHQ-9; on a GAD-7 or PCL-5 the same question is
    asked as an extra, unscored item (`extra`). None when it was not answered."""
    if instrument == "phq9":
        value = answers[PHQ9_SELF_HARM_ITEM - 1] if len(answers) >= PHQ9_SELF_HARM_ITEM else None
    else:
        value = extra
    return value if valid_safety(value) else None


def self_harm_answered(instrument, answers, extra=None):
    """True when the safety question (thoughts of being better off dead or of self-harm: PHQ-9 item 9, asked
    on every instrument) is answered above 0."""
    return (safety_answer(instrument, answers, extra) or 0) > 0


def instrument_for(indication, severity):
    """The instrument of an indication from the ruleset's severity setting ({indication: (instrument, cut)});
    PHQ-9 for an indication without one ("other")."""
    entry = (severity or {}).get(indication)
    return entry[0] if entry else DEFAULT_INSTRUMENT


def median(values):
    """The median of a list of numbers, or None for an empty list."""
    ordered = sorted(values)
    n = len(ordered)
    if not n:
        return None
    middle = n // 2
    return ordered[middle] if n % 2 else (ordered[middle - 1] + ordered[middle]) / 2
