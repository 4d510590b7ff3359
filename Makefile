# Two commands do everything on a fresh machine:
#   make run    virtual environment + requirements, migrate, demo data, start the app on SQLite
#   make test   virtual environment + requirements, the whole test suite
PYTHON ?= python3
VENV ?= .venv
PY = $(VENV)/bin/python
HOST ?= 127.0.0.1:8000

.PHONY: run test venv messages bench load

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

venv: $(VENV)/.installed

# The local demo runs without the second factor unless MFA_ENFORCED=true is given (pages show a banner).
MFA_ENFORCED ?= false
ON_DUTY_CLINICIAN_EMAILS ?= vakt@demo.clinic
# Links in the e-mails the demo prints point at the address the server was started on.
SITE_URL ?= http://$(HOST)
DEMO_ENV = DEBUG=true MFA_ENFORCED=$(MFA_ENFORCED) ON_DUTY_CLINICIAN_EMAILS=$(ON_DUTY_CLINICIAN_EMAILS) SITE_URL=$(SITE_URL)

run: venv
	$(DEMO_ENV) $(PY) manage.py migrate --noinput
	$(DEMO_ENV) $(PY) manage.py seed_demo
	$(DEMO_ENV) $(PY) manage.py runserver $(HOST)

test: venv
	$(PY) -m pytest $(PYTEST_ARGS)

# After changing user-facing text: update the catalogues, translate nb, then compile (needs gettext).
messages: venv
	DEBUG=true $(PY) manage.py makemessages -l nb -l en --no-obsolete --ignore=$(VENV) --ignore=node_modules --ignore=scripts
	$(PY) scripts/po_fill.py --copy locale/en/LC_MESSAGES/django.po
	$(PY) scripts/po_fill.py --missing locale/nb/LC_MESSAGES/django.po || echo "^ untranslated nb strings"
	DEBUG=true $(PY) manage.py compilemessages --ignore=$(VENV)

bench: venv
	DEBUG=true $(PY) manage.py bench rules

# 50 simulated patients complete whole intakes at once against gunicorn (2 workers) + PostgreSQL: errors,
# intakes submitted and stored, latency percentiles, throughput (screening/bench/load.py). The command creates
# and migrates LOAD_DATABASE_URL's database when needed, and stops the gunicorn it starts.
LOAD_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/clinic_load
LOAD_ARGS ?= --patients 50

load: venv
	DEBUG=true DATABASE_URL=$(LOAD_DATABASE_URL) $(PY) manage.py bench load $(LOAD_ARGS)
