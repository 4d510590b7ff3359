"""Bench-only views (BENCH_VIEWS=true, set only for the benchmark's own gunicorn): never in production."""

from django.db import connection
from django.http import HttpResponse
from django.views.decorators.http import require_POST

from screening.patient.views import SESSION_KEY

from .site import MINIMAL_TABLE


@require_POST
def minimal(request):
    """The least a form post can do: read the session, insert one row. The baseline of `bench submit`."""
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {MINIMAL_TABLE} (draft) VALUES (%s)", [request.session.get(SESSION_KEY)])
    return HttpResponse(status=204)
