"""Fetching one URL safely: http(s) only, no private addresses at any redirect hop, a size cap."""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sitrep.errors import FetchError, ForbiddenAddressError, TooLargeError, UnsupportedInputError

if TYPE_CHECKING:
    import httpx

MAX_REDIRECTS = 5
USER_AGENT = "sitrep/0.1 (news analysis; +https://github.com/sitrep)"
ACCEPT = (
    "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
    "text/plain;q=0.9,*/*;q=0.5"
)

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

_TIMEOUT_PHASES = {
    "ConnectTimeout": "connecting: ",
    "ReadTimeout": "reading: ",
    "WriteTimeout": "sending: ",
    "PoolTimeout": "waiting for a connection: ",
}


@dataclass(frozen=True)
class FetchedResource:
    """The body of one fetched URL and what the server said about it."""

    url: str
    """The URL asked for."""
    final_url: str
    """The URL the body came from, after redirects."""
    content_type: str | None
    """The media type, lowercased, without parameters (`text/html`)."""
    data: bytes
    encoding: str | None
    """The charset the server declared, if any."""


def fetch_url(
    url: str,
    *,
    timeout: float,
    max_bytes: int,
    allow_private: bool = False,
    transport: httpx.BaseTransport | None = None,
) -> FetchedResource:
    """GET `url` and return its body, refusing what a news fetcher has no business fetching.

    Only http and https; the host is resolved and every address checked before connecting
    (private, loopback, link-local, multicast, reserved and unspecified addresses are refused
    unless `allow_private`), and the connection goes to the checked address so a second DNS
    answer cannot swap it; redirects are followed by hand, each hop checked the same way, at most
    five. The body is streamed and abandoned past `max_bytes`. `transport` replaces the network
    (tests pass an `httpx.MockTransport`).
    """
    import httpx

    current = _parse_url(url)
    headers = {"User-Agent": USER_AGENT, "Accept": ACCEPT}
    try:
        with httpx.Client(
            timeout=timeout, follow_redirects=False, transport=transport, headers=headers
        ) as client:
            for _ in range(MAX_REDIRECTS + 1):
                request = _pinned_request(client, current, allow_private=allow_private)
                response = client.send(request, stream=True)
                try:
                    location = response.headers.get("location")
                    if response.is_redirect and location:
                        current = _redirect_target(current, location, redirected_from=url)
                        continue
                    if response.status_code >= 400:
                        reason = response.reason_phrase or "error"
                        raise FetchError(
                            f"the server answered HTTP {response.status_code} {reason} for "
                            f"{current}; check the URL or try again later"
                        )
                    data = _read_capped(response, str(current), max_bytes)
                    content_type = response.headers.get("content-type", "")
                    media_type = content_type.split(";", 1)[0].strip().lower() or None
                    return FetchedResource(
                        url=url,
                        final_url=str(current),
                        content_type=media_type,
                        data=data,
                        encoding=response.charset_encoding,
                    )
                finally:
                    response.close()
    except httpx.TimeoutException as exc:
        phase = _TIMEOUT_PHASES.get(type(exc).__name__, "")
        raise FetchError(
            f"fetching {url} timed out ({phase}no answer within {timeout:g} s); the server is "
            "slow or "
            "unreachable: try again, or raise SITREP_FETCH_TIMEOUT"
        ) from None
    except httpx.HTTPError as exc:
        raise FetchError(f"fetching {url} failed: {str(exc) or type(exc).__name__}") from None
    except httpx.InvalidURL as exc:
        # httpx prepares the next request of a redirect even when it does not follow it.
        raise FetchError(f"fetching {url} failed: the server sent an invalid URL ({exc})") from None
    raise FetchError(
        f"fetching {url} failed: more than {MAX_REDIRECTS} redirects (last to {current})"
    )


def _parse_url(url: str, *, redirected_from: str | None = None) -> httpx.URL:
    import httpx

    via = f" (redirected from {redirected_from})" if redirected_from else ""
    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL as exc:
        raise UnsupportedInputError(f"{url!r}{via} is not a valid URL: {exc}") from None
    if parsed.scheme not in {"http", "https"}:
        scheme = parsed.scheme or "no scheme"
        raise UnsupportedInputError(
            f"cannot fetch {url}{via}: URL scheme {scheme!r} is not supported; "
            "sitrep fetches http:// and https:// URLs only (give local files as paths)"
        )
    if not parsed.host:
        raise UnsupportedInputError(f"cannot fetch {url}{via}: the URL has no host")
    return parsed


def _redirect_target(current: httpx.URL, location: str, *, redirected_from: str) -> httpx.URL:
    import httpx

    try:
        target = str(current.join(location))
    except httpx.InvalidURL as exc:
        raise FetchError(
            f"fetching {redirected_from} failed: {current} redirects to an invalid URL "
            f"{location!r} ({exc})"
        ) from None
    return _parse_url(target, redirected_from=redirected_from)


def _pinned_request(client: httpx.Client, url: httpx.URL, *, allow_private: bool) -> httpx.Request:
    """A request for `url` that connects to a checked address of its host."""
    address = _checked_address(url, allow_private=allow_private)
    request_url = url
    extensions: dict[str, str] = {}
    if address is not None:
        request_url = url.copy_with(host=str(address))
        if url.scheme == "https":
            # Certificate checks and SNI still use the name, while the socket uses the address.
            extensions["sni_hostname"] = url.host
    request = client.build_request("GET", request_url, extensions=extensions)
    request.headers["Host"] = url.netloc.decode("ascii")
    return request


def _checked_address(url: httpx.URL, *, allow_private: bool) -> IPAddress | None:
    """The first address of the host of `url`, after checking every address it resolves to.

    None when `url` names its host by address already.
    """
    host = url.host
    try:
        literal: IPAddress | None = ipaddress.ip_address(host)
    except ValueError:
        literal = None
    addresses = [literal] if literal is not None else resolve_host(host, url.port)
    if not allow_private:
        for address in addresses:
            kind = forbidden_kind(address)
            if kind is not None:
                resolved = "is" if literal is not None else f"resolves to {address}, which is"
                raise ForbiddenAddressError(
                    f"refusing to fetch {url}: host {host} {resolved} a {kind} address; sitrep "
                    "does not fetch private, loopback, link-local, multicast or reserved "
                    "addresses by default. To allow it, pass --allow-private or set "
                    "SITREP_ALLOW_PRIVATE=1"
                )
    return None if literal is not None else addresses[0]


def resolve_host(host: str, port: int | None) -> list[IPAddress]:
    """All addresses `host` resolves to (tests replace this function to avoid DNS)."""
    try:
        infos = socket.getaddrinfo(host, port or 80, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(f"cannot resolve host {host!r}: {exc}; check the URL") from None
    addresses: list[IPAddress] = []
    for info in infos:
        # Drop an IPv6 zone ("fe80::1%eth0"): the address part is what is checked.
        address = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])
        if address not in addresses:
            addresses.append(address)
    if not addresses:
        raise FetchError(f"cannot resolve host {host!r}: no addresses; check the URL")
    return addresses


def forbidden_kind(address: IPAddress) -> str | None:
    """Why `address` must not be fetched by default ('private', 'loopback', ...), or None."""
    if isinstance(address, ipaddress.IPv6Address):
        mapped = address.ipv4_mapped or address.sixtofour
        if mapped is not None:
            return forbidden_kind(mapped)
    checks = (
        ("loopback", address.is_loopback),
        ("link-local", address.is_link_local),
        ("multicast", address.is_multicast),
        ("unspecified", address.is_unspecified),
        ("reserved", address.is_reserved),
        ("private", address.is_private),
        ("non-public", not address.is_global),
    )
    return next((kind for kind, hit in checks if hit), None)


def _read_capped(response: httpx.Response, url: str, max_bytes: int) -> bytes:
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise TooLargeError(_too_large(url, f"{int(declared):,} bytes", max_bytes))
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > max_bytes:
            raise TooLargeError(_too_large(url, f"over {max_bytes:,} bytes", max_bytes))
        chunks.append(chunk)
    return b"".join(chunks)


def _too_large(url: str, size: str, max_bytes: int) -> str:
    return (
        f"the response from {url} is {size}, over the limit of {max_bytes:,} bytes; "
        "raise the limit with SITREP_MAX_BYTES if the page really is an article"
    )
