"""Benchmarks and load runs over HTTP against a real gunicorn (`manage.py bench submit`, `bench load`)."""

# The e-mail domain of every intake a benchmark adds: a database with any other intake is refused.
BENCH_EMAIL_DOMAIN = "@bench.invalid"
