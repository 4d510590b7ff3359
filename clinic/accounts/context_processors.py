from django.conf import settings


def security(request):
    """`mfa_enforced` for the banner that says when the local demo runs without a second factor."""
    return {"mfa_enforced": settings.MFA_ENFORCED}
