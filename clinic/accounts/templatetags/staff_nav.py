from django import template

from clinic.accounts.navigation import staff_pages
from clinic.accounts.roles import role_names, role_words

register = template.Library()


@register.inclusion_tag("includes/staff_nav.html", takes_context=True)
def staff_nav(context):
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    user = getattr(request, "user", None)
    pages = staff_pages(user, match.view_name if match else "") if user and user.is_authenticated else []
    return {"pages": pages}


@register.simple_tag(takes_context=True)
def user_roles(context):
    """The logged-in user's roles in words, shown beside their name."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return role_words(role_names(user)) if user is not None else ""
