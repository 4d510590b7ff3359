"""Fill empty or fuzzy translations in a .po file from a JSON object {msgid: msgstr}.

    python scripts/po_fill.py locale/nb/LC_MESSAGES/django.po nb.json    # a plural msgid maps to a list of forms
    python scripts/po_fill.py --copy locale/en/LC_MESSAGES/django.po     # en: msgstr = msgid
    python scripts/po_fill.py --overwrite locale/nb/LC_MESSAGES/django.po fixes.json  # also correct translated ones
    python scripts/po_fill.py --missing locale/nb/LC_MESSAGES/django.po  # untranslated or fuzzy msgids
    python scripts/po_fill.py --export locale/nb/LC_MESSAGES/django.po > nb.json  # translations as JSON

A developer tool (not used by the app). A fuzzy entry (makemessages' guess from a similar
string) counts as untranslated: it is replaced when a translation is given, never trusted.
A plural entry is filled from a list of its forms; `--missing` names the plural ones still empty.
"""

import json
import sys


def _quote(text):
    if "\n" not in text[:-1] and len(text) < 70:
        return [json.dumps(text, ensure_ascii=False)]
    return ['""'] + [json.dumps(part, ensure_ascii=False) for part in text.splitlines(keepends=True)]


class Entry:
    """One block of a .po file: comment lines, then msgid/msgstr lines."""

    def __init__(self, lines):
        self.lines = lines
        self.msgid = self.msgstr = self.msgctxt = None
        self.plural = any(line.startswith("msgid_plural ") for line in lines)
        self.plural_forms = []  # the msgstr[n] texts of a plural entry
        current = None
        for line in lines:
            if line.startswith("msgstr["):
                current = None
                self.plural_forms.append(json.loads(line.split("] ", 1)[1]))
            elif self.plural_forms and line.startswith('"') and current is None:
                self.plural_forms[-1] += json.loads(line)
            elif line.startswith("msgctxt "):
                current, self.msgctxt = "msgctxt", json.loads(line[8:])
            elif line.startswith("msgid "):
                current, self.msgid = "msgid", json.loads(line[6:])
            elif line.startswith("msgstr "):
                current, self.msgstr = "msgstr", json.loads(line[7:])
            elif line.startswith('"') and current:
                setattr(self, current, getattr(self, current) + json.loads(line))
            elif not line.startswith("#"):
                current = None

    @property
    def key(self):
        """The JSON key: the msgid, or "context\u0004msgid" for an entry with a context (as gettext does)."""
        return f"{self.msgctxt}\x04{self.msgid}" if self.msgctxt else self.msgid

    @property
    def fuzzy(self):
        return any(line.startswith("#,") and "fuzzy" in line for line in self.lines)

    @property
    def translatable(self):
        return bool(self.msgid) and not self.plural and self.msgstr is not None

    @property
    def translated(self):
        return self.translatable and bool(self.msgstr) and not self.fuzzy

    @property
    def plural_translated(self):
        """A plural entry (edited by hand) with every form filled in and no fuzzy guess."""
        return self.plural and all(self.plural_forms) and not self.fuzzy

    def set(self, text):
        """Set the translation: a text, or for a plural entry a list of its forms."""
        kept = []
        for line in self.lines:
            if line.startswith("#|"):
                continue  # the previous msgid that a fuzzy guess came from
            if line.startswith("#,"):
                flags = [f.strip() for f in line[2:].split(",") if f.strip() and f.strip() != "fuzzy"]
                if not flags:
                    continue
                line = "#, " + ", ".join(flags)
            kept.append(line)
        out = self.lines_without_msgstr(kept)
        if isinstance(text, list):
            for i, form in enumerate(text):
                quoted = _quote(form)
                out.append(f"msgstr[{i}] " + quoted[0])
                out.extend(quoted[1:])
            self.lines, self.plural_forms = out, list(text)
            return
        quoted = _quote(text)
        out.append("msgstr " + quoted[0])
        out.extend(quoted[1:])
        self.lines = out
        self.msgstr = text

    @staticmethod
    def lines_without_msgstr(lines):
        result, in_msgstr = [], False
        for line in lines:
            if line.startswith("msgstr ") or line.startswith("msgstr["):
                in_msgstr = True
                continue
            if in_msgstr and line.startswith('"'):
                continue
            in_msgstr = False
            result.append(line)
        return result


def read(path):
    text = open(path, encoding="utf-8").read()
    return [Entry(block.split("\n")) for block in text.strip("\n").split("\n\n")]


def write(path, blocks):
    open(path, "w", encoding="utf-8").write("\n\n".join("\n".join(b.lines) for b in blocks) + "\n")


def main(argv):
    mode = argv[0] if argv[0].startswith("--") else None
    if mode:
        argv = argv[1:]
    path = argv[0]
    blocks = read(path)
    if mode == "--export":
        found = {b.key: b.msgstr for b in blocks if b.translated}
        print(json.dumps(found, ensure_ascii=False, indent=0, sort_keys=True))
        return 0
    overwrite = mode == "--overwrite"  # also replace translations that are already there (corrections)
    if overwrite:
        mode = None
    translations = json.load(open(argv[1], encoding="utf-8")) if mode is None else {}
    missing = [f"{b.msgid} (plural: edit by hand)" for b in blocks
               if mode == "--missing" and b.plural and not b.plural_translated]
    for block in blocks:
        if block.plural and mode == "--copy" and block.fuzzy:
            block.set([""] * len(block.plural_forms))  # a guess from a similar text: gettext falls back to the msgids
            continue
        if block.plural and mode is None and isinstance(translations.get(block.key), list) \
                and (overwrite or not block.plural_translated):
            block.set(translations[block.key])
            continue
        if not block.translatable or (block.translated and not (overwrite and block.key in translations)):
            continue
        if mode == "--copy":
            block.set(block.msgid)
        elif mode is None and block.key in translations:
            block.set(translations[block.key])
        else:
            missing.append(block.key)
    if mode != "--missing":
        write(path, blocks)
    for msgid in missing:
        print(json.dumps(msgid, ensure_ascii=False))
    return 1 if (mode == "--missing" and missing) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
