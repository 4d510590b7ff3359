"""Reasons the system gives on history rows, worded in the reader's language when shown.

A history row written by a person keeps their reason as typed. One written by the system (the patient
started an intake, a screening made it urgent, a re-screening changed its outcome…) stores a stable code
and its parameters, and the English sentence too: the audit trail and the exports read that text, and rows
written before the codes have only it. A page shows `row.shown_reason`: the code worded now, in the
active language, or else the stored text.

Adding a reason is one entry in REASONS (English with named placeholders, marked for translation) and
`reason=system_reason("code", **params)` where the row is written. Pass it to the row as it is: it is a
str carrying its code, and any string operation on it (strip, slicing, +, an f-string) gives a plain str
without the code (the row then keeps only the English text).
"""

from collections.abc import Mapping
from types import MappingProxyType
from typing import NamedTuple

from django.db import models
from django.utils import translation
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _


# The labels are imported where they are used: screening.models and clinic.scheduling.models import this
# module, so importing theirs at the top would be circular.
def _outcome(value):
    from screening.models import ScreeningResult

    return dict(ScreeningResult.Outcome.choices).get(value, value)


def _decision(value):
    from screening.review.models import Decision

    return dict(Decision.Kind.choices).get(value, value)


def _instrument(value):
    from clinic.proms.models import INSTRUMENT_CHOICES

    return dict(INSTRUMENT_CHOICES).get(value, value)


def _joined(values):
    return ", ".join(values)


# What a questionnaire answer that called for crisis help was besides (its `notes` parameter).
ANSWER_NOTES = {
    "late": gettext_noop("after the link expired"),
    "resent": gettext_noop("sent again after the link was used"),
    "incomplete": gettext_noop("incomplete"),
}


def _answer_notes(notes):
    return "".join(", " + gettext(ANSWER_NOTES[note]) for note in notes if note in ANSWER_NOTES)


class Reason(NamedTuple):
    text: str  # English, with named placeholders; gettext_noop so that makemessages finds it
    labels: Mapping = MappingProxyType({})  # placeholder -> its stored value in words (codes, rule names and typed text stay as they are)
    codes_in_text: tuple = ()  # placeholders written as their codes in the stored English text (as it always was)


REASONS = {
    # an intake's status history (screening.IntakeStatusChange)
    "intake_started": Reason(gettext_noop("Started by the patient on the web")),
    "intake_submitted": Reason(gettext_noop("Submitted by the patient on the web")),
    "screening_urgent": Reason(gettext_noop("Marked urgent: the %(ruleset)s screening raised an urgent flag.")),
    "suicide_screen_crisis": Reason(gettext_noop("%(rule)s met by the suicide-screen answers; crisis help shown.")),
    "claimed": Reason(gettext_noop("Claimed for review")),
    "decided": Reason("%(decision)s", labels={"decision": _decision}),  # the decision's name is the reason
    "info_answered": Reason(gettext_noop("The patient answered the request for information")),
    "rescreened": Reason(gettext_noop("Re-screened under %(ruleset)s: was %(was)s, now %(now)s"),
                         labels={"was": _outcome, "now": _outcome}, codes_in_text=("was", "now")),
    "rescreen_alert_reviewed": Reason(
        gettext_noop("Re-screening alert reviewed (%(codes)s, ruleset %(ruleset)s): %(note)s"),
        labels={"codes": _joined}),
    "questionnaire_crisis": Reason(
        gettext_noop("Marked urgent: a questionnaire answer (%(instrument)s, response %(response)s%(notes)s) "
                     "called for crisis help."),
        labels={"instrument": _instrument, "notes": _answer_notes}),
    "questionnaire_crisis_reviewed": Reason(
        gettext_noop("Crisis answer to a questionnaire (response %(response)s) reviewed: %(note)s")),
    "questionnaire_urgent_cleared": Reason(
        gettext_noop("No longer urgent: every questionnaire answer that called for crisis help has been reviewed.")),
    # an appointment's history (scheduling.AppointmentChange)
    "consultation_not_proceeding": Reason(gettext_noop("The clinician decided not to proceed after the consultation.")),
    "consultation_decided": Reason(gettext_noop("Decision recorded after the consultation.")),
    "patient_cancelled": Reason(gettext_noop("Cancelled by the patient through the self-service link.")),
    "infusion_started": Reason(gettext_noop("The infusion was started.")),
    "evaluation_concluded": Reason(gettext_noop("Conclusion recorded at the evaluation.")),
}


class SystemReason(str):
    """A reason written by the system: the English sentence (a str, so it goes wherever a typed reason
    goes), with its code and parameters."""

    def __new__(cls, code, params):
        reason = REASONS[code]
        with translation.override("en"):
            text = reason.text % {key: value if key in reason.codes_in_text else _word(reason, key, value)
                                  for key, value in params.items()}
        self = super().__new__(cls, text)
        self.code, self.params = code, params
        return self

    def __getnewargs__(self):  # copy and pickle make it again from its code and parameters
        return (self.code, self.params)


def system_reason(code, **params):
    """The reason for a history row written by the system. Parameters are stored as JSON: strings,
    numbers, lists."""
    return SystemReason(code, params)


def reason_fields(reason):
    """The fields of a history row for `reason` (typed text or a system_reason), for rows made without
    save() (bulk_create)."""
    if isinstance(reason, SystemReason):
        return {"reason": str(reason), "reason_code": reason.code, "reason_params": reason.params}
    return {"reason": reason}


def _word(reason, key, value):
    label = reason.labels.get(key)
    return str(label(value)) if label else value


def shown_reason(*, text, code, params):
    """A row's reason in the active language: its code worded now, or else the stored text (rows older
    than the codes, reasons typed by a person, a code no longer known)."""
    reason = REASONS.get(code or "")
    if reason is None:
        return text
    params = params or {}
    if not isinstance(params, dict):
        return text
    try:
        return gettext(reason.text) % {key: _word(reason, key, value) for key, value in params.items()}
    except (KeyError, TypeError, ValueError):
        return text


class SystemReasonFields(models.Model):
    """A history row's `reason_code` and `reason_params`, filled when the row is saved with a
    system_reason (its `reason` keeps the English sentence), and its `shown_reason`."""

    reason_code = models.CharField(_("reason code"), max_length=40, blank=True, default="")
    reason_params = models.JSONField(_("reason parameters"), null=True, blank=True)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if isinstance(self.reason, SystemReason):
            self.reason_code, self.reason_params = self.reason.code, self.reason.params
            self.reason = str(self.reason)
        super().save(*args, **kwargs)

    @property
    def shown_reason(self):
        return shown_reason(text=self.reason, code=self.reason_code, params=self.reason_params)
