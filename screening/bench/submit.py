"""The final submit against a minimal view, from concurrent clients.

Prepared first (not timed): N drafts with every step answered, each by its own browser (answers.py),
stopped before the final POST. Timed: the N final-step POSTs (validate every step, build the document,
store, screen, queue the confirmation e-mail; answered by a redirect to the receipt) from `clients`
concurrent clients; then, in the same run, N POSTs of the bench-only minimal view (read the session,
insert one row) from the same browsers, driven the same way. posts/s = N / wall time of each phase.
"""

import random
import threading
import time

from screening.models import Intake

from .answers import patient_answers
from .browser import Browser, UnexpectedResponse
from .load import complete_intake, contact, ms, visitor_addresses

SUBMIT = {"intake-current_step": "review", "wizard_next": "1"}


def drive(browsers, clients, action):
    """Run `action(browser)` once per browser from `clients` threads (each takes every `clients`-th
    browser, in turn); returns (wall seconds, errors)."""
    errors = []
    go = threading.Barrier(clients + 1)

    def client(share):
        go.wait()
        for browser in share:
            try:
                action(browser)
            except (UnexpectedResponse, OSError) as exc:
                errors.append(str(exc))

    threads = [threading.Thread(target=client, args=(browsers[i::clients],)) for i in range(clients)]
    for thread in threads:
        thread.start()
    go.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started, errors


def prepare_drafts(port, drafts, clients, seed):
    """`drafts` browsers, each with a draft that has every step answered; returns [(browser, review path)]."""
    rng = random.Random(seed)
    run = f"{random.getrandbits(32):08x}"
    addresses = visitor_addresses(drafts, rng)
    browsers = [Browser(port, address) for address in addresses]
    for i, browser in enumerate(browsers):
        browser.answers, browser.start = patient_answers(rng), contact(run, i, rng)

    def fill(browser):
        answers, start = browser.answers, browser.start
        browser.review = complete_intake(browser, answers, start, until="review", pages=False)

    seconds, errors = drive(browsers, clients, fill)
    if errors:
        raise UnexpectedResponse(f"preparing the drafts failed: {errors[0]}")
    return browsers, seconds


def run_submit(port, *, drafts, clients, seed, out):
    """Returns (submit posts/s, minimal posts/s, errors, intakes stored)."""
    browsers, seconds = prepare_drafts(port, drafts, clients, seed)
    out(f"prepared {drafts} drafts with every step answered in {seconds:.1f} s")
    for browser in browsers:
        browser.timings.clear()
    submit_s, submit_errors = drive(browsers, clients, lambda b: b.post(b.review, SUBMIT, kind="submit"))
    minimal_s, minimal_errors = drive(browsers, clients, lambda b: b.post("/bench/minimal/", {}, kind="minimal",
                                                                          expect=204))
    timings = [t for b in browsers for t in b.timings]
    submit_rate, minimal_rate = drafts / submit_s, drafts / minimal_s
    out(f"final submit:  {submit_rate:7.1f} posts/s  {ms([t for k, t, _s in timings if k == 'submit'])}")
    out(f"minimal view:  {minimal_rate:7.1f} posts/s  {ms([t for k, t, _s in timings if k == 'minimal'])}")
    stored = Intake.objects.filter(email__in=[b.start["email"] for b in browsers], submitted_at__isnull=False,
                                   results__isnull=False).distinct().count()
    return submit_rate, minimal_rate, submit_errors + minimal_errors, stored
