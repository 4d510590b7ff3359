"""Blank the msgstr of every fuzzy entry (msgmerge's guesses) so that po_fill.py fills it properly.

    python scripts/po_unfuzzy.py locale/nb/LC_MESSAGES/django.po locale/en/LC_MESSAGES/django.po

Run it after makemessages and before po_fill.py. po_fill.py looks for the `#, fuzzy` flag only in the
three lines above a msgid; with makemessages' `--previous` comments (`#| msgid ...`) spanning more
lines, a guess is kept and its flag dropped: a new crisis-number string got an older string's text.
A developer tool (not used by the app).
"""

import sys


def unfuzzy(lines):
    out, i, count = [], 0, 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("#,") and "fuzzy" in line:
            j = i
            while not lines[j].startswith("msgstr"):
                j += 1
            k = j + 1
            while k < len(lines) and lines[k].startswith('"'):
                k += 1
            flags = line.replace(", fuzzy", "").replace("fuzzy", "").strip()
            if flags not in ("#,", "#"):
                out.append(flags)
            out.extend(entry for entry in lines[i + 1:j] if not entry.startswith("#|"))
            out.append('msgstr ""')
            i, count = k, count + 1
            continue
        out.append(line)
        i += 1
    return out, count


if __name__ == "__main__":
    for path in sys.argv[1:]:
        lines = open(path, encoding="utf-8").read().split("\n")
        lines, count = unfuzzy(lines)
        open(path, "w", encoding="utf-8").write("\n".join(lines))
        print(f"{path}: {count} fuzzy entries blanked")
