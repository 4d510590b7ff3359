from django.http import HttpResponse
from django.test import RequestFactory

from clinic.middleware import RealClientAddressMiddleware


def address_seen(**meta):
    seen = {}

    def view(request):
        seen["address"] = request.META["REMOTE_ADDR"]
        return HttpResponse()

    RealClientAddressMiddleware(view)(RequestFactory().get("/", REMOTE_ADDR="127.0.0.1", **meta))
    return seen["address"]


def test_behind_nginx_the_client_address_is_the_one_nginx_saw():
    assert address_seen(HTTP_X_REAL_IP="203.0.113.7") == "203.0.113.7"


def test_without_the_header_the_connection_address_stays():
    assert address_seen() == "127.0.0.1"
