"""Text as people type it into the clinic's forms, without the characters that change how it is shown
without being seen themselves.

A right-to-left override (U+202E) in a name makes the rest of the name, and whatever follows it on a
page, read backwards; zero-width characters make two names that look the same differ. Every text
field of the project's forms is a `CleanCharField` or `CleanEmailField`, so they are removed at input.
"""

import unicodedata

from django import forms

# Unicode categories Cc (control) and Cf (format) hold every bidirectional control (U+202A–U+202E,
# U+2066–U+2069, U+200E, U+200F, U+061C) and every zero-width character (U+200B–U+200D, U+2060, U+FEFF).
INVISIBLE = ("Cc", "Cf")


def ascii_digits(value):
    """True for a non-empty string of 0-9 only. `str.isdigit()` is also true for "²" and "٣": int()
    fails on the first and reads the second, so a count from a form is checked with this."""
    return isinstance(value, str) and value.isascii() and value.isdigit()


def clean_text(value, *, multiline=False):
    """`value` without control and format characters; multi-line text keeps its line breaks (as \\n)
    and tabs."""
    keep = "\n\t" if multiline else ""
    value = value.replace("\r\n", "\n")
    return "".join(c for c in value if c in keep or unicodedata.category(c) not in INVISIBLE)


class CleanText:
    """Form-field mixin: cleans the typed text before the field strips and validates it. A field with a
    Textarea is multi-line."""

    def to_python(self, value):
        if isinstance(value, str):
            value = clean_text(value, multiline=isinstance(self.widget, forms.Textarea))
        return super().to_python(value)


class CleanCharField(CleanText, forms.CharField):
    pass


class CleanEmailField(CleanText, forms.EmailField):
    pass
