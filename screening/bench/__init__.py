"""Benchmarks and load runs over HTTP against a real gunicorn (`manage.py bench submit`, `bench load`)."""
