#!/usr/bin/env bash
# Update the nb/en catalogues from the code and the per-area translation files
# (locale/translations/*.nb.json), e.g. after merging branches. Prints untranslated strings.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}

DEBUG=true $PY manage.py makemessages -l nb -l en --no-obsolete --ignore=.venv --ignore=node_modules --ignore=scripts -v0
$PY - <<'PYEOF'
import glob, json
merged = {}
for path in sorted(glob.glob("locale/translations/*.nb.json")):
    merged.update(json.load(open(path, encoding="utf-8")))
json.dump(merged, open("/tmp/all.nb.json", "w", encoding="utf-8"), ensure_ascii=False)
PYEOF
$PY scripts/po_fill.py locale/nb/LC_MESSAGES/django.po /tmp/all.nb.json
$PY scripts/po_fill.py --copy locale/en/LC_MESSAGES/django.po
$PY scripts/po_fill.py --missing locale/nb/LC_MESSAGES/django.po || true
DEBUG=true $PY manage.py compilemessages --ignore=.venv -v0
