from django.core.validators import validate_ipv46_address
from django.core.exceptions import ValidationError

from .models import AccessLog


def client_address(request):
    address = request.META.get("REMOTE_ADDR") or None
    try:
        validate_ipv46_address(address)
    except ValidationError:
        return None
    return address


def route_name(request):
    """The route name of the page requested ("review:case"): it says which page without any of its
    arguments, so no path with a token in it is ever stored."""
    match = request.resolver_match
    return match.view_name if match else ""


def access_record(*, request, action, intake=None):
    """Write one access-log row for a read of patient data by `request.user`."""
    return AccessLog.objects.create(user=request.user, intake=intake, action=action, route=route_name(request),
                                    client_address=client_address(request))
