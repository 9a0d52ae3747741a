"""The public face of `kg serve`: a read-only SPARQL endpoint in front of Oxigraph engines.

Why a front at all. `oxigraph serve-read-only` answers SPARQL well, but as a public endpoint
it (1) runs `SERVICE` clauses, so any client can make the server send requests to any host it
can reach; (2) has a time limit (`--timeout-s`) that some queries never notice (an ORDER BY
over a cross product ran past 2 minutes with a 2 s limit, and a cancelled query still answers
200 with an error message after half a result); (3) refuses a GET whose request line is over
8 KB with a message about headers; (4) serves a query page that asks prefix.cc and LOV while
one types. Oxigraph has no option for (1), (3) or (4). pyoxigraph in this process would not
help: it runs SERVICE too and its queries cannot be cancelled.

What this module does instead (standard library and rdflib, already a dependency):

- **SERVICE is refused before any engine sees the query.** The query is parsed with rdflib's
  SPARQL grammar and the parse tree is searched for a `ServiceGraphPattern` anywhere (inside
  OPTIONAL, EXISTS, sub-queries, ...): such a query gets 400 naming SERVICE, a text that does
  not parse gets 400 with the parser's message (fail closed), and an update gets 403. The
  engine receives exactly the text that was checked. Two parsers can disagree on a text; the
  one known disagreement is removed first (rdflib ends a `#` comment at a line feed only,
  Oxigraph at a carriage return too, so `# x<CR>SERVICE ...` looked like a comment to one and
  a SERVICE call to the other): carriage returns are turned into line feeds before checking.
  Whatever disagreement remains cannot reach the network: every engine runs under a seccomp
  filter that makes `connect()` fail (kg.query.sandbox), so a SERVICE that got through would
  fail inside the engine without a packet sent.
  rdflib's parser recurses once per triple pattern, so it runs in a thread with a deep stack
  (`Checker`); texts are cached, so a repeated query is checked once. The price of failing
  closed: syntax beyond SPARQL 1.1 (RDF-star `<< >>`, `LATERAL`) is refused here
  although Oxigraph would run it.
- **Every query has a hard time limit.** Engines are separate `oxigraph serve-read-only`
  processes over the same store, each running one query at a time. A query that has not
  answered completely within the limit gets 503 saying so; its engine is killed and a fresh
  one started in its place (in a fraction of a second), so the CPU and memory it held are
  freed at once and the other engines keep answering. Answers are read whole before the
  client sees a status, so a client never gets 200 followed by an error; an answer over
  MAX_ANSWER_BYTES is refused (503) rather than held. A request that finds every engine
  busy for as long as the limit gets 503 with Retry-After: load is shed, not queued on.
- **Long GETs work up to 64 KB**, and longer ones get 414 saying to use POST.
- **The query page fetches nothing but this server.** The page is ours (YASGUI's script and
  style come from the Oxigraph engine's own page): it points YASGUI's prefix lookup at
  `/prefixes.json` (the project's prefixes) and turns off the class and property completion,
  which asks lov.linkeddata.es.
- UPDATE (`/update`, or an `update` parameter) and Graph Store writes answer 403; `/store`
  can be read. The front never connects anywhere but its own engines on 127.0.0.1.
"""

from __future__ import annotations

import functools
import http.client
import json
import queue
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Callable
from concurrent.futures import Future
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from pyparsing import ParseBaseException, ParseResults
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue

from kg.config import PREFIXES

__all__ = [
    "ASSETS", "AnswerTooLarge", "Checker", "DEFAULT_CONNECTIONS", "DEFAULT_TIMEOUT",
    "DEFAULT_WORKERS", "Endpoint",
    "Engine", "Engines", "MAX_ANSWER_BYTES", "MAX_QUERY_BYTES", "QueryRefused", "check_query",
    "page",
]

DEFAULT_TIMEOUT = 30.0
"""Seconds a query may run before it is stopped (`kg serve --timeout`)."""
DEFAULT_WORKERS = 2
"""Engines, so queries answered at the same time (`kg serve --workers`)."""
DEFAULT_CONNECTIONS = 64
"""Client connections held open at once (`kg serve --connections`); one more is answered
503 and closed, so that idle or slow clients cannot take a thread each without end."""
MAX_QUERY_BYTES = 65_536
MAX_ANSWER_BYTES = 256 * 2**20
"""Answers are held whole before they are sent (so a stopped query never looks like a
success); this bounds the memory one answer takes."""
MAX_BODY_BYTES = 4 * MAX_QUERY_BYTES  # a form-encoded query can be three times its text
ASSETS = ("/yasgui.min.js", "/yasgui.min.css", "/logo.svg")
DATASET_PARAMETERS = ("default-graph-uri", "named-graph-uri")
READ_ONLY = "this endpoint is read-only: SPARQL UPDATE is refused"
USE_POST = "send long queries by POST (Content-Type application/sparql-query, or a form)"


class AnswerTooLarge(OSError):
    pass


class QueryRefused(Exception):
    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


def _forms(tree) -> set[str]:
    """Names of every grammar rule in an rdflib parse tree."""
    names, stack = set(), [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, CompValue):
            names.add(node.name)
            stack.extend(node.values())
        elif isinstance(node, (ParseResults, list, tuple)):
            stack.extend(node)
    return names


@functools.lru_cache(maxsize=256)
def _refusal(text: str) -> tuple[int, str] | None:
    # cached: rdflib's parser takes 0.1-0.5 s for a catalogue query, the same text is asked often
    try:
        tree = parseQuery(text)
    except ParseBaseException as error:
        if _is_update(text):
            return 403, READ_ONLY
        return 400, f"not a SPARQL query this endpoint accepts: {error}"
    except RecursionError:
        return 400, "the query is nested too deeply for the check (rdflib's SPARQL parser)"
    if "ServiceGraphPattern" in _forms(tree):
        return 400, (
            "SERVICE (federated query) is not allowed on this endpoint: it answers from its "
            "own data only and fetches nothing on a client's behalf"
        )
    return None


def _is_update(text: str) -> bool:
    try:
        parseUpdate(text)
    except (ParseBaseException, RecursionError):
        return False
    return True


class Checker:
    """Checks queries in a thread of its own with a deep stack.

    rdflib's grammar recurses once per triple pattern of a block: with Python's default
    limit of 1,000 frames a block of 85 patterns already fails. The checker thread has a
    512 MiB stack (address space; only what is used is taken) and the process a limit of
    100,000 frames, enough for any query under MAX_QUERY_BYTES but braces nested thousands
    deep (a RecursionError, refused). Parsing holds the GIL anyway, so one thread is enough."""

    STACK_BYTES = 512 * 2**20
    RECURSION_LIMIT = 100_000

    def __init__(self):
        self._jobs: queue.Queue[tuple[str, Future]] = queue.Queue()
        sys.setrecursionlimit(max(sys.getrecursionlimit(), self.RECURSION_LIMIT))
        previous = threading.stack_size(self.STACK_BYTES)
        try:
            threading.Thread(target=self._run, name="kg-query-check", daemon=True).start()
        finally:
            threading.stack_size(previous)

    def _run(self) -> None:
        while True:
            text, future = self._jobs.get()
            try:
                future.set_result(_refusal(text))
            except Exception as error:  # handed to the waiting request
                future.set_exception(error)

    def refusal(self, text: str, timeout: float) -> tuple[int, str] | None:
        future: Future = Future()
        self._jobs.put((text, future))
        try:
            return future.result(timeout)
        except TimeoutError:
            return 503, f"the query could not be checked within {timeout:g} s: try again later"


def check_query(text: str, checker: Checker | None = None, timeout: float = 60) -> str:
    r"""The text an engine may run (line ends made line feeds), or QueryRefused.

    >>> check_query("ASK { ?s ?p ?o }\r\n")
    'ASK { ?s ?p ?o }\n'
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if len(text.encode("utf-8")) > MAX_QUERY_BYTES:
        raise QueryRefused(413, f"the query is over {MAX_QUERY_BYTES:,} bytes")
    refusal = checker.refusal(text, timeout) if checker else _refusal(text)
    if refusal:
        raise QueryRefused(*refusal)
    return text


def page(title: str = "SPARQL") -> bytes:
    """The query page: Oxigraph's YASGUI, asking this server only."""
    return PAGE.replace("TITLE", title).encode("utf-8")


PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>TITLE</title>
<link href="yasgui.min.css" rel="stylesheet" type="text/css">
<script src="yasgui.min.js"></script>
<link rel="icon" type="image/svg+xml" href="logo.svg">
</head>
<body>
<div id="yasgui"></div>
<script>
  // YASGUI asks prefix.cc for prefixes and lov.linkeddata.es for classes and properties:
  // prefixes come from this server instead, the other two completions are off.
  const endpoint = new URL("query", window.location.href).href;
  Yasgui.Yasqe.defaults.prefixCcApi = new URL("prefixes.json", window.location.href).href;
  Yasgui.Yasqe.defaults.autocompleters = ["prefixes", "variables"];
  new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: false,
    endpointCatalogueOptions: { getData: () => [{ endpoint: endpoint }], keys: [] },
  });
</script>
</body>
</html>
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Engine:
    """One Oxigraph process on a loopback port of its own."""

    def __init__(self, launch: Callable[[int], subprocess.Popen], ready_within: float = 15):
        self.port = _free_port()
        self.process = launch(self.port)
        deadline = time.monotonic() + ready_within
        while not self._answers():
            if self.process.poll() is not None or time.monotonic() > deadline:
                message = self._stderr()
                self.kill()
                raise OSError(f"the Oxigraph engine did not start: {message}")
            time.sleep(0.02)

    def _answers(self) -> bool:
        try:
            status, _, _ = self.request("GET", "/query?query=ASK%7B%7D", timeout=1)
        except OSError:
            return False
        return status == 200

    def _stderr(self) -> str:
        if self.process.poll() is None or not self.process.stderr:
            return "no answer"
        return self.process.stderr.read().decode("utf-8", "replace").strip()

    def request(
        self, method: str, path: str, body: bytes | None = None,
        headers: dict[str, str] | None = None, timeout: float = 30,
        limit: int = MAX_ANSWER_BYTES,
    ) -> tuple[int, str, bytes]:
        """Status, content type and the whole body; TimeoutError after `timeout` s,
        AnswerTooLarge past `limit` bytes."""
        deadline = time.monotonic() + timeout
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            chunks, size = [], 0
            while chunk := response.read1(65536):
                chunks.append(chunk)
                size += len(chunk)
                if size > limit:
                    raise AnswerTooLarge
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError
                connection.sock.settimeout(left)
            return response.status, response.getheader("Content-Type", ""), b"".join(chunks)
        finally:
            connection.close()

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(1)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process.stderr:
            self.process.stderr.close()


class Engines:
    """A fixed number of engines; a busy one serves one query, a stuck one is replaced.

    Engines are started by one long-lived thread: the kernel kills an engine when the thread
    that started it ends (kg.query.sandbox asks for that, so that no engine outlives us)."""

    def __init__(self, launch: Callable[[int], subprocess.Popen], count: int):
        self._launch = launch
        self._idle: queue.Queue[Engine] = queue.Queue()
        self._orders: queue.Queue[bool] = queue.Queue()
        self._failures: queue.Queue[str] = queue.Queue()
        self._running: set[Engine] = set()
        self._lock = threading.Lock()
        self._closed = False
        threading.Thread(target=self._keep, name="kg-engines", daemon=True).start()
        for _ in range(count):
            self._orders.put(True)
        deadline = time.monotonic() + 30
        while self._idle.qsize() < count:
            self._raise_failure()
            if time.monotonic() > deadline:
                self.close()
                raise OSError("the Oxigraph engines did not start within 30 s")
            time.sleep(0.02)

    def _raise_failure(self) -> None:
        try:
            failure = self._failures.get_nowait()
        except queue.Empty:
            return
        self.close()
        raise OSError(failure)

    def _keep(self) -> None:
        while self._orders.get():
            for _ in range(3):  # a port taken between choosing and binding: try again
                try:
                    engine = Engine(self._launch)
                    break
                except OSError as error:
                    failure = str(error)
            else:
                self._failures.put(failure)
                continue
            with self._lock:
                if self._closed:
                    engine.kill()
                    return
                self._running.add(engine)
            self._idle.put(engine)

    def take(self, timeout: float) -> Engine | None:
        try:
            return self._idle.get(timeout=timeout)
        except queue.Empty:
            return None

    def give_back(self, engine: Engine) -> None:
        self._idle.put(engine)

    def replace(self, engine: Engine) -> None:
        """Kill `engine` (it may be stuck in a query) and start another in its place."""
        with self._lock:
            self._running.discard(engine)
        engine.kill()
        self._orders.put(True)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            engines = list(self._running)
            self._running.clear()
        self._orders.put(False)
        for engine in engines:
            engine.kill()

    def alive(self) -> bool:
        """False once closed or once a replacement engine failed to start."""
        return not self._closed and self._failures.empty()


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "kg-serve"
    timeout = 60  # an idle or slow client is dropped after a minute
    # headers and body go out in two writes: without this, Nagle's algorithm and the
    # client's delayed ACK hold each answer ~40 ms
    disable_nagle_algorithm = True
    server: Endpoint

    def log_message(self, format, *args):  # noqa: A002 - the stdlib's name
        if self.server.log:
            super().log_message(format, *args)

    def send_error(self, code, message=None, explain=None):
        # the stdlib's errors are HTML about headers; say what to do instead
        if code == HTTPStatus.REQUEST_URI_TOO_LONG:
            message = f"request line over 64 KB: {USE_POST}"
        elif code == HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE:
            message = f"request headers too large: {USE_POST}"
        self.close_connection = True
        self._reply(code, message or HTTPStatus(code).phrase)

    def _reply(
        self, status: int, body: bytes | str, content_type: str = "text/plain; charset=utf-8",
        headers: dict[str, str] | None = None,
    ) -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body
        if isinstance(body, str) and not body.endswith("\n"):
            data += b"\n"
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("X-Content-Type-Options", "nosniff")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def do_GET(self):  # noqa: N802 - the stdlib's names
        self._route()

    do_HEAD = do_POST = do_PUT = do_DELETE = do_PATCH = do_GET

    def _route(self) -> None:
        path = urllib.parse.urlsplit(self.path).path
        try:
            if path == "/query":
                self._query()
            elif path == "/update":
                raise QueryRefused(403, READ_ONLY)
            elif path == "/store":
                self._store()
            elif self.command not in ("GET", "HEAD"):
                raise QueryRefused(405, f"{self.command} is not accepted here")
            elif path in ("/", "/index.html"):
                self._reply(200, page(self.server.title), "text/html; charset=utf-8")
            elif path == "/prefixes.json":
                prefixes = json.dumps(self.server.prefixes, sort_keys=True)
                self._reply(200, prefixes, "application/json")
            elif path in self.server.assets:
                self._reply(200, *self.server.assets[path])
            else:
                raise QueryRefused(404, f"nothing at {path}: the SPARQL endpoint is /query")
        except QueryRefused as refused:
            self._drain()
            self._reply(refused.status, refused.message, headers=refused.headers)

    def _drain(self) -> None:
        """Read an unread request body, so that the connection can carry the next request."""
        if getattr(self, "_body_read", False):
            return
        try:
            self._body()
        except QueryRefused:
            self.close_connection = True

    def _body(self) -> bytes:
        self._body_read = True
        if self.headers.get("Transfer-Encoding"):
            self.close_connection = True
            raise QueryRefused(411, "send the body with a Content-Length")
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if length < 0 or length > MAX_BODY_BYTES:
            self.close_connection = True
            raise QueryRefused(413, f"request body over {MAX_BODY_BYTES:,} bytes or unreadable")
        return self.rfile.read(length)

    def _parameters(self) -> list[tuple[str, str]]:
        query_string = urllib.parse.urlsplit(self.path).query
        parameters = _decode(query_string)
        if self.command == "POST":
            kind = self.headers.get_content_type()
            body = self._body()
            if kind == "application/x-www-form-urlencoded":
                parameters += _decode(body.decode("latin-1"))
            elif kind == "application/sparql-query":
                parameters.append(("query", _text(body)))
            elif kind == "application/sparql-update":
                raise QueryRefused(403, READ_ONLY)
            else:
                raise QueryRefused(415, "POST a query as application/sparql-query or a form")
        return parameters

    def _query(self) -> None:
        if self.command not in ("GET", "HEAD", "POST"):
            raise QueryRefused(405, "query with GET or POST")
        parameters = self._parameters()
        if any(name == "update" for name, _ in parameters):
            raise QueryRefused(403, READ_ONLY)
        texts = [value for name, value in parameters if name == "query"]
        if len(texts) != 1:
            raise QueryRefused(400, "give exactly one `query` parameter")
        text = check_query(texts[0], self.server.checker, self.server.timeout_s)
        dataset = [(k, v) for k, v in parameters if k in DATASET_PARAMETERS]
        path = "/query" + ("?" + urllib.parse.urlencode(dataset) if dataset else "")
        headers = {"Content-Type": "application/sparql-query; charset=utf-8"}
        self._forward("POST", path, text.encode("utf-8"), headers)

    def _store(self) -> None:
        if self.command not in ("GET", "HEAD"):
            raise QueryRefused(403, "this endpoint is read-only: Graph Store writes are refused")
        query_string = urllib.parse.urlsplit(self.path).query
        kept = [(k, v) for k, v in _decode(query_string) if k in ("graph", "default")]
        path = "/store" + ("?" + urllib.parse.urlencode(kept) if kept else "")
        self._forward("GET", path, None, {})

    def _forward(self, method: str, path: str, body: bytes | None, headers: dict) -> None:
        headers = {**headers, "Accept": self.headers.get("Accept", "*/*")}
        limit = self.server.timeout_s
        engines = self.server.engines
        engine = engines.take(timeout=limit)
        if engine is None:
            raise QueryRefused(
                503, f"all engines are busy (each query may run {limit:g} s): try again later",
                {"Retry-After": str(max(1, round(limit)))},
            )
        try:
            status, kind, answer = engine.request(
                method, path, body, headers, timeout=limit, limit=self.server.max_answer_bytes
            )
        except AnswerTooLarge:
            engines.replace(engine)  # it may still be writing the answer
            raise QueryRefused(503, (
                f"the answer is over {self.server.max_answer_bytes:,} bytes, more than this "
                "endpoint sends: narrow the query or add LIMIT, or run it with `kg query`"
            )) from None
        except TimeoutError:
            engines.replace(engine)
            raise QueryRefused(503, (
                f"query timed out: it ran longer than this endpoint's limit of {limit:g} s "
                "(kg serve --timeout) and was stopped; narrow it, or run it with `kg query`"
            )) from None
        except OSError as error:
            engines.replace(engine)
            raise QueryRefused(502, f"the query engine failed ({error}); try again") from None
        engines.give_back(engine)
        self._reply(status, answer, kind or "application/octet-stream", {"Vary": "Accept"})


def _decode(encoded: str) -> list[tuple[str, str]]:
    try:
        return urllib.parse.parse_qsl(
            encoded, keep_blank_values=True, encoding="utf-8", errors="strict",
            max_num_fields=100,
        )
    except (UnicodeDecodeError, ValueError) as error:
        raise QueryRefused(400, f"unreadable parameters: {error}") from None


def _text(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise QueryRefused(400, f"the query is not UTF-8: {error}") from None


class Endpoint(ThreadingHTTPServer):
    """The front server on (host, port) and its engines. `serve()` in a thread, `close()`."""

    daemon_threads = True  # a client in mid-request does not hold up stopping
    request_queue_size = 128  # the standard library's 5 drops connections under load
    max_answer_bytes = MAX_ANSWER_BYTES

    def __init__(
        self, host: str, port: int, launch: Callable[[int], subprocess.Popen],
        timeout: float = DEFAULT_TIMEOUT, workers: int = DEFAULT_WORKERS, log: bool = False,
        connections: int = DEFAULT_CONNECTIONS,
    ):
        if timeout <= 0 or workers < 1 or connections < 1:
            raise ValueError(
                "the time limit must be positive and there must be an engine and a connection"
            )
        self._slots = threading.BoundedSemaphore(connections)
        self.address_family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.timeout_s = timeout
        self.log = log
        self.title = "SPARQL endpoint"
        self.prefixes = {"rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#", **PREFIXES}
        self.checker = Checker()
        self.engines = Engines(launch, workers)
        try:
            self.assets = self._assets()
            super().__init__((host, port), _Handler)
        except BaseException:
            self.engines.close()
            raise
        self._thread: threading.Thread | None = None
        self._stopped = threading.Event()

    def _assets(self) -> dict[str, tuple[bytes, str]]:
        """YASGUI's script and style and the logo, as Oxigraph's own page serves them."""
        engine = self.engines.take(timeout=30)
        if engine is None:
            raise OSError("no Oxigraph engine answered")
        try:
            found = {}
            for path in ASSETS:
                status, kind, body = engine.request("GET", path, timeout=10)
                if status == 200:
                    found[path] = (body, kind)
            return found
        finally:
            self.engines.give_back(engine)

    def process_request(self, request, client_address) -> None:
        # one thread a connection, up to the limit; past it a short 503, not a thread
        if not self._slots.acquire(blocking=False):
            self._refuse(request)
            return
        try:
            super().process_request(request, client_address)
        except BaseException:
            self._slots.release()
            raise

    def process_request_thread(self, request, client_address) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._slots.release()

    def _refuse(self, request: socket.socket) -> None:
        body = b"too many connections to this endpoint: try again in a moment\n"
        head = (
            "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n"
            f"Content-Length: {len(body)}\r\nRetry-After: 1\r\nConnection: close\r\n\r\n"
        )
        try:
            request.settimeout(1)
            request.sendall(head.encode("ascii") + body)
        except OSError:
            pass  # the client left already; nothing is owed to it
        self.shutdown_request(request)

    def serve(self) -> None:
        """Answer requests in a background thread."""
        self._thread = threading.Thread(
            target=self.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True
        )
        self._thread.start()

    def wait(self, interval: float = 0.2) -> bool:
        """Block until closed (True) or until an engine died and could not be replaced (False);
        signals are handled between the short waits."""
        while not self._stopped.wait(interval):
            if not self.engines.alive():
                return False
        return True

    def close(self) -> None:
        if self._stopped.is_set():
            return
        self._stopped.set()
        if self._thread:
            self.shutdown()
        self.server_close()
        self.engines.close()
