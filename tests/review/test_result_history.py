"""The case page and the PDF list every screening result with its ruleset, date and what changed."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from screening.models import ScreeningResult
from screening.review.selectors import result_history
from screening.rules import evaluate, get_ruleset
from screening.samples import as_intake_2

pytestmark = pytest.mark.django_db


def screened_as(intake, example_document, example, version):
    """A further result for `intake` as the rules would give for the example document `example`
    (results are append-only rows; this stands in for a screening with other answers or rules)."""
    document = example_document(example)
    result = evaluate(as_intake_2(document) if version == "2026.2" else document, get_ruleset(version))
    return ScreeningResult.objects.create(intake=intake, ruleset=version, outcome=result["outcome"],
                                          crisis=result["crisis"], scores=result["scores"], result=result)


def history_words(intake):
    """Each result's changes as one line each: 'new flags: A, B'."""
    rows = result_history(list(intake.results.order_by("-created_at", "-pk")))
    return [[" ".join([change["words"], ", ".join(change["codes"])]).strip() for change in row["changes"]]
            for row in rows]


def test_each_result_says_what_changed_since_the_one_before(make_intake, example_document):
    intake = make_intake("base-meets", ruleset_version="2026.1", intake_1=True)  # meets criteria, no flags
    screened_as(intake, example_document, "tr-one-trial", "2026.2")  # CRIT-TR-NOT-MET, INFO-NO-PSYCHOTHERAPY
    screened_as(intake, example_document, "bp-181-80", "2026.2")  # ABS-HTN-UNCONTROLLED only
    screened_as(intake, example_document, "bp-181-80", "2026.2")  # the same again
    with translation.override("en"):
        newest, third, second, first = history_words(intake)
    assert first == ["first screening"]
    assert second == ["outcome: Meets criteria → Criteria not met", "new flags: CRIT-TR-NOT-MET, INFO-NO-PSYCHOTHERAPY"]
    assert third == ["outcome: Criteria not met → Contraindicated", "new flag: ABS-HTN-UNCONTROLLED",
                     "flags no longer raised: CRIT-TR-NOT-MET, INFO-NO-PSYCHOTHERAPY"]
    assert newest == ["no change in outcome or flags"]


def test_when_the_outcome_stays_the_same_only_the_flags_that_changed_are_named(make_intake, example_document):
    intake = make_intake("tr-one-trial", ruleset_version="2026.1", intake_1=True)
    screened_as(intake, example_document, "indication-other", "2026.2")  # criteria not met, by CRIT-INDICATION
    with translation.override("en"):
        newest, _first = history_words(intake)
    assert newest == ["new flag: CRIT-INDICATION", "flags no longer raised: CRIT-TR-NOT-MET, INFO-NO-PSYCHOTHERAPY"]
    assert not any(change.startswith("outcome") for change in newest)


def test_the_case_page_lists_the_results_newest_first_with_ruleset_and_changes(as_clinician, make_intake,
                                                                               example_document):
    intake = make_intake("base-meets", ruleset_version="2026.1", intake_1=True)
    screened_as(intake, example_document, "bp-181-80", "2026.2")
    response = as_clinician.get(f"/en/review/case/{intake.reference}/")
    rows = [row for row in response.context["result_history"]]
    assert [row["result"].ruleset for row in rows] == ["2026.2", "2026.1"]
    page = response.content.decode()
    assert page.count('data-testid="result-history-row"') == 2
    assert "outcome: Meets criteria → Contraindicated" in page
    assert 'new flag: <span class="text-nowrap">ABS-HTN-UNCONTROLLED</span>' in page
    assert page.index("ruleset 2026.2 · Contraindicated") < page.index("ruleset 2026.1 · Meets criteria")


def test_a_case_screened_once_has_no_history_section(as_clinician, make_intake):
    intake = make_intake("bp-181-80")
    page = as_clinician.get(reverse("review:case", args=[intake.reference])).content.decode()
    assert 'data-testid="result-history-row"' not in page


def test_the_pdf_has_the_history_in_the_page_language(as_clinician, make_intake, example_document):
    intake = make_intake("base-meets", ruleset_version="2026.1", intake_1=True)
    screened_as(intake, example_document, "bp-181-80", "2026.2")
    response = as_clinician.get(reverse("review:pdf", args=[intake.reference]))
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    text = " ".join(text.split())
    assert "regelsett 2026.1 · Oppfyller kriteriene" in text
    assert "ABS-HTN-UNCONTROLLED" in text.split("regelsett 2026.2 · Kontraindisert", 1)[1]


def test_the_case_page_reads_the_same_number_of_queries_with_one_result_or_many(as_clinician, make_intake,
                                                                                 example_document):
    once = make_intake("base-meets")
    often = make_intake("base-meets", ruleset_version="2026.1", intake_1=True)
    for example in ("bp-181-80", "tr-one-trial", "urgent-intent", "meds-sobril-lamictal", "base-meets"):
        screened_as(often, example_document, example, "2026.2")
    as_clinician.get(reverse("review:case", args=[once.reference]))
    with CaptureQueriesContext(connection) as one:
        as_clinician.get(reverse("review:case", args=[once.reference]))
    with CaptureQueriesContext(connection) as six:
        page = as_clinician.get(reverse("review:case", args=[often.reference])).content.decode()
    assert page.count('data-testid="result-history-row"') == 6
    assert len(six) == len(one)
