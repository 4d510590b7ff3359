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


def access_record(*, request, action, intake=None):
    """Write one access-log row for a read of patient data by `request.user`."""
    return AccessLog.objects.create(user=request.user, intake=intake, action=action, client_address=client_address(request))
