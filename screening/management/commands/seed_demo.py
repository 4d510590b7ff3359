"""`manage.py seed_demo`: demo users and the example intakes, for a local demo. Safe to run twice.

`--intakes N` adds generated intakes (screening/seeding.py) until there are N of them (e-mail
addresses @seed.invalid): by default a realistic history (nearly all decided, with appointments for
some approved patients); with `--all-open` every one is open. For benchmarks of the pages.
"""

import hashlib
import json
import os
import random
import re
import time
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone, translation

from clinic.accounts.roles import role_words
from clinic.formats import day_month
from clinic.links import site_url
from screening import seeding
from screening.document import IntakeInvalid, check_intake
from screening.models import REFERENCE_ALPHABET, Intake
from screening.review.rescreen import rescreen_intake
from screening.samples import as_intake_2
from screening.services import intake_import

# (e-mail, name, roles): a medical lead is also a clinician in practice. Plain personal names, the same in
# both languages; the pages show the role in the page's language beside the name ("Silje Strand (clinician)").
DEMO_USERS = (
    ("clinician@demo.clinic", "Silje Strand", ("clinician",)),
    ("staff@demo.clinic", "Thomas Lie", ("staff",)),
    ("nurse@demo.clinic", "Hanne Dahl", ("nurse",)),
    ("admin@demo.clinic", "Anne Moe", ("administrator",)),
    ("lead@demo.clinic", "Per Holm", ("medical_lead", "clinician")),
)
DEMO_NAMES = ("Kari Nordmann", "Ola Nordmann", "Ingrid Hansen", "Lars Johansen", "Sofie Olsen", "Emil Larsen",
              "Nora Andersen", "Jonas Pedersen", "Maja Nilsen", "Henrik Berg", "Ida Kristiansen", "Magnus Jensen")
DEFAULT_DEMO_PASSWORD = "demo-ketamin-2026"


def demo_reference(filename):
    """A stable reference per example file, so a second run finds what the first one made."""
    digest = hashlib.sha256(filename.encode()).digest()
    return "DEMO-" + "".join(REFERENCE_ALPHABET[b % len(REFERENCE_ALPHABET)] for b in digest[:4])


# These examples are loaded as intakes sent with the questionnaire of ruleset 2026.1 (intake/1) and
# screened again when 2026.2 came; the others as sent with today's questionnaire (intake/2).
SUBMITTED_BEFORE_2026_2 = ("tr-one-trial.json", "meds-sobril-lamictal.json")
# The demo story needs these examples (the urgent draft, the story's patients, the queue's cases).
STORY_EXAMPLES = ("urgent-intent.json", "base-meets.json", "ptsd-meets.json", "bp-181-80.json", "tr-one-trial.json",
                  "female-reproductive-missing.json", "indication-other.json")
URGENT_DRAFT_KEY = "story:urgent-draft"


@contextmanager
def _mail_not_printed():
    """The e-mails sent inside are kept in memory (listed in what it yields) instead of going to the
    configured backend: on the demo's console they would bury the lines that tell what to try."""
    saved = settings.EMAIL_BACKEND
    start = len(getattr(mail, "outbox", []))
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    sent = []
    try:
        yield sent
    finally:
        settings.EMAIL_BACKEND = saved
        sent.extend(getattr(mail, "outbox", [])[start:])


class Command(BaseCommand):
    help = "Create demo users and load every valid example intake from the shared examples folder."

    def add_arguments(self, parser):
        parser.add_argument("--examples", default=str(settings.SCREENING_EXAMPLES_DIR))
        parser.add_argument("--allow-production", action="store_true",
                            help="run even when DEBUG is false (never on the clinic's real server)")
        parser.add_argument("--intakes", type=int, default=0,
                            help="also generate intakes until there are this many (e-mail @seed.invalid)")
        parser.add_argument("--all-open", action="store_true",
                            help="the generated intakes are all open (default: a history, nearly all decided)")
        parser.add_argument("--seed", type=int, default=2026, help="of the generated intakes")

    def handle(self, *args, examples, allow_production, intakes, all_open, seed, **options):
        if not settings.DEBUG and not allow_production:
            raise CommandError("seed_demo makes users with a known password: it runs only with DEBUG=true.")
        if intakes < 0:
            raise CommandError("--intakes must be 0 or more")
        with transaction.atomic():
            self._demo(examples)
        if intakes:
            self._generated(intakes, shape=seeding.ALL_OPEN if all_open else seeding.HISTORY, seed=seed)
        from clinic.proms.demo import seed_scores

        with transaction.atomic():
            seed_scores(profiles=getattr(self._story, "profiles", None), stdout=self.stdout)  # after every appointment
        self.stdout.write("")
        for line in self._user_lines:
            self.stdout.write(line)
        self._second_factor_note()
        if self._story is not None:
            for line in what_to_try(self._story):
                self.stdout.write(line)

    def _demo(self, examples):
        password = os.environ.get("DEMO_PASSWORD", DEFAULT_DEMO_PASSWORD)
        users = self._users(password)
        files = sorted(p for p in Path(examples).glob("*.json") if not p.name.endswith(".expected.json"))
        loaded = 0
        documents, references = {}, {}  # of the valid examples, by file name (documents as intake/2)
        for number, path in enumerate(files):
            document = json.loads(path.read_text(encoding="utf-8"))
            try:
                check_intake(document)
            except IntakeInvalid:
                continue  # the invalid examples are for the validator's tests
            reference = demo_reference(path.name)
            documents[path.name], references[path.name] = as_intake_2(document), reference
            if Intake.objects.filter(reference=reference).exists():
                continue
            earlier = path.name in SUBMITTED_BEFORE_2026_2
            intake, _result = intake_import(
                document=document if earlier else as_intake_2(document),
                reference=reference,
                name=DEMO_NAMES[number % len(DEMO_NAMES)],
                email=f"demo{number + 1}@example.com",
                phone=f"+47 900 00 {number + 100}",
                reason=f"seed_demo: {path.name}",
                ruleset_version="2026.1" if earlier else None,
            )
            if earlier:  # then the clinic switched to ruleset 2026.2: the case shows its result history
                rescreen_intake(intake_id=intake.pk, ruleset_version="2026.2")
            loaded += 1
        self.stdout.write(f"Example intakes: {loaded} loaded now, {Intake.objects.count()} in the database.")
        from clinic.scheduling.demo import APPROVED_DEMO_EXAMPLE, seed_scheduling

        seed_scheduling(approved_reference=demo_reference(APPROVED_DEMO_EXAMPLE), stdout=self.stdout)
        self._story = self._demo_story(documents, references) if set(STORY_EXAMPLES) <= set(documents) else None
        self._user_lines = users

    def _demo_story(self, documents, references):
        """Cases in every queue status, an urgent draft, and the scheduling story (screening/review/demo.py,
        clinic/scheduling/demo.py). Their e-mails go to the outbox as always, but are not printed here."""
        from clinic.scheduling.demo import DEMO_CLINICIAN_EMAIL, seed_story
        from screening.review.demo import queue_states, urgent_draft

        clinician = get_user_model().objects.get(email=DEMO_CLINICIAN_EMAIL)
        now = timezone.now()
        with _mail_not_printed() as sent:
            queue_states(references=references, clinician=clinician, now=now)
            draft, _created = urgent_draft(reference=demo_reference(URGENT_DRAFT_KEY), name="Eirik Dahl",
                                           email="story.urgent-draft@example.com", phone="+47 911 00 099",
                                           document=documents["urgent-intent.json"], now=now)
            story = seed_story(examples=documents, reference_for=demo_reference, now=now)
            from clinic.treatment.demo import seed_treatment

            seed_treatment(story=story, examples=documents, reference_for=demo_reference, now=now, stdout=self.stdout)
        story.draft = draft
        self.stdout.write(f"Demo story: {len(sent)} e-mails written now (see them in the outbox, /scheduling/outbox/).")
        links = [link for message in sent for link in re.findall(r"https?://\S+", message.body)]
        wrong = [link for link in links if not link.startswith(site_url() + "/")]
        if wrong:
            self.stdout.write(f"WARNING: e-mail links not on SITE_URL ({site_url()}): {', '.join(wrong)}")
        elif links:
            self.stdout.write(f"Links in e-mails point at SITE_URL: {site_url()}/…")
        return story

    def _generated(self, count, *, shape, seed):
        from clinic.scheduling.demo import DEMO_CLINICIAN_EMAIL, seed_appointments
        from clinic.scheduling.models import Appointment, AppointmentChange, Booking, ConsultationOutcome, FollowUpTask, InfusionSeries

        started = time.perf_counter()

        def progress(done, total):
            self.stdout.write(f"Generated intakes: {done}/{total} ({time.perf_counter() - started:.1f} s)")

        clinician = get_user_model().objects.get(email=DEMO_CLINICIAN_EMAIL)
        seeded = seeding.seed_intakes(count, shape=shape, clinician=clinician, seed=seed, progress=progress)
        if shape.appointments and seeded.approved:
            seed_appointments(seeded.approved, rng=random.Random(seed), clinician=clinician, now=timezone.now(),
                              stdout=self.stdout)
        if seeded.added:
            seeding.analyze(*seeding.seeded_models(), InfusionSeries, Appointment, Booking, AppointmentChange,
                            ConsultationOutcome, FollowUpTask)
        self.stdout.write(f"Generated intakes: {seeded.added} added now, {seeding.SEED.intakes().count()} in all "
                          f"({time.perf_counter() - started:.1f} s).")

    def _second_factor_note(self):
        if settings.MFA_ENFORCED:
            self.stdout.write("Two-factor login is ON: at the first login each demo user scans a QR code with an "
                              "authenticator app (or types the key shown).")
        else:
            self.stdout.write("Two-factor login is OFF for this local demo (MFA_ENFORCED=false); the pages say so.")
        self.stdout.write("Log in at /accounts/login/ ; clinicians work the queue at /review/ ; the medical lead "
                          "sees the impact of a new ruleset at /review/rescreen/ .")

    def _users(self, password):
        """Make the demo users; returns the lines that list them (printed at the end)."""
        User = get_user_model()
        lines = [f"Demo users (password for all: {password}):"]
        for email, name, roles in DEMO_USERS:
            admin = "administrator" in roles
            user, created = User.objects.get_or_create(
                email=email, defaults={"name": name, "is_staff": admin, "is_superuser": admin},
            )
            if created:
                user.set_password(password)
                user.save()
            elif user.name.startswith("Demo "):  # the earlier demo names ("Demo Kliniker")
                user.name = name
                user.save(update_fields=["name"])
            user.groups.add(*(Group.objects.get_or_create(name=role)[0] for role in roles))
            with translation.override("en"):  # the demo's console speaks English
                lines.append(f"  {email:<24} {user.name} ({role_words(roles)})")
        return lines


def what_to_try(story):
    """The lines that walk a new user through the story, with the names and times of this database (in
    English, as the rest of the console: dates as English pages write them)."""
    with translation.override("en"):
        return _what_to_try(story)


def _what_to_try(story):
    from clinic.scheduling.availability import when

    lines = ["", "What to try first:"]
    draft = story.draft
    lines.append(f"  1. Log in as clinician@demo.clinic -> the queue (/review/): at the top the urgent draft of "
                 f"{draft.name} ({draft.reference}, who reached the crisis page), then cases in every status: "
                 "submitted, in review (yours), information requested, resubmitted, approved, declined.")
    if story.today is not None:
        lines.append(f"  2. Still as the clinician: {story.today.intake.name}'s consultation began today "
                     f"({when(story.today.start)}) -> /scheduling/appointments/{story.today.pk}/ : record "
                     "\"proceed to infusions\".")
        lines.append(f"  3. Log in as staff@demo.clinic -> the desk (/scheduling/): plan and book "
                     f"{story.today.intake.name}'s infusion series "
                     f"(/scheduling/patients/{story.today.intake_id}/series/).")
    if story.no_show is not None:
        lines.append(f"     Re-book {story.no_show.intake.name}, who did not come on {when(story.no_show.start)} "
                     f"(/scheduling/patients/{story.no_show.intake_id}/).")
    if story.follow_up is not None:
        lines.append(f"     Call {story.follow_up.appointment.intake.name} about the infusion of "
                     f"{when(story.follow_up.appointment.start)} (a follow-up call due {day_month(story.follow_up.due_date)}).")
    if story.series is not None:
        done = story.series.appointments.filter(type__code="infusion", status="attended").count()
        lines.append(f"     {story.series.intake.name}'s series is in progress: {done} of {story.series.planned_count} "
                     f"infusions done (/scheduling/patients/{story.series.intake_id}/); the week calendar is at "
                     "/scheduling/calendar/ .")
    if story.series is not None:
        lines.append(f"  4. Log in as nurse@demo.clinic -> today's infusions (/treatment/); the course of "
                     f"{story.series.intake.name} with its charts: /treatment/courses/{story.series.pk}/ .")
    completed = getattr(story, "completed_course", None)
    if completed is not None:
        lines.append(f"     A completed course with its evaluation ({completed.intake.name}): "
                     f"/treatment/courses/{completed.pk}/ (the evaluation PDF is linked there).")
    lines.append("  5. Log in as lead@demo.clinic -> the clinic's outcomes (/proms/outcomes/): response and remission by "
                 "indication, and the funnel from intake to completed course.")
    lines += [f"  Not in this demo: {note}." for note in story.notes]
    return lines
