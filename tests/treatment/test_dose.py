"""Dose arithmetic (clinic/treatment/dose.py): total mg to 0.1 mg half up, the rate from that rounded total,
mg/min to 0.01 and mg/h to 0.1, half up; values outside the bounds are refused."""

from decimal import Decimal

import pytest

from clinic.treatment.dose import infusion_dose

D = Decimal


def test_the_usual_dose_is_half_a_milligram_per_kilo_over_forty_minutes():
    dose = infusion_dose(weight_kg="70", mg_per_kg="0.5", minutes=40)
    assert (dose.total_mg, dose.rate_mg_per_min, dose.rate_mg_per_h) == (D("35.0"), D("0.88"), D("52.5"))
    assert str(dose.total_mg) == "35.0" and str(dose.rate_mg_per_min) == "0.88"  # the digits shown


@pytest.mark.parametrize("weight, total", [
    ("72.5", "36.3"),   # 36.25 rounds half up, not to even (36.2)
    ("72.3", "36.2"),   # 36.15 -> 36.2
    ("72.1", "36.1"),   # 36.05 -> 36.1
    ("72.2", "36.1"),   # 36.10
    ("25", "12.5"),     # the lowest weight
    ("300", "150.0"),   # the highest weight
])
def test_the_total_is_rounded_to_a_tenth_of_a_milligram_half_up(weight, total):
    assert infusion_dose(weight_kg=weight, mg_per_kg="0.5", minutes=40).total_mg == D(total)


def test_the_rate_is_computed_from_the_rounded_total():
    # 81.3 kg x 0.5 = 40.65 -> 40.7 mg (drawn up); 40.7 / 40 = 1.0175 -> 1.02 mg/min; x 60 = 61.05 -> 61.1 mg/h.
    dose = infusion_dose(weight_kg="81.3", mg_per_kg="0.5", minutes=40)
    assert (dose.total_mg, dose.rate_mg_per_min, dose.rate_mg_per_h) == (D("40.7"), D("1.02"), D("61.1"))


def test_a_comma_free_float_gives_the_same_as_the_decimal_typed():
    # 0.1 + 0.2 style float noise never reaches the result: the values are read as decimals from text.
    assert infusion_dose(weight_kg=D("64.9"), mg_per_kg=D("0.75"), minutes=45).total_mg == D("48.7")  # 48.675


@pytest.mark.parametrize("kwargs, field", [
    ({"weight_kg": "24.9"}, "weight_kg"), ({"weight_kg": "300.1"}, "weight_kg"),
    ({"mg_per_kg": "0.04"}, "mg_per_kg"), ({"mg_per_kg": "2.01"}, "mg_per_kg"),
    ({"minutes": 9}, "minutes"), ({"minutes": 241}, "minutes"), ({"minutes": True}, "minutes"),
])
def test_values_outside_the_bounds_are_refused_naming_the_field(kwargs, field):
    args = {"weight_kg": "70", "mg_per_kg": "0.5", "minutes": 40, **kwargs}
    with pytest.raises(ValueError, match=field):
        infusion_dose(**args)
