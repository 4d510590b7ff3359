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


# --- review item 7: the prescription and its maxima -------------------------------------------------------

@pytest.mark.django_db
def test_a_nurse_records_only_the_prescribed_dose_a_clinician_may_prescribe_another(client, nurse, clinician,
                                                                                     today_infusion):
    from django.core.exceptions import ValidationError
    from django.urls import reverse

    from clinic.treatment import services
    from tests.conftest import log_in

    log_in(client, nurse)
    response = client.post(reverse("treatment:dose", args=[today_infusion.pk]),
                           {"weight_kg": "70", "mg_per_kg": "0.6", "minutes": "40"})
    assert response.status_code == 400
    assert "a clinician must prescribe a different dose" in " ".join(response.context["dose_form"].errors["mg_per_kg"])
    with pytest.raises(ValidationError, match="clinician must prescribe"):
        services.infusion_dose_record(appointment=today_infusion, weight_kg="70", mg_per_kg="0.6", minutes=40,
                                      actor=nurse)
    record = services.infusion_dose_record(appointment=today_infusion, weight_kg="70", mg_per_kg="0.6", minutes=40,
                                           actor=clinician)
    assert record.total_mg == D("42.0")


@pytest.mark.django_db
@pytest.mark.parametrize("weight, mg_per_kg, message", [
    ("70", "1.01", "not be above 1.0 mg/kg"), ("300", "0.5", "above the maximum of 100 mg"),
    ("101", "1.0", "above the maximum of 100 mg"),
])
def test_no_one_records_a_dose_above_the_maxima(clinician, today_infusion, weight, mg_per_kg, message):
    from django.core.exceptions import ValidationError

    from clinic.treatment import services
    from clinic.treatment.models import InfusionRecord

    with pytest.raises(ValidationError, match=message) as error:
        services.infusion_dose_record(appointment=today_infusion, weight_kg=weight, mg_per_kg=mg_per_kg, minutes=40,
                                      actor=clinician)
    assert set(error.value.error_dict) == {"mg_per_kg"}
    assert not InfusionRecord.objects.filter(dose_at__isnull=False).exists()


@pytest.mark.django_db
def test_the_maxima_follow_the_settings(settings, clinician, today_infusion):
    from clinic.treatment import services

    settings.TREATMENT_MAX_TOTAL_MG = D("150")
    record = services.infusion_dose_record(appointment=today_infusion, weight_kg="140", mg_per_kg="1.0", minutes=40,
                                           actor=clinician)
    assert record.total_mg == D("140.0")
