"""One glossary (screening/glossary.py, issue 14): the names of the questionnaire's parts, the medicines,
the conditions and the date of birth read the same on the patient's review page, the case page and the
case PDF, in each language."""

import pytest
from django.urls import reverse
from django.utils import translation

from screening.models import Intake
from tests.intake.answers import BASE_ANSWERS
from tests.intake.helpers import start, walk
from tests.intake.answers import step_post
from tests.review.test_page_language import pdf_text

pytestmark = pytest.mark.django_db

# BASE_ANSWERS: depression with anxiety besides, born 02.04.1985, medicines tried and taken now, therapy.
TERMS = {
    "en": ("Medicines tried", "Therapy and other treatments", "Medicines taken now", "Practical matters",
           "Depression (PHQ-9)", "Anxiety (GAD-7)", "Depression", "Anxiety", "2 Apr 1985"),
    "nb": ("Medisiner som er prøvd", "Samtalebehandling og annen behandling", "Medisiner som brukes nå",
           "Praktiske forhold", "Depresjon (PHQ-9)", "Angst (GAD-7)", "Depresjon", "Angst", "02.04.1985"),
}
OLD_WORDS = ("Practical notes", "medication trials", "Current medications", "current medications", "1985-04-02",
             "Praktiske merknader", "medikamentforsøk", "Nåværende medisiner", "nåværende medisiner")


@pytest.mark.parametrize("language", ["nb", "en"])
def test_the_terms_and_the_date_of_birth_are_the_same_for_the_patient_the_case_page_and_the_pdf(
        client, as_clinician, language):
    with translation.override(language):
        start(client)
        walk(client, until="review")
        review_url = reverse("intake:step", kwargs={"step": "review"})
        review = client.get(review_url).content.decode()
        assert client.post(review_url, step_post("review", BASE_ANSWERS["review"])).status_code == 302
        intake = Intake.objects.get(status=Intake.Status.SUBMITTED)
        case = as_clinician.get(reverse("review:case", args=[intake.reference])).content.decode()
        pdf = pdf_text(as_clinician.get(reverse("review:pdf", args=[intake.reference])))
    for page, text in (("review page", review), ("case page", case), ("PDF", pdf)):
        for term in TERMS[language]:
            assert term in text, (page, term)
        for words in OLD_WORDS:
            assert words not in text, (page, words)
