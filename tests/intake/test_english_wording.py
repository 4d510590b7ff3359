"""English wording found by a native reader (issue 14): the phrases as an English speaker says them."""

from django.template.loader import render_to_string
from django.utils import translation

from screening.patient import forms


def test_the_questions_read_as_natural_english():
    with translation.override("en"):
        labels = " ".join(str(field.label) + " " + str(field.help_text)
                          for form in (forms.PracticalForm(), forms.PregnancyForm(), forms.PsychiatricForm())
                          for field in form.fields.values())
        rows = str(forms.CurrentMedicationRowForm().fields["other"].label)
    assert "on an empty stomach" in labels and "with an empty stomach" not in labels
    assert "in the coming months" in labels and "in the next months" not in labels
    assert "Have you ever had psychosis:" in labels and "had a psychosis" not in labels
    assert rows == "It is not on the list (another medicine)"


def test_the_receipt_says_we_will_reply():
    with translation.override("en"):
        page = render_to_string("intake/submitted.html", {"reference": "ABCD-EFGH", "email": "kari@example.com"})
    assert "We will reply by e-mail to kari@example.com." in page


def test_earlier_ketamine_is_named_like_the_other_earlier_treatments():
    with translation.override("en"):
        labels = [str(field.label) for field in forms.TherapiesForm().fields.values()][-3:]
    assert labels == ["Electroconvulsive therapy (ECT)", "Transcranial magnetic stimulation (rTMS)",
                      "Ketamine or esketamine (Spravato)"]


def test_the_bad_request_page_reads_as_plain_english():
    with translation.override("en"):
        page = render_to_string("400.html")
    assert "What the page sent was too large, or could not be read." in page
    assert "too much or too large data" not in page
