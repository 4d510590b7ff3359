"""Fill empty translations in a .po file from a JSON object {msgid: msgstr}.

    python scripts/po_fill.py locale/nb/LC_MESSAGES/django.po nb.json
    python scripts/po_fill.py --copy locale/en/LC_MESSAGES/django.po   # en: msgstr = msgid
    python scripts/po_fill.py --missing locale/nb/LC_MESSAGES/django.po  # list untranslated msgids
    python scripts/po_fill.py --export locale/nb/LC_MESSAGES/django.po > nb.json  # translations as JSON

A developer tool (not used by the app). Plural entries are left to be edited by hand.
"""

import json
import sys


def _unquote(line):
    return json.loads(line)


def _quote(text):
    if "\n" not in text[:-1] and len(text) < 70:
        return [json.dumps(text, ensure_ascii=False)]
    parts = text.splitlines(keepends=True)
    return ['""'] + [json.dumps(p, ensure_ascii=False) for p in parts]


def entries(lines):
    """Yield (start, end, msgid, msgstr_start) for single (non-plural) entries."""
    i = 0
    while i < len(lines):
        if lines[i].startswith("msgid "):
            start = i
            msgid = _unquote(lines[i][6:])
            i += 1
            while i < len(lines) and lines[i].startswith('"'):
                msgid += _unquote(lines[i])
                i += 1
            if i < len(lines) and lines[i].startswith("msgstr "):
                s_start = i
                msgstr = _unquote(lines[i][7:])
                i += 1
                while i < len(lines) and lines[i].startswith('"'):
                    msgstr += _unquote(lines[i])
                    i += 1
                yield start, s_start, i, msgid, msgstr
            continue
        i += 1


def export(path):
    lines = open(path, encoding="utf-8").read().split("\n")
    found = {msgid: msgstr for _s, _m, _e, msgid, msgstr in entries(lines) if msgid and msgstr}
    print(json.dumps(found, ensure_ascii=False, indent=0, sort_keys=True))
    return 0


def main(argv):
    if argv[0] == "--export":
        return export(argv[1])
    mode = None
    if argv[0] in ("--copy", "--missing"):
        mode, argv = argv[0], argv[1:]
    path = argv[0]
    translations = json.load(open(argv[1], encoding="utf-8")) if mode is None else {}
    lines = open(path, encoding="utf-8").read().split("\n")
    out, last, missing = [], 0, []
    for start, s_start, end, msgid, msgstr in entries(lines):
        if not msgid:
            continue
        fuzzy = any("fuzzy" in lines[j] for j in range(max(0, start - 3), start) if lines[j].startswith("#,"))
        new = None
        if mode == "--copy" and (not msgstr or fuzzy):
            new = msgid
        elif mode is None and msgid in translations and (not msgstr or fuzzy):
            new = translations[msgid]
        if not msgstr and new is None:
            missing.append(msgid)
        if new is not None:
            out.extend(lines[last:s_start])
            quoted = _quote(new)
            out.append("msgstr " + quoted[0])
            out.extend(quoted[1:])
            last = end
    out.extend(lines[last:])
    text = "\n".join(out).replace("#, fuzzy\n", "").replace(", fuzzy", "")
    if mode != "--missing":
        open(path, "w", encoding="utf-8").write(text)
    for msgid in missing:
        print(json.dumps(msgid, ensure_ascii=False))
    return 1 if (mode == "--missing" and missing) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
