"""The employees' navigation bar: each role sees its own pages (templates/includes/staff_nav.html).

One entry per page: its label, URL name, who sees it (roles, or a function of the user), and the
prefixes of the view names that belong to it. Adding a page to the bar is one entry here.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .roles import ADMINISTRATOR, CLINICIAN, MEDICAL_LEAD, NURSE, STAFF, has_role


def _is_administrator(user):
    return user.is_staff and (user.is_superuser or has_role(user, ADMINISTRATOR))


PAGES = [
    (_("Review queue"), "review:queue", (CLINICIAN,), ("review:",)),
    (_("Re-screening"), "review:rescreen", (MEDICAL_LEAD,), ("review:rescreen",)),
    (_("Clinic outcomes"), "proms:outcomes", (MEDICAL_LEAD,), ("proms:outcomes",)),
    (_("Infusions today"), "treatment:day", (NURSE, CLINICIAN), ("treatment:",)),
    (_("Desk"), "scheduling:index", (STAFF, CLINICIAN),
     ("scheduling:index", "scheduling:patient_", "scheduling:appointment_", "scheduling:consultation_",
      "scheduling:series_", "scheduling:follow_up_")),
    (_("Calendars"), "scheduling:calendar_index", (STAFF, CLINICIAN), ("scheduling:calendar",)),
    (_("Closures and absences"), "scheduling:closures", (STAFF,), ("scheduling:closure",)),
    (_("Opening hours"), "scheduling:opening_hours", (STAFF,), ("scheduling:opening_hours",)),
    (_("Outgoing e-mail"), "scheduling:outbox", (STAFF, CLINICIAN), ("scheduling:outbox",)),
    (_("Administration"), "admin:index", _is_administrator, ("admin:",)),
]


def _belongs(view_name, prefixes):
    """The length of the longest prefix `view_name` starts with (0: none), so the most specific page wins."""
    return max((len(p) for p in prefixes if view_name.startswith(p)), default=0)


def staff_pages(user, view_name):
    """The pages `user` may open, each {"label", "url", "current"}: "page" on the page itself, "true" on
    the page whose section the current view belongs to (a case under the queue), else ""."""
    visible = [(label, name, prefixes) for label, name, who, prefixes in PAGES
               if (who(user) if callable(who) else has_role(user, *who))]
    view_name = view_name or ""
    best = max((_belongs(view_name, prefixes) for _l, _n, prefixes in visible), default=0)
    pages = []
    for label, name, prefixes in visible:
        current = ""
        if view_name == name:
            current = "page"
        elif best and _belongs(view_name, prefixes) == best:
            current = "true"
        pages.append({"label": label, "url": reverse(name), "current": current})
    return pages
