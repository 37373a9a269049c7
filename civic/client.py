"""The address of the person behind a request, as far as the site's own proxies vouch for it.

Every proxy in front of the app appends the address it received the request from to
`X-Forwarded-For`. Only the entries added by proxies we run can be believed; anything to
their left was written by the client and may be invented. With `TRUSTED_PROXY_COUNT = n`
the client is the n-th entry from the right; with 0 (the default: the app is reached
directly) the header is ignored and the socket's `REMOTE_ADDR` is the client.

Every part of the site that needs the client's address (rate limits, allauth's log-in
limits through the account adapter) asks `client_ip()`, so they can never disagree.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _clean(value: str) -> str | None:
    value = value.strip()
    if value.startswith("[") and "]" in value:  # "[2001:db8::1]:443"
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # "192.0.2.1:443"
        value = value.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str:
    """The client's address: from the trusted proxies' `X-Forwarded-For` entries, else the socket.

    A request that did not pass through all the trusted proxies (fewer entries than
    proxies) or whose vouched-for entry is not an address falls back to `REMOTE_ADDR`:
    never to a value the client could choose.
    """
    remote = _clean(request.META.get("REMOTE_ADDR", "")) or "0.0.0.0"  # noqa: S104
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if count <= 0 or not forwarded:
        return remote
    entries = [entry for entry in forwarded.split(",") if entry.strip()]
    if len(entries) < count:
        return remote
    return _clean(entries[-count]) or remote
