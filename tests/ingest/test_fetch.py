"""Tests of `sitrep.ingest.fetch`: schemes, address checks at every hop, size caps, failures."""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Iterator

import httpx
import pytest

from sitrep.errors import FetchError, ForbiddenAddressError, TooLargeError, UnsupportedInputError
from sitrep.ingest import fetch
from sitrep.ingest.fetch import fetch_url

from .conftest import LocalServer, Route

PUBLIC = "http://93.184.216.34"
"""A public address: requests to it are answered by `httpx.MockTransport`, never sent."""


def mock(
    handler: Callable[[httpx.Request], httpx.Response],
) -> tuple[httpx.MockTransport, list[str]]:
    """A transport answering with `handler`, and the list of URLs it was asked for."""
    seen: list[str] = []

    def record(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return handler(request)

    return httpx.MockTransport(record), seen


def never(request: httpx.Request) -> httpx.Response:
    raise AssertionError(f"no request should be sent, got {request.url}")


def get(url: str, transport: httpx.BaseTransport, **options: object) -> fetch.FetchedResource:
    kwargs: dict[str, object] = {"timeout": 5.0, "max_bytes": 1_000_000, "allow_private": False}
    kwargs.update(options)
    return fetch_url(url, transport=transport, **kwargs)  # type: ignore[arg-type]


def test_fetch_returns_body_type_and_charset() -> None:
    transport, seen = mock(
        lambda r: httpx.Response(
            200, content=b"<p>hi</p>", headers={"content-type": "text/HTML; charset=ISO-8859-1"}
        )
    )
    resource = get(f"{PUBLIC}/a", transport)
    assert resource.data == b"<p>hi</p>"
    assert resource.content_type == "text/html"
    assert resource.encoding == "iso-8859-1"
    assert resource.final_url == f"{PUBLIC}/a"
    assert seen == [f"{PUBLIC}/a"]


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://93.184.216.34/x", "gopher://a/"])
def test_fetch_refuses_other_schemes(url: str) -> None:
    transport, _ = mock(never)
    with pytest.raises(UnsupportedInputError, match="http:// and https:// URLs only"):
        get(url, transport)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "http://10.0.0.1/admin",
        "http://192.168.1.1:8080/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/",
        "http://[::ffff:10.0.0.1]/",
        "http://0.0.0.0/",
        "http://224.0.0.1/",
        "http://100.64.0.1/",
    ],
)
def test_fetch_refuses_private_addresses_before_connecting(url: str) -> None:
    transport, seen = mock(never)
    with pytest.raises(ForbiddenAddressError, match=r"--allow-private.*SITREP_ALLOW_PRIVATE=1"):
        get(url, transport)
    assert seen == []


def test_fetch_refuses_a_host_name_that_resolves_to_a_private_address(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(
        fetch, "resolve_host", lambda host, port: [ipaddress.ip_address("10.1.2.3")]
    )
    transport, seen = mock(never)
    with pytest.raises(ForbiddenAddressError, match=r"intranet\.example resolves to 10\.1\.2\.3"):
        get("http://intranet.example/", transport)
    assert seen == []


def test_fetch_connects_to_the_checked_address_of_a_host_name(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(
        fetch, "resolve_host", lambda host, port: [ipaddress.ip_address("93.184.216.34")]
    )
    hosts: list[str] = []

    def answer(request: httpx.Request) -> httpx.Response:
        hosts.append(request.headers["host"])
        return httpx.Response(200, content=b"ok", headers={"content-type": "text/plain"})

    transport, seen = mock(answer)
    resource = get("http://news.example:8080/a?b=1", transport)
    assert seen == ["http://93.184.216.34:8080/a?b=1"]
    assert hosts == ["news.example:8080"]
    assert resource.final_url == "http://news.example:8080/a?b=1"


def test_fetch_keeps_the_host_name_for_tls(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        fetch, "resolve_host", lambda host, port: [ipaddress.ip_address("2606:4700::1111")]
    )
    seen: list[tuple[str, object, str]] = []

    def answer(request: httpx.Request) -> httpx.Response:
        sni = request.extensions.get("sni_hostname")
        seen.append((str(request.url), sni, request.headers["host"]))
        return httpx.Response(200, content=b"ok")

    get("https://news.example/a", httpx.MockTransport(answer))
    assert seen == [("https://[2606:4700::1111]/a", "news.example", "news.example")]


@pytest.mark.parametrize("location", ["http://[oops/", "javascript:alert(1)", "http://"])
def test_fetch_reports_a_redirect_to_an_invalid_url(location: str) -> None:
    transport, _ = mock(lambda r: httpx.Response(302, headers={"location": location}))
    with pytest.raises((FetchError, UnsupportedInputError)):
        get(f"{PUBLIC}/start", transport)


def test_fetch_allows_private_addresses_when_asked() -> None:
    transport, seen = mock(lambda r: httpx.Response(200, content=b"intranet"))
    assert get("http://10.0.0.1/", transport, allow_private=True).data == b"intranet"
    assert seen == ["http://10.0.0.1/"]


def test_fetch_checks_every_redirect_hop() -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(302, headers={"location": "http://10.0.0.1/secret"})

    transport, seen = mock(answer)
    with pytest.raises(ForbiddenAddressError, match=r"10\.0\.0\.1"):
        get(f"{PUBLIC}/start", transport)
    assert seen == [f"{PUBLIC}/start"]


def test_fetch_refuses_a_redirect_to_another_scheme() -> None:
    transport, _ = mock(lambda r: httpx.Response(301, headers={"location": "file:///etc/passwd"}))
    with pytest.raises(UnsupportedInputError, match="redirected from"):
        get(f"{PUBLIC}/start", transport)


def test_fetch_follows_relative_redirects() -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/old":
            return httpx.Response(301, headers={"location": "/new"})
        return httpx.Response(200, content=b"moved", headers={"content-type": "text/plain"})

    transport, seen = mock(answer)
    resource = get(f"{PUBLIC}/old", transport)
    assert (resource.data, resource.final_url, resource.url) == (
        b"moved",
        f"{PUBLIC}/new",
        f"{PUBLIC}/old",
    )
    assert seen == [f"{PUBLIC}/old", f"{PUBLIC}/new"]


def test_fetch_stops_after_five_redirects() -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        hop = int(request.url.path.strip("/") or 0)
        return httpx.Response(302, headers={"location": f"/{hop + 1}"})

    transport, seen = mock(answer)
    with pytest.raises(FetchError, match="more than 5 redirects"):
        get(f"{PUBLIC}/0", transport)
    assert len(seen) == 6


def test_fetch_refuses_a_declared_length_over_the_limit() -> None:
    transport, _ = mock(lambda r: httpx.Response(200, content=b"x" * 2000))
    with pytest.raises(TooLargeError, match=r"2,000 bytes.*limit of 1,000 bytes.*SITREP_MAX_BYTES"):
        get(f"{PUBLIC}/big", transport, max_bytes=1000)


def test_fetch_stops_streaming_past_the_limit() -> None:
    sent: list[int] = []

    def chunks() -> Iterator[bytes]:
        for number in range(1000):
            sent.append(number)
            yield b"x" * 1024

    transport, _ = mock(lambda r: httpx.Response(200, content=chunks()))
    with pytest.raises(TooLargeError, match="over 10,000 bytes"):
        get(f"{PUBLIC}/stream", transport, max_bytes=10_000)
    assert len(sent) < 20


def test_fetch_reports_http_errors() -> None:
    transport, _ = mock(lambda r: httpx.Response(404))
    with pytest.raises(FetchError, match="HTTP 404 Not Found"):
        get(f"{PUBLIC}/missing", transport)


def test_fetch_reports_timeouts() -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("timed out", request=request)

    transport, _ = mock(answer)
    with pytest.raises(FetchError, match=r"timed out \(reading: no answer within 5 s\)"):
        get(f"{PUBLIC}/slow", transport)


def test_fetch_reports_connection_failures() -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    transport, _ = mock(answer)
    with pytest.raises(FetchError, match="connection refused"):
        get(f"{PUBLIC}/down", transport)


def test_fetch_from_a_local_server(server: LocalServer) -> None:
    server.routes["/page"] = Route(body=b"<p>local</p>")
    server.routes["/moved"] = Route(status=302, headers={"Location": "/page"})
    resource = fetch_url(server.url("/moved"), timeout=5, max_bytes=1000, allow_private=True)
    assert resource.data == b"<p>local</p>"
    assert resource.final_url == server.url("/page")
    with pytest.raises(ForbiddenAddressError):
        fetch_url(server.url("/page"), timeout=5, max_bytes=1000, allow_private=False)
    assert server.requests == ["/moved", "/page"]


def test_fetch_from_a_local_server_stops_at_the_limit(server: LocalServer) -> None:
    server.routes["/big"] = Route(body=b"y" * 6_000_000)
    with pytest.raises(TooLargeError):
        fetch_url(server.url("/big"), timeout=5, max_bytes=5_000_000, allow_private=True)
