from django import template

from clinic.accounts.navigation import staff_pages

register = template.Library()


@register.inclusion_tag("includes/staff_nav.html", takes_context=True)
def staff_nav(context):
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    user = getattr(request, "user", None)
    pages = staff_pages(user, match.view_name if match else "") if user and user.is_authenticated else []
    return {"pages": pages}
