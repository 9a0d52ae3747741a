"""`kg publish`: replace a named graph on a SPARQL 1.1 store with the build.

The graph goes over the SPARQL 1.1 Graph Store HTTP Protocol: a PUT replaces the named graph
with the first `chunk_triples` lines of build/kg.nt, and each further chunk is added with a
POST, so a large build never travels, nor is parsed by the store, as one request. N-Triples
lines stand alone (the build has no blank nodes), so any cut between lines is a valid chunk.

Writes that need credentials carry their Authorization header (Digest or Basic) from the
start: an empty POST, which adds nothing to any graph, fetches the server's challenge before
every write, and one more checks the user and password before any data is sent. urllib's own
handlers would send each body without credentials first and again after the 401, and Virtuoso
closes the connection after its 401 while a body of a few megabytes is still on its way: the
upload would end in a broken pipe, and so would one with a wrong password.
"""

from __future__ import annotations

import base64
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from kg.config import default_build_dir
from kg.errors import BuildError
from kg.layout import KG_NT
from kg.query.engines import USER_AGENT, EndpointError

__all__ = ["CHUNK_TRIPLES", "CONTENT_TYPE", "DEFAULT_GRAPH", "publish"]

DEFAULT_GRAPH = "https://w3id.org/saxony-lifescience/graph/kg"
CHUNK_TRIPLES = 100_000
CONTENT_TYPE = "application/n-triples"


def _chunks(source: Path, size: int) -> Iterator[tuple[int, bytes]]:
    """(index of the first triple, N-Triples text) for every `size` lines of `source`."""
    with source.open("rb") as lines:
        first, batch = 0, []
        for line in lines:
            if not line.strip():
                continue
            batch.append(line if line.endswith(b"\n") else line + b"\n")
            if len(batch) == size:
                yield first, b"".join(batch)
                first, batch = first + size, []
        if batch or first == 0:  # an empty build still replaces the graph (with nothing)
            yield first, b"".join(batch)


def _request(url: str, method: str, body: bytes) -> urllib.request.Request:
    return urllib.request.Request(
        url,
        data=body,
        method=method,
        headers={"Content-Type": CONTENT_TYPE, "User-Agent": USER_AGENT},
    )


def _challenge(url: str, timeout: float) -> str:
    """The server's WWW-Authenticate challenge for writes to `url`, or "" if it asks none.

    The probe is an empty POST: in the Graph Store Protocol it adds nothing to the graph.
    """
    try:
        with urllib.request.urlopen(_request(url, "POST", b""), timeout=timeout):
            return ""
    except urllib.error.HTTPError as error:
        return error.headers.get("WWW-Authenticate", "") if error.code == 401 else ""


def _authorize(request: urllib.request.Request, challenge: str, user: str, password: str) -> None:
    """Add the Authorization header that answers `challenge` (Digest or Basic)."""
    scheme, _, parameters = challenge.partition(" ")
    if scheme.lower() == "digest":
        passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        passwords.add_password(None, request.full_url, user, password)
        fields = urllib.request.parse_keqv_list(
            [f for f in urllib.request.parse_http_list(parameters) if "=" in f]
        )
        answer = urllib.request.HTTPDigestAuthHandler(passwords).get_authorization(request, fields)
        if answer:
            request.add_unredirected_header("Authorization", f"Digest {answer}")
    elif scheme.lower() == "basic":
        token = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
        request.add_unredirected_header("Authorization", f"Basic {token}")


def _write(
    request: urllib.request.Request, url: str, user: str, password: str, timeout: float
) -> int:
    """Send `request` with the answer to a fresh challenge (a nonce is good for one request)."""
    _authorize(request, _challenge(url, timeout), user, password)
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return response.status


def publish(
    endpoint: str,
    graph: str = DEFAULT_GRAPH,
    *,
    build_dir: Path | None = None,
    user: str | None = None,
    password: str | None = None,
    timeout: float = 120,
    chunk_triples: int = CHUNK_TRIPLES,
) -> int:
    """Replace the named graph `graph` with build/kg.nt; returns the HTTP status of the PUT.

    >>> publish("http://127.0.0.1:7878/store")  # doctest: +SKIP
    """
    source = Path(build_dir or default_build_dir()) / KG_NT
    if not source.is_file():
        raise BuildError(f"{source} not found: run `kg build` first")
    if chunk_triples < 1:
        raise ValueError("chunk_triples must be at least 1")
    separator = "&" if "?" in endpoint else "?"
    url = f"{endpoint}{separator}graph={urllib.parse.quote(graph, safe='')}"
    status, first = 0, 0
    try:
        # Does the server want credentials, and does it take these? Checked with empty POSTs,
        # so that a wrong password is reported as such, not as the broken pipe that Virtuoso
        # makes of a large body it has stopped reading.
        protected = bool(_challenge(url, timeout))
        if protected and not user:
            raise EndpointError(
                f"{endpoint} asks for credentials (HTTP 401): give a user and a password"
            )
        if protected:
            try:
                _write(_request(url, "POST", b""), url, user or "", password or "", timeout)
            except urllib.error.HTTPError as error:
                if error.code != 401:
                    raise
                raise EndpointError(
                    f"{endpoint} refused user {user!r} and the password given (HTTP 401)"
                ) from None
        for first, body in _chunks(source, chunk_triples):
            request = _request(url, "PUT" if first == 0 else "POST", body)
            if protected:
                answer = _write(request, url, user or "", password or "", timeout)
            else:
                with urllib.request.urlopen(request, timeout=timeout) as response:
                    answer = response.status
            status = status or answer
    except urllib.error.HTTPError as error:
        detail = error.read()[:300].decode("utf-8", "replace").strip()
        part = (
            f" at triple {first + 1} of {source.name} (the graph holds the ones before it;"
            " publish again)"
            if first
            else ""
        )
        raise EndpointError(
            f"{endpoint} refused the graph{part}: HTTP {error.code} {detail}"
        ) from None
    except urllib.error.URLError as error:
        raise EndpointError(f"cannot reach {endpoint}: {error.reason}") from None
    except TimeoutError:
        raise EndpointError(f"{endpoint} gave no answer within {timeout:g} s") from None
    except OSError as error:
        raise EndpointError(f"cannot reach {endpoint}: {error}") from None
    return status
