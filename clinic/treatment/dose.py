"""Dose arithmetic for one infusion (plain Python, no Django): what the nurse draws up and sets the pump to.

Decimal throughout, with explicit rounding, so the number on the screen is the number a second person
checks by hand:
- total dose (mg) = weight (kg) × prescribed dose (mg/kg), rounded to 0.1 mg, half up (ROUND_HALF_UP);
- the rate is computed from that rounded total (the amount actually drawn up), over the infusion time:
  mg/min rounded to 0.01 mg/min and mg/h rounded to 0.1 mg/h, both half up. The page shows both, mg/h
  first (what an infusion pump is set to).
The bounds are the physiologically possible (weight) and the plausible prescription (mg/kg, minutes): a
value outside them is a typing error, refused with a field error.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

WEIGHT_KG_MIN = Decimal("25")
WEIGHT_KG_MAX = Decimal("300")
MG_PER_KG_MIN = Decimal("0.05")
MG_PER_KG_MAX = Decimal("2.0")
MINUTES_MIN = 10
MINUTES_MAX = 240

TOTAL_MG_STEP = Decimal("0.1")
RATE_MG_PER_MIN_STEP = Decimal("0.01")
RATE_MG_PER_H_STEP = Decimal("0.1")


@dataclass(frozen=True)
class Dose:
    weight_kg: Decimal
    mg_per_kg: Decimal
    minutes: int
    total_mg: Decimal
    rate_mg_per_min: Decimal
    rate_mg_per_h: Decimal


def _round(value, step):
    return value.quantize(step, rounding=ROUND_HALF_UP)


def infusion_dose(*, weight_kg, mg_per_kg, minutes):
    """The total dose and the rate for `weight_kg` × `mg_per_kg` over `minutes` (see the module docstring).
    Raises ValueError for values outside the bounds."""
    weight_kg, mg_per_kg = Decimal(weight_kg), Decimal(mg_per_kg)
    if not WEIGHT_KG_MIN <= weight_kg <= WEIGHT_KG_MAX:
        raise ValueError("weight_kg")
    if not MG_PER_KG_MIN <= mg_per_kg <= MG_PER_KG_MAX:
        raise ValueError("mg_per_kg")
    if isinstance(minutes, bool) or not isinstance(minutes, int) or not MINUTES_MIN <= minutes <= MINUTES_MAX:
        raise ValueError("minutes")
    total = _round(weight_kg * mg_per_kg, TOTAL_MG_STEP)
    return Dose(
        weight_kg=weight_kg, mg_per_kg=mg_per_kg, minutes=minutes, total_mg=total,
        rate_mg_per_min=_round(total / minutes, RATE_MG_PER_MIN_STEP),
        rate_mg_per_h=_round(total * 60 / minutes, RATE_MG_PER_H_STEP),
    )
