"""A minimal browser for load runs (standard library only): its own cookies, the CSRF token of the last
page, one client address, and every request timed."""

import http.client
import re
import time
from urllib.parse import urlencode, urlsplit

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class UnexpectedResponse(Exception):
    pass


class Browser:
    """One visitor of the site on 127.0.0.1:`port`.

    `address` is sent as X-Real-IP, as nginx (deploy/nginx/clinic-proxy.conf) sets it for every request:
    with TRUST_X_REAL_IP=true the app counts rate limits per visitor, not per load machine.
    Each request is recorded in `timings` as (kind, seconds, status).
    """

    def __init__(self, port, address=None, timeout=60):
        self.port = port
        self.address = address
        self.timeout = timeout
        self.cookies = {}
        self.token = None
        self.timings = []

    def request(self, method, path, fields=None, kind="page"):
        """Send one request; returns (status, Location path or None, body text)."""
        headers = {"Host": "127.0.0.1"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        if self.address:
            headers["X-Real-IP"] = self.address
        body = None
        if method == "POST":
            body = urlencode({**(fields or {}), "csrfmiddlewaretoken": self.token or ""}, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
        started = time.perf_counter()
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
        finally:
            connection.close()
        self.timings.append((kind, time.perf_counter() - started, response.status))
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _eq, rest = value.partition("=")
                value = rest.split(";", 1)[0]
                if value in ("", '""'):  # deleted
                    self.cookies.pop(name.strip(), None)
                else:
                    self.cookies[name.strip()] = value
        token = TOKEN.search(text)
        if token:
            self.token = token.group(1)
        location = response.getheader("Location")
        return response.status, urlsplit(location).path if location else None, text

    def get(self, path, kind="page", max_redirects=5):
        """GET `path`, following redirects; returns (final path, body). Anything but 200 in the end raises."""
        for _ in range(max_redirects + 1):
            status, location, text = self.request("GET", path, kind=kind)
            if status in (301, 302, 303) and location:
                path = location
                continue
            if status != 200:
                raise UnexpectedResponse(f"GET {path}: {status}")
            return path, text
        raise UnexpectedResponse(f"GET {path}: too many redirects")

    def post(self, path, fields, kind="post", expect=302):
        """POST a form; returns the Location path. A status other than `expect` raises (a 200 for a form
        means it did not validate)."""
        status, location, text = self.request("POST", path, fields, kind=kind)
        if status != expect:
            errors = re.findall(r'class="invalid-feedback[^"]*"[^>]*>\s*([^<]+)', text)
            raise UnexpectedResponse(f"POST {path}: {status}" + (f" ({'; '.join(errors[:3])})" if errors else ""))
        return location
