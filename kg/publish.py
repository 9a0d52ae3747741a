"""`kg publish`: replace a named graph on a SPARQL 1.1 store with the build."""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from .config import BUILD_DIR
from .errors import BuildError
from .query import USER_AGENT, EndpointError

DEFAULT_GRAPH = "https://w3id.org/saxony-lifescience/graph/kg"


def _opener(url: str, user: str | None, password: str | None) -> urllib.request.OpenerDirector:
    if not user:
        return urllib.request.build_opener()
    passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
    passwords.add_password(None, url, user, password or "")
    return urllib.request.build_opener(
        urllib.request.HTTPDigestAuthHandler(passwords),
        urllib.request.HTTPBasicAuthHandler(passwords),
    )


def publish(
    endpoint: str,
    graph: str = DEFAULT_GRAPH,
    *,
    build_dir: Path = BUILD_DIR,
    user: str | None = None,
    password: str | None = None,
    timeout: float = 120,
) -> int:
    """PUT build/kg.nt as the named graph `graph`; returns the HTTP status.

    >>> publish("http://127.0.0.1:7878/store")  # doctest: +SKIP
    """
    source = Path(build_dir) / "kg.nt"
    if not source.is_file():
        raise BuildError(f"{source} not found: run `kg build` first")
    separator = "&" if "?" in endpoint else "?"
    url = f"{endpoint}{separator}graph={urllib.parse.quote(graph, safe='')}"
    request = urllib.request.Request(
        url,
        data=source.read_bytes(),
        method="PUT",
        headers={"Content-Type": "application/n-triples", "User-Agent": USER_AGENT},
    )
    try:
        with _opener(endpoint, user, password).open(request, timeout=timeout) as response:
            return response.status
    except urllib.error.HTTPError as error:
        detail = error.read()[:300].decode("utf-8", "replace").strip()
        raise EndpointError(f"{endpoint} refused the graph: HTTP {error.code} {detail}") from None
    except urllib.error.URLError as error:
        raise EndpointError(f"cannot reach {endpoint}: {error.reason}") from None
    except TimeoutError:
        raise EndpointError(f"{endpoint} gave no answer within {timeout:g} s") from None
