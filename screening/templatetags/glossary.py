"""`{% term "PRACTICAL" %}`: a term of screening/glossary.py on a page whose view does not pass `terms`."""

from django import template

from screening import glossary

register = template.Library()


@register.simple_tag
def term(name):
    return getattr(glossary, name)
