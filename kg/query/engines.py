"""Run SPARQL on the embedded store or on any SPARQL 1.1 endpoint, with one result model.

The same query text goes to both, and both answers are turned into the same `Results`, so
every output format is written by one piece of code whichever store answered.
"""

from __future__ import annotations

import json
import re
import urllib.error
from pathlib import Path

import pyoxigraph as ox
from SPARQLWrapper import JSON, POST, TURTLE, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

from kg.query.results import Results, term_from_json
from kg.rdf.stores import load_store

__all__ = [
    "EndpointError", "USER_AGENT", "load_graph", "query_form",
    "run_on_endpoint", "run_on_store", "sort_concatenations",
]

USER_AGENT = "saxony-lifescience-kg/0.1 (+https://w3id.org/saxony-lifescience)"




class EndpointError(RuntimeError):
    """The endpoint could not be reached, timed out or answered something unusable."""




def query_form(text: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE, from the first query keyword."""
    stripped = re.sub(r"#[^\n]*", "", text)
    match = re.search(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", stripped, re.IGNORECASE)
    return match.group(1).upper() if match else "SELECT"




def load_graph(path: Path) -> ox.Store:
    """An in-memory store with the RDF file at `path` (format from its extension)."""
    fmt = ox.RdfFormat.from_extension(path.suffix.lstrip(".")) or ox.RdfFormat.N_TRIPLES
    return load_store(path, fmt)


def run_on_store(store: ox.Store, text: str) -> Results:
    answer = store.query(text)
    if isinstance(answer, (ox.QueryBoolean, bool)):
        return Results("ASK", boolean=bool(answer))
    if isinstance(answer, ox.QueryTriples):
        return Results("CONSTRUCT", triples=sorted(answer, key=str))
    variables = [v.value for v in answer.variables]
    rows = [{name: solution[name] for name in variables} for solution in answer]
    return Results("SELECT", variables=variables, rows=rows)




def _endpoint(url: str, text: str, timeout: float) -> SPARQLWrapper:
    wrapper = SPARQLWrapper(url, agent=USER_AGENT)
    wrapper.setQuery(text)
    # SPARQLWrapper guesses the form from keywords, comments included ("add" in a comment
    # makes it an update); the form is known, so say it.
    wrapper.queryType = query_form(text)
    wrapper.setMethod(POST)
    wrapper.setTimeout(int(max(1, timeout)))
    return wrapper


def run_on_endpoint(url: str, text: str, timeout: float = 30) -> Results:
    """Send the query over the SPARQL 1.1 Protocol; errors become EndpointError."""
    form = query_form(text)
    wrapper = _endpoint(url, text, timeout)
    try:
        if form in ("CONSTRUCT", "DESCRIBE"):
            # N-Triples, since some stores write Turtle numbers in a form that reads back
            # with another datatype (Virtuoso: the decimal 100 as `100`, an integer)
            wrapper.setReturnFormat(TURTLE)
            wrapper.setOnlyConneg(True)
            wrapper.addCustomHttpHeader("Accept", "application/n-triples")
            body = wrapper.query().response.read()
            triples = ox.parse(body, format=ox.RdfFormat.N_TRIPLES)
            return Results("CONSTRUCT", triples=sorted((q.triple for q in triples), key=str))
        wrapper.setReturnFormat(JSON)
        data = json.loads(wrapper.query().response.read())
        if form == "ASK":
            return Results("ASK", boolean=bool(data["boolean"]))
        variables = list(data["head"]["vars"])
        rows = [
            {v: term_from_json(b[v]) if v in b else None for v in variables}
            for b in data["results"]["bindings"]
        ]
        return Results("SELECT", variables=variables, rows=rows)
    except TimeoutError:
        raise EndpointError(f"{url} gave no answer within {timeout:g} s") from None
    except urllib.error.HTTPError as error:
        detail = error.read()[:300].decode("utf-8", "replace").strip()
        raise EndpointError(f"{url} answered HTTP {error.code}: {detail}") from None
    except urllib.error.URLError as error:
        reason = error.reason
        if isinstance(reason, TimeoutError):
            raise EndpointError(f"{url} gave no answer within {timeout:g} s") from None
        raise EndpointError(f"cannot reach {url}: {reason}") from None
    except SPARQLWrapperException as error:
        raise EndpointError(f"{url} refused the query: {str(error).splitlines()[0]}") from None
    except (ValueError, KeyError, TypeError, SyntaxError) as error:
        raise EndpointError(
            f"{url} answered something that is not a SPARQL result "
            f"({type(error).__name__}: {str(error)[:120]})"
        ) from None
    except OSError as error:
        raise EndpointError(f"cannot reach {url}: {error}") from None






def sort_concatenations(results: Results, columns: dict[str, str]) -> Results:
    """Sort the items of GROUP_CONCAT columns.

    SPARQL leaves the order inside GROUP_CONCAT to the store (Oxigraph in memory and on disk
    differ, Virtuoso again), so kg sorts the items: every store then gives the same answer.
    """
    for row in results.rows:
        for name, separator in columns.items():
            term = row.get(name)
            if isinstance(term, ox.Literal) and separator and separator in term.value:
                items = sorted(term.value.split(separator))
                row[name] = (
                    ox.Literal(separator.join(items), language=term.language)
                    if term.language
                    else ox.Literal(separator.join(items), datatype=term.datatype)
                )
    return results
