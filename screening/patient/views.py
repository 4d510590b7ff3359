"""The patient's pages: start with consent, the step-by-step questionnaire, crisis help, resume, receipt."""

from django import forms as django_forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from formtools.wizard.forms import ManagementForm
from formtools.wizard.views import NamedUrlWizardView

from clinic.links import absolute_url
from clinic.ratelimit import limited
from clinic.reasons import system_reason
from clinic.text import ascii_digits
from screening.models import Intake
from screening.services import intake_mark_urgent

from .forms import STEPS, ListStepForm, ResumeRequestForm, StartForm, drug_suggestions
from .models import IntakeDraft
from .services import (
    CONSENT_VERSION,
    CRISIS_RULE,
    DraftTooLarge,
    draft_check_size,
    draft_from_resume_token,
    draft_save,
    draft_send_resume_link,
    intake_start,
    intake_submit,
    suicide_risk_is_high,
)

SESSION_KEY = "intake_draft"
SUICIDE_STEPS = ("suicide", "suicide-more")
DRUG_STEPS = ("medications", "current-medicines")


def session_draft(request):
    token = request.session.get(SESSION_KEY)
    if not token:
        return None
    return IntakeDraft.objects.select_related("intake").filter(token=token).first()


def language():
    return "en" if (get_language() or "").startswith("en") else "nb"


@never_cache
@require_http_methods(["GET", "POST"])
def start(request):
    draft = session_draft(request)
    open_draft = draft if draft and draft.intake.status == Intake.Status.DRAFT else None
    form = StartForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if limited(request, "intake-start", settings.INTAKE_START_RATE):
            form.add_error(None, _("Too many questionnaires have been started from your network. "
                                   "Please wait an hour and try again."))
            status = 429
        elif form.is_valid():
            draft = intake_start(name=form.cleaned_data["name"], email=form.cleaned_data["email"],
                                 phone=form.cleaned_data["phone"], language=language())
            request.session.cycle_key()
            request.session[SESSION_KEY] = draft.token
            return redirect("intake:step")
    context = {"form": form, "open_draft": open_draft, "consent_version": CONSENT_VERSION,
               "errors": error_summary(form)}
    return render(request, "intake/start.html", context, status=status)


def anchor(bound_field):
    """The id of the element an error-summary link jumps to (the first option of a radio group)."""
    if isinstance(bound_field.field.widget, django_forms.RadioSelect):  # includes CheckboxSelectMultiple
        return f"{bound_field.auto_id}_0"
    return bound_field.auto_id


def error_summary(form):
    """[(label, message, element id)] for every error in the form (and its rows), in page order."""
    if not form.is_bound:
        return []
    items = [(None, error, None) for error in form.non_field_errors()]
    for field in form:
        items.extend((field.label, error, anchor(field)) for error in field.errors)
        if isinstance(form, ListStepForm) and field.name == "has_any" and form.rows._errors is not None:
            items.extend((None, error, None) for error in form.rows.non_form_errors())
            for i, row in enumerate(form.rows.forms, start=1):
                for row_field in row:
                    items.extend((f"{form.row_label} {i}: {row_field.label}", error, anchor(row_field))
                                 for error in row_field.errors)
    return items


# Which steps are asked follows from the answers of earlier steps (their part of the document).
def _answers(wizard, step, section):
    return (wizard.step_document(step) or {}).get(section) or {}


def pcl5_asked(wizard):
    indication = _answers(wizard, "reason", "indication")
    return indication.get("primary") == "ptsd" or "ptsd" in (indication.get("secondary") or [])


def suicide_more_asked(wizard):
    return _answers(wizard, "suicide", "suicide_screen").get("active_thoughts") is True


def pregnancy_asked(wizard):
    return _answers(wizard, "about", "patient").get("sex_at_birth") != "male"


def merge(into, fragment):
    for key, value in fragment.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            merge(into[key], value)
        else:
            into[key] = value
    return into


def build_document(documents_by_step, locale):
    """The `intake/2` document from the parts made by valid steps; questions not asked are null."""
    document = {"format": "intake/2", "locale": locale}
    for part in documents_by_step.values():
        merge(document, part)
    if "history" in documents_by_step:
        document["psychiatric"]["mdq_positive"] = None  # the web form does not ask for an MDQ screen
    if "pcl5" not in documents_by_step:
        document["pcl5"] = None
    if "suicide" in documents_by_step and "suicide-more" not in documents_by_step:
        document["suicide_screen"].update({"method": None, "intent": None, "plan": None})
    if "pregnancy" not in documents_by_step and "about" in documents_by_step:
        document["reproductive"] = None
    return document


class IntakeWizard(NamedUrlWizardView):
    storage_name = "screening.patient.storage.DraftStorage"
    form_list = STEPS
    condition_dict = {"pcl5": pcl5_asked, "suicide-more": suicide_more_asked, "pregnancy": pregnancy_asked}
    _submitted = False

    def dispatch(self, request, *args, **kwargs):
        draft = session_draft(request)
        if draft is None:
            messages.info(request, _("Start the questionnaire here, or open the link we e-mailed you to continue."))
            return redirect("intake:start")
        if draft.intake.status != Intake.Status.DRAFT:
            return redirect("intake:submitted")
        request.intake_draft = draft
        try:
            response = super().dispatch(request, *args, **kwargs)
            self.save_draft()
        except DraftTooLarge as exc:
            return self.render_too_large(exc)
        return response

    def render_too_large(self, exc):
        """400: the post would make the draft too large; the draft row was not changed."""
        step = self.storage.draft.wizard.get("step") if self.storage.draft.wizard else None
        back = self.get_step_url(step) if step in self.get_form_list() else reverse("intake:step")
        return render(self.request, "intake/too_large.html", {"message": exc.messages[0], "back": back}, status=400)

    def get_prefix(self, request, *args, **kwargs):
        return "intake"

    def get_template_names(self):
        return ["intake/review.html" if self.steps.current == "review" else "intake/step.html"]

    # --- saving -------------------------------------------------------------------------------
    def step_document(self, step):
        """`step`'s part of the document made from its stored answers, or None while they are not valid.

        The part made when the answers were last found valid is kept in the draft with their fingerprint
        (storage.py) and used while they are unchanged; otherwise the step's form validates them again.
        """
        data = self.storage.get_step_data(step)
        if data is None:
            return None
        document = self.storage.checked_document(step)
        if document is None:
            form = self.get_form(step, data=data)
            if not form.is_valid():
                return None
            document = form.to_document()
            self.storage.set_checked_document(step, document)
        return document

    def valid_documents(self):
        """{step: its part of the document} for every step asked whose stored answers are valid."""
        documents = {step: self.step_document(step) for step in self.get_form_list() if step != "review"}
        return {step: document for step, document in documents.items() if document is not None}

    def partial_document(self):
        """The document from the valid steps, plus every suicide-screen answer given on a page that is
        not complete yet: the clinicians must see the answer that made a draft urgent."""
        valid = self.valid_documents()
        document = build_document(valid, language())
        for step in SUICIDE_STEPS:
            data = self.storage.get_step_data(step)
            if step not in valid and data is not None and step in self.get_form_list():
                merge(document, self.get_form(step, data=data).to_document())
        return document

    def save_draft(self):
        if self._submitted or not self.storage.changed:
            return
        draft_save(draft=self.storage.draft, wizard=self.storage.data, document=self.partial_document())

    def keep_typed(self, step):
        """Store what was typed on `step` without validating it (Back, Add row, e-mail me a link)."""
        form = self.get_form(step, data=self.request.POST)
        if form.has_changed() or (isinstance(form, ListStepForm) and form.rows.has_changed()):
            self.storage.set_step_data(step, self.request.POST)
            self.forget_conditions()

    def forget_conditions(self):
        """Step data changed outside formtools' own post(): the steps shown may change too."""
        for attribute in ("_resolved_form_list", "_cache_signature"):
            self.__dict__.pop(attribute, None)

    # --- requests -----------------------------------------------------------------------------
    def post(self, *args, **kwargs):
        """Every button that stores answers (Next, Back, a step in the list, "e-mail me a link")
        goes through the crisis check: a high-risk answer is stored, marks the draft urgent and
        shows the crisis page, even when other questions on the page are not answered yet."""
        management = ManagementForm(self.request.POST, prefix=self.prefix)
        step = management.cleaned_data["current_step"] if management.is_valid() else None
        crisis = step in SUICIDE_STEPS and self.typed_risk_is_high(step)
        if step is not None and step not in self.get_form_list():
            # A stale page (the suicide follow-ups after answering "no") or a made-up step: store nothing,
            # but a high-risk answer on it still gets crisis help and an urgent draft (safer to over-call).
            return self.crisis() if crisis else redirect(self.get_step_url(self.first_incomplete_step()))
        if step is not None:
            # Before anything is stored: what this post would store, with the document saved so far.
            try:
                draft_check_size(draft=self.storage.draft, wizard=self.storage.data_with(step, self.request.POST),
                                 document=self.storage.draft.intake.document)
            except DraftTooLarge:
                if crisis:
                    return self.crisis()
                raise
        if crisis:
            self.keep_typed(step)
        response = self.store_and_move(step, args, kwargs)
        if crisis:
            self.save_draft()
            return self.crisis()
        return response

    def crisis(self):
        """Mark the draft urgent (the on-duty clinicians are told) and show crisis help."""
        intake_mark_urgent(intake=self.storage.draft.intake,
                           reason=system_reason("suicide_screen_crisis", rule=CRISIS_RULE))
        return redirect("intake:crisis")

    def typed_risk_is_high(self, step):
        """Do the answers stored so far, with those typed on this page, meet the crisis rule?"""
        screen = dict(self.partial_document().get("suicide_screen") or {})
        form_class = self.form_list[step]  # also a step no longer on the path (get_form knows only those)
        form = form_class(data=self.request.POST, prefix=self.get_form_prefix(step, form_class))
        screen.update(form.screen_answers())
        return suicide_risk_is_high({"suicide_screen": screen})

    def store_and_move(self, step, args, kwargs):
        if step not in self.get_form_list():
            return super().post(*args, **kwargs)
        self.storage.current_step = step
        goto = self.request.POST.get("wizard_goto_step")
        if goto and goto in self.get_form_list():
            self.keep_typed(step)
            return self.render_goto_step(goto)
        if "wizard_add_row" in self.request.POST and step in dict(STEPS) and issubclass(dict(STEPS)[step],
                                                                                        ListStepForm):
            data = self.request.POST.copy()
            total = f"{step}-rows-TOTAL_FORMS"
            typed = data.get(total) or "0"
            data[total] = str(min(int(typed) + 1, ListStepForm.max_rows)) if ascii_digits(typed) else "1"
            self.storage.set_step_data(step, data)
            self.forget_conditions()
            return redirect(self.get_step_url(step) + f"#{step}-rows-end")
        if "wizard_save_link" in self.request.POST:
            self.keep_typed(step)
            self.save_draft()
            send_resume_link(self.request, self.storage.draft)
            return redirect(self.get_step_url(step))
        return super().post(*args, **kwargs)

    def render_next_step(self, form, **kwargs):
        response = super().render_next_step(form, **kwargs)
        if self.request.POST.get("return_to_review"):
            return redirect(self.get_step_url(self.first_incomplete_step()))
        return response

    def first_incomplete_step(self):
        valid = self.valid_documents()
        for step in self.get_form_list():
            if step != "review" and step not in valid:
                self.storage.current_step = step
                return step
        self.storage.current_step = "review"
        return "review"

    def render_done(self, form, **kwargs):
        """The final "send". As formtools does, every step asked is checked again and a step whose
        answers are not valid (any more) is shown again; a step whose answers are unchanged since they
        were found valid is not validated a second time (`step_document`)."""
        if self.request.method != "POST":
            return redirect(self.get_step_url("review"))
        documents = {}
        for step in self.get_form_list():
            if step == "review":
                continue
            documents[step] = self.step_document(step)
            if documents[step] is None:
                failed = self.get_form(step, data=self.storage.get_step_data(step))
                return self.render_revalidation_failure(step, failed, **kwargs)
        return self.submit(documents)

    def submit(self, documents):
        try:
            intake_submit(draft=self.storage.draft, document=build_document(documents, language()))
        except ValidationError as exc:
            messages.error(self.request, exc.messages[0])
            return redirect(self.get_step_url("review"))
        self._submitted = True
        return redirect("intake:submitted")

    # --- pages --------------------------------------------------------------------------------
    def get_context_data(self, form, **kwargs):
        context = super().get_context_data(form=form, **kwargs)
        step = self.steps.current
        context.update(
            step_title=form.title,
            step_intro=getattr(form, "intro", ""),
            errors=error_summary(form),
            is_list_step=isinstance(form, ListStepForm),
            drug_names=drug_suggestions() if step in DRUG_STEPS else None,
            return_to_review=self.request.GET.get("review") == "1",
            progress=round(100 * self.steps.step1 / self.steps.count),
        )
        if step == "review":
            context["groups"] = self.review_groups()
        return context

    def review_groups(self):
        groups = []
        for step in self.get_form_list():
            if step == "review":
                continue
            form = self.get_form(step, data=self.storage.get_step_data(step))  # unbound when not answered
            groups.append({
                "step": step,
                "title": form.title,
                "items": form.review_items() if form.is_valid() else None,
                "edit_url": self.get_step_url(step) + "?review=1",
            })
        return groups


# never_cache: pages with answers are not kept in the browser's cache (no health data left behind).
intake_wizard = never_cache(IntakeWizard.as_view(url_name="intake:step", done_step_name="done"))


def send_resume_link(request, draft):
    if limited(request, "intake-resume", settings.INTAKE_RESUME_RATE):
        messages.error(request, _("Too many links have been requested from your network. "
                                  "Please wait an hour and try again. Your answers are saved."))
        return False
    draft_send_resume_link(
        draft=draft, language=language(),
        build_url=lambda token: absolute_url(reverse("intake:resume", args=[token])),
    )
    messages.success(request, _("Your answers are saved. We have sent a link to continue to %(email)s.")
                     % {"email": draft.intake.email})
    return True


@never_cache
@require_http_methods(["GET", "POST"])
def resume_request(request):
    """Ask for a new link by e-mail address (the same answer whether or not we know the address)."""
    form = ResumeRequestForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if limited(request, "intake-resume", settings.INTAKE_RESUME_RATE):
            form.add_error(None, _("Too many links have been requested from your network. "
                                   "Please wait an hour and try again."))
            status = 429
        elif form.is_valid():
            drafts = IntakeDraft.objects.select_related("intake").filter(
                intake__email__iexact=form.cleaned_data["email"], intake__status=Intake.Status.DRAFT)
            for draft in drafts[:3]:
                draft_send_resume_link(
                    draft=draft, language=language(),
                    build_url=lambda token: absolute_url(reverse("intake:resume", args=[token])),
                )
            messages.success(request, _("If we have an unfinished questionnaire for this address, we have sent "
                                        "a link to continue it. Check your e-mail."))
            return redirect("intake:resume_request")
    return render(request, "intake/resume_request.html", {"form": form, "errors": error_summary(form)},
                  status=status)


@never_cache
def resume(request, token):
    draft = draft_from_resume_token(token)
    if draft is None:
        return render(request, "intake/resume_invalid.html", status=404)
    if draft.intake.status != Intake.Status.DRAFT:
        # A used link opens nothing: whoever holds it now learns no reference and no e-mail address.
        return render(request, "intake/resume_used.html", status=410)
    request.session.cycle_key()
    request.session[SESSION_KEY] = draft.token
    return redirect("intake:step")


@never_cache
def crisis(request):
    draft = session_draft(request)
    return render(request, "intake/crisis.html", {
        "open_draft": draft and draft.intake.status == Intake.Status.DRAFT,
        "from_answers": bool(draft and draft.intake.urgent),  # not when the page is opened on its own
    })


@never_cache
def submitted(request):
    draft = session_draft(request)
    if draft is None:
        return redirect("intake:start")
    if draft.intake.status == Intake.Status.DRAFT:
        return redirect("intake:step")
    return render(request, "intake/submitted.html", {"reference": draft.intake.reference,
                                                      "email": draft.intake.email})
