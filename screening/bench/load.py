"""Many patients at once: each simulated patient completes a whole intake over HTTP, from the start page to
the receipt, with its own varied answers (answers.py), its own cookies and its own client address.

Measured: errors (any unexpected status, a step that does not validate, a timeout), intakes submitted (the
receipt page reached) against intakes stored (counted in the database afterwards), latency percentiles per
request (by kind) and per whole intake, and throughput. There is no think time: every patient posts the next
page as soon as the last one has arrived.
"""

import math
import random
import threading
import time
import traceback
from dataclasses import dataclass, field

from screening.models import Intake

from . import BENCH_EMAIL_DOMAIN
from .answers import patient_answers, step_post
from .browser import Browser, UnexpectedResponse


def visitor_addresses(count, rng):
    """`count` different addresses in 10.0.0.0/8, new for every run (the rate-limit counters of an earlier
    run's addresses may still be in the cache)."""
    addresses = set()
    while len(addresses) < count:
        n = rng.getrandbits(24)
        addresses.add(f"10.{n >> 16}.{(n >> 8) & 255}.{max(n & 255, 1)}")
    return sorted(addresses, key=lambda _a: rng.random())


def contact(run, number, rng):
    return {"name": f"Load Patient {number}", "email": f"load-{run}-{number}{BENCH_EMAIL_DOMAIN}",
            "phone": rng.choice(("", "+47 900 00 000", "41234567")), "consent": "on"}


def complete_intake(browser, answers, start, language="nb", until=None, pages=True):
    """Start an intake and answer every step the wizard asks, as a browser does: GET each page, POST it,
    follow the redirect. Stops before posting step `until` (returns its path), else after the receipt.
    With pages=False the step pages are not fetched (the form is posted straight to the step's address)."""
    prefix = "/en" if language == "en" else ""
    browser.get(f"{prefix}/intake/")
    location = browser.post(f"{prefix}/intake/", start, kind="start")
    while True:
        step = location.rstrip("/").split("/")[-1] if "/step/" in location else None
        if pages or step is None or step == "step":
            location, _page = browser.get(location)
            step = location.rstrip("/").split("/")[-1] if "/step/" in location else None
        if step is None:
            if not location.endswith("/received/"):
                raise UnexpectedResponse(f"ended on {location}, not the receipt")
            return location
        if step == until:
            return location
        location = browser.post(location, step_post(step, answers[step]), kind="submit" if step == "review" else "step")


def percentiles(values, points=(50, 95, 99)):
    """Nearest-rank percentiles of `values` (0 for none)."""
    ordered = sorted(values)
    if not ordered:
        return [0.0 for _ in points]
    return [ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)] for p in points]


def ms(values):
    p50, p95, p99 = percentiles(values)
    return f"p50 {p50 * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, p99 {p99 * 1000:.0f} ms"


@dataclass
class LoadResult:
    patients: int
    seconds: float = 0.0
    submitted: int = 0
    stored: int = 0
    errors: list = field(default_factory=list)
    timings: list = field(default_factory=list)  # (kind, seconds, status) of every request
    intakes: list = field(default_factory=list)  # seconds per completed intake

    def lines(self):
        requests = len(self.timings)
        yield f"errors: {len(self.errors)}"
        for error in self.errors[:5]:
            yield f"  {error}"
        yield f"intakes: {self.submitted} submitted, {self.stored} stored (of {self.patients} patients)"
        yield f"requests: {requests} in {self.seconds:.1f} s; all {ms([t for _k, t, _s in self.timings])}"
        for kind in ("page", "start", "step", "submit"):
            times = [t for k, t, _s in self.timings if k == kind]
            yield f"  {kind + ' ' + ('GET' if kind == 'page' else 'POST'):12} {len(times):5}  {ms(times)}"
        whole = percentiles(self.intakes)
        yield f"whole intake: p50 {whole[0]:.1f} s, p95 {whole[1]:.1f} s, p99 {whole[2]:.1f} s"
        yield (f"throughput: {requests / self.seconds:.1f} requests/s, "
               f"{self.submitted / self.seconds * 60:.1f} intakes/min")
        yield (f"load: {self.patients} patients, {len(self.errors)} errors, {self.submitted}/{self.stored} "
               f"submitted/stored, {requests / self.seconds:.1f} requests/s")


def run_load(port, *, patients, seed=2026, english=0.3):
    """`patients` simulated patients at once, each completing one intake; then count them in the database."""
    rng = random.Random(seed)
    run = f"{random.getrandbits(32):08x}"
    addresses = visitor_addresses(patients, rng)
    plans = [(patient_answers(rng), contact(run, i, rng), "en" if rng.random() < english else "nb")
             for i in range(patients)]
    result = LoadResult(patients=patients)
    lock = threading.Lock()
    go = threading.Barrier(patients + 1)

    def patient(number):
        answers, start, language = plans[number]
        browser = Browser(port, addresses[number])
        go.wait()
        started = time.perf_counter()
        try:
            complete_intake(browser, answers, start, language)
        except Exception as exc:  # noqa: BLE001 - every failure is counted and reported, the run goes on
            message = str(exc) if isinstance(exc, UnexpectedResponse) else traceback.format_exception_only(exc)[-1]
            with lock:
                result.errors.append(f"patient {number}: {message.strip()}")
        else:
            with lock:
                result.submitted += 1
                result.intakes.append(time.perf_counter() - started)
        finally:
            with lock:
                result.timings.extend(browser.timings)

    threads = [threading.Thread(target=patient, args=(i,)) for i in range(patients)]
    for thread in threads:
        thread.start()
    go.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    result.seconds = time.perf_counter() - started
    emails = [start["email"] for _answers, start, _language in plans]
    result.stored = Intake.objects.filter(email__in=emails, submitted_at__isnull=False,
                                          results__isnull=False).distinct().count()
    return result
