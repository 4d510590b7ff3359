"""Roles: clinician, nurse, staff, administrator and medical lead, as Django groups (least privilege).

Nurses keep the infusion records (clinic/treatment) with the clinicians; staff who book never see them.

A medical lead sees the impact of a new ruleset on every stored intake (the re-screening report);
in practice a medical lead is also a clinician and has both groups.

Views say their contract with `@role_required(CLINICIAN)`: anonymous users are sent to the login
page, a logged-in user without the role gets 403. Objects are then loaded through a permission
helper that returns 404 for what the user may not see.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import pgettext_lazy

CLINICIAN = "clinician"
STAFF = "staff"
ADMINISTRATOR = "administrator"
MEDICAL_LEAD = "medical_lead"
NURSE = "nurse"
ROLES = (CLINICIAN, STAFF, ADMINISTRATOR, MEDICAL_LEAD, NURSE)
# A role as the pages name it beside a person's name: "Silje Strand (clinician)".
ROLE_LABELS = {
    MEDICAL_LEAD: pgettext_lazy("role", "medical lead"),
    CLINICIAN: pgettext_lazy("role", "clinician"),
    NURSE: pgettext_lazy("role", "nurse"),
    STAFF: pgettext_lazy("role", "coordinator"),
    ADMINISTRATOR: pgettext_lazy("role", "administrator"),
}


def role_words(roles):
    """The roles in words, in the order of ROLE_LABELS: "medical lead, clinician"."""
    return ", ".join(str(label) for role, label in ROLE_LABELS.items() if role in roles)


def user_with_role_names(users, pk):
    """The user `pk` from the queryset `users`, with their role names read in the same query (what
    `role_names` returns for them, without a query of its own), or None."""
    from django.contrib.auth.models import Group

    flags = {f"has_role_{role}": Exists(Group.objects.filter(user=OuterRef("pk"), name=role)) for role in ROLES}
    user = users.annotate(**flags).filter(pk=pk).first()
    if user is not None:
        user._role_names = frozenset(role for role in ROLES if getattr(user, f"has_role_{role}"))
    return user


def role_names(user):
    """The user's role names, read once per request and cached on the user object."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    cached = getattr(user, "_role_names", None)
    if cached is None:
        cached = frozenset(user.groups.filter(name__in=ROLES).values_list("name", flat=True))
        user._role_names = cached
    return cached


def has_role(user, *roles):
    return bool(role_names(user) & set(roles))


def role_required(*roles):
    """Allow only users with one of `roles`: anonymous -> login page, wrong role -> 403."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not has_role(request.user, *roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def landing_url(user):
    """Where a user goes after logging in: clinicians (a medical lead is one too) to the review queue,
    nurses to the day's infusions, staff to the desk, administrators to the admin site; anyone else to the
    home page."""
    if has_role(user, CLINICIAN):
        return reverse("review:queue")
    if has_role(user, NURSE):
        return reverse("treatment:day")
    if has_role(user, STAFF):
        return reverse("scheduling:index")
    if getattr(user, "is_active", False) and user.is_staff and (user.is_superuser or has_role(user, ADMINISTRATOR)):
        return reverse("admin:index")
    return reverse("home")
