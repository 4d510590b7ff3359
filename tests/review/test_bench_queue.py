"""`manage.py bench queue`: its bare page exists only in the bench's own URLconf, and the bench runs."""

import pytest
from django.core.management import call_command
from django.test import override_settings

from screening.review.bench import BENCH_CLINICIAN

pytestmark = pytest.mark.django_db


def test_the_bare_page_is_not_on_the_site(as_clinician):
    assert as_clinician.get("/bench/bare/").status_code == 404


@override_settings(ROOT_URLCONF="screening.review.bench")
def test_the_bare_page_is_there_for_the_bench_only(as_clinician, client):
    assert as_clinician.get("/bench/bare/").status_code == 200
    assert client.get("/bench/bare/").status_code == 302  # to the login page, as every clinician page


def test_the_bench_times_every_queue_page(make_intake, capsys):
    make_intake("bp-181-80")
    make_intake("ptsd-meets", name="Per Traume")
    call_command("bench", "queue", "--rounds", "2")
    out = capsys.readouterr().out
    for page in ("bare page", "queue page 50", "status=approved", "outcome=urgent", "search name",
                 "search reference", "case page", "case PDF"):
        assert page in out
    import re

    last = re.fullmatch(r"queue: (\d+) queries, p95 \d+ ms, [\d.]+x bare page \(worst: .+ [\d.]+x\)",
                        out.strip().splitlines()[-1])
    assert last and int(last.group(1)) <= 10  # the ceiling for every queue page
    from clinic.accounts.models import User

    assert User.objects.filter(email=BENCH_CLINICIAN).exists()
