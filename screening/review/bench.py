"""`manage.py bench queue`: the review pages timed through the Django test client, against a bare page.

The bare page is a clinician-only view that renders nothing: what every logged-in page pays for the
middleware (session, user, second factor, locale). It exists only in this module's URLconf, which the
bench switches to for itself (override_settings(ROOT_URLCONF=...)); the site's URLconf has no such page.
"""

import random
import statistics
import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import path, reverse
from django.utils import translation

from clinic.accounts.roles import CLINICIAN, role_required
from clinic.urls import urlpatterns as site_urlpatterns
from screening.models import OPEN_CASES, Intake, ScreeningResult

from .forms import INDICATIONS

BENCH_CLINICIAN = "bench-clinician@bench.invalid"


@role_required(CLINICIAN)
def bare(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/bare/", bare, name="bench_bare"), *site_urlpatterns]


def bench_client():
    """A client logged in as the bench's clinician, second factor verified (as after the code page)."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user, _ = get_user_model().objects.get_or_create(email=BENCH_CLINICIAN, defaults={"name": "Bench Clinician"})
    user.groups.add(Group.objects.get_or_create(name=CLINICIAN)[0])
    device = TOTPDevice.objects.get_or_create(user=user, confirmed=True, defaults={"name": "bench"})[0]
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def queue_pages():
    """(name, url) for every queue page the bench times: first page, page 50, each status, each outcome,
    an indication, a search by name and by reference; then a case page and its PDF (listed, not in the
    queue's summary)."""
    queue = reverse("review:queue")
    pages = [("queue", queue), ("queue page 50", f"{queue}?page=50")]
    pages += [(f"status={value}", f"{queue}?status={value}") for value in ["all", *Intake.Status.values]]
    pages += [(f"outcome={value}", f"{queue}?outcome={value}") for value in ScreeningResult.Outcome.values]
    pages.append((f"indication={INDICATIONS[1][0]}", f"{queue}?indication={INDICATIONS[1][0]}"))
    # Someone in the open queue, half-way down, found by name and by the reference as read over the phone.
    open_cases = Intake.objects.filter(OPEN_CASES).order_by("pk")
    case = open_cases[open_cases.count() // 2]
    pages.append(("search name", f"{queue}?q={case.name.replace(' ', '+')}"))
    pages.append(("search reference", f"{queue}?q={case.reference.replace('-', '').lower()}"))
    return pages, [("case page", reverse("review:case", args=[case.reference])),
                   ("case PDF", reverse("review:pdf", args=[case.reference]))]


def _percentile(samples, p):
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def run(*, rounds, out, seed=2026):
    """Time every page `rounds` times, in a shuffled order each round with the bare page among them; print
    a table and the summary line. Queries are counted in an untimed first round."""
    if not Intake.objects.filter(OPEN_CASES).exists():
        out("bench queue needs open intakes in the database (e.g. `manage.py bench rescreen --intakes 100000`)")
        return
    rng = random.Random(seed)
    with override_settings(ROOT_URLCONF=__name__, DEBUG=False, ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"]), \
            translation.override(settings.LANGUAGE_CODE):
        client = bench_client()
        queue, other = queue_pages()
        pages = [("bare page", "/bench/bare/"), *queue, *other]
        queries = {}
        for name, url in pages:  # warm-up round: status codes and queries
            with CaptureQueriesContext(connection) as captured:
                response = client.get(url, secure=True)
            if response.status_code != 200:
                raise RuntimeError(f"{name}: {url} answered {response.status_code}")
            queries[name] = len(captured)
        times = {name: [] for name, _url in pages}
        for _round in range(rounds):
            order = pages[:]
            rng.shuffle(order)
            for name, url in order:
                start = time.perf_counter()
                client.get(url, secure=True)
                times[name].append((time.perf_counter() - start) * 1000)
    bare_p95 = _percentile(times["bare page"], 95)
    out(f"intakes: {Intake.objects.count()}, open: {Intake.objects.filter(OPEN_CASES).count()}; "
        f"{rounds} rounds, pages in a shuffled order each round; ratio = p95 / bare page's p95")
    out(f"{'page':<28}{'p50 ms':>9}{'p95 ms':>9}{'ratio':>8}{'queries':>9}")
    for name, _url in pages:
        p50, p95 = statistics.median(times[name]), _percentile(times[name], 95)
        out(f"{name:<28}{p50:9.1f}{p95:9.1f}{p95 / bare_p95:7.1f}x{queries[name]:9d}")
    summary = [(name, _percentile(times[name], 95)) for name, _url in queue]
    worst, worst_p95 = max(summary, key=lambda item: item[1])
    out(f"queue: {max(queries[name] for name, _url in queue)} queries, p95 {worst_p95:.0f} ms, "
        f"{worst_p95 / bare_p95:.1f}x bare page (worst: {worst} {worst_p95 / bare_p95:.1f}x)")
