"""Scored instruments and derived values (plain Python, no Django).

Every function takes the answers as they appear in the intake document and returns `None` when
the input is not answered: an instrument is scored only when complete (the validator makes sure
a present instrument is complete).
"""

from decimal import ROUND_HALF_UP, Decimal

PHQ9_BANDS = ((4, "minimal"), (9, "mild"), (14, "moderate"), (19, "moderately_severe"), (27, "severe"))
GAD7_BANDS = ((4, "minimal"), (9, "mild"), (14, "moderate"), (21, "severe"))
PCL5_BANDS = ((32, "below_threshold"), (80, "probable_ptsd"))


def total(items):
    """Sum of an instrument's items (PHQ-9, GAD-7, PCL-5, AUDIT-C), or None when not answered."""
    return None if items is None else sum(items)


def band(score, bands):
    """The band name for a score, from ((upper bound inclusive, name), ...)."""
    if score is None:
        return None
    for upper, name in bands:
        if score <= upper:
            return name
    return bands[-1][1]


def phq9_band(score):
    return band(score, PHQ9_BANDS)


def gad7_band(score):
    return band(score, GAD7_BANDS)


def pcl5_band(score):
    return band(score, PCL5_BANDS)


def age_on(date_of_birth, on_date):
    """Whole years from `date_of_birth` to `on_date`, both ISO `YYYY-MM-DD` strings.

    The birthday is reached when "MM-DD" of the day is not before "MM-DD" of the birth (ISO
    strings compare in date order), so a 29 February birthday is reached on 1 March in other years.
    """
    if date_of_birth is None or on_date is None:
        return None
    return int(on_date[:4]) - int(date_of_birth[:4]) - (on_date[5:10] < date_of_birth[5:10])


def age_at_submission(date_of_birth, submitted_at):
    """Age on the calendar date written in `submitted_at` (its own offset, not converted)."""
    if submitted_at is None:
        return None
    return age_on(date_of_birth, submitted_at[:10])


_ONE_DECIMAL = Decimal("0.1")


def bmi(weight_kg, height_cm):
    """weight / (height in m)^2, rounded to one decimal, half away from zero.

    Near a rounding boundary the value is recomputed in decimal from the numbers as written, so
    an exact 34.95 rounds to 35.0 and not, through binary floating point, to 34.9.
    """
    if weight_kg is None or height_cm is None:
        return None
    metres = height_cm / 100
    tenths = weight_kg / (metres * metres) * 10
    if abs(tenths - int(tenths) - 0.5) > 1e-6:
        return int(tenths + 0.5) / 10  # not near a .x5 boundary: plain rounding is exact enough
    exact_metres = Decimal(repr(height_cm)) / 100
    value = Decimal(repr(weight_kg)) / (exact_metres * exact_metres)
    return float(value.quantize(_ONE_DECIMAL, rounding=ROUND_HALF_UP))
