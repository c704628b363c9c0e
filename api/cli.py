"""The `govkg` command: extract, build, load, validate and query the knowledge graph.

Each command is a thin wrapper over `graph`: it parses options, calls one function and
prints. Errors the user can fix are one line on stderr with a non-zero exit code
(1: the data does not conform, 2: bad input), never a traceback.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path
from typing import Any

import click

from api.cli_audit import register as register_audit
from api.cli_common import (
    EXIT_NOT_CONFORMING,
    app_config,
    data_dir_option,
    friendly_errors,
    reading,
    store_location,
    writing,
)
from api.cli_history import register as register_history
from api.cli_synthetic import register as register_synthetic
from graph import settings
from graph.errors import InputError


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="govkg")
def cli() -> None:
    """govkg: a knowledge graph of Swedish public-sector collaboration."""


@cli.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option(
    "--format", "fmt", type=click.Choice(["json", "turtle"]), default="json", show_default=True
)
@friendly_errors
def extract(file: Path, fmt: str) -> None:
    """Extract one protocol or agreement (text or PDF) and print its summary or its RDF."""
    from graph.extract import extract_summary, extract_turtle

    click.echo(
        extract_turtle(file)
        if fmt == "turtle"
        else json.dumps(extract_summary(file), ensure_ascii=False, indent=2)
    )


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@data_dir_option
@friendly_errors
def build(paths: tuple[Path, ...], data_dir: Path | None) -> None:
    """Ingest, validate and load documents (default: the bundled corpus)."""
    from graph.pipeline import build as build_graph
    from graph.pipeline import corpus_files

    targets = list(paths) or [settings.BUNDLED_CORPUS]
    files = corpus_files(targets)
    if not files:
        raise InputError("no .txt or .pdf documents found in " + ", ".join(map(str, targets)))
    with (
        writing(data_dir) as store,
        click.progressbar(length=len(files), label="Building", file=sys.stderr) as bar,
    ):
        results = build_graph(files, store, on_document=lambda _: bar.update(1))
    warnings = sum(r.warnings for r in results)
    click.echo(
        f"Loaded {len(results)} documents ({sum(r.triples for r in results)} triples, "
        f"{warnings} warnings) into {store_location(store)}"
    )


@cli.command()
@click.argument("file", type=click.Path(path_type=Path))
@data_dir_option
@friendly_errors
def load(file: Path, data_dir: Path | None) -> None:
    """Validate and load an RDF file (.ttl .trig .jsonld .nq) or a protocol (.txt .pdf)."""
    from graph.ontology_graph import ensure_ontology
    from graph.pipeline import RDF_FORMATS, ingest_file, load_rdf

    if not file.is_file():
        raise InputError(f"{file}: no such file")
    with writing(data_dir) as store:
        ensure_ontology(store)
        result = (
            load_rdf(file, store)
            if file.suffix.lower() in RDF_FORMATS
            else ingest_file(file, store)
        )
    click.echo(f"Loaded {result.triples} triples into {result.graph} ({result.warnings} warnings)")


@cli.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "turtle"]),
    default="text",
    show_default=True,
)
@click.option("--lang", type=click.Choice(["sv", "en"]), default="sv", show_default=True)
@friendly_errors
def validate(file: Path, fmt: str, lang: str) -> None:
    """Print the SHACL report of an RDF file or a protocol; exit 1 on violations."""
    from graph.extract import graph_of_file
    from graph.validate import validate as run_validation

    report = run_validation(graph_of_file(file), lang=lang)
    if fmt == "json":
        click.echo(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
    elif fmt == "turtle":
        click.echo(report.to_graph().serialize(format="turtle"))
    else:
        click.echo(report.to_text(lang=lang) if report.results else "Conforms: no violations.")
    if not report.conforms:
        sys.exit(EXIT_NOT_CONFORMING)


@cli.command()
@click.argument("sparql")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "json"]),
    default="table",
    show_default=True,
)
@data_dir_option
@friendly_errors
def query(sparql: str, fmt: str, data_dir: Path | None) -> None:
    """Run a SPARQL SELECT or ASK (text, @file, or - for stdin) over the store."""
    if sparql == "-":
        sparql = sys.stdin.read()
    elif sparql.startswith("@"):
        path = Path(sparql[1:])
        if not path.is_file():
            raise InputError(f"{path}: no such file")
        sparql = path.read_text(encoding="utf-8")
    with reading(data_dir) as store:
        kind, result = store.run(sparql)
        variables = store.last_variables
    if kind == "boolean":
        click.echo("true" if result else "false")
    elif kind == "graph":
        click.echo(result.serialize(format="turtle"))
    else:
        click.echo(format_rows(result, variables, fmt))


def format_rows(rows: list[dict[str, Any]], variables: list[str], fmt: str) -> str:
    values = [[str(row.get(v, "")) for v in variables] for row in rows]
    if fmt == "json":
        return json.dumps(
            [dict(zip(variables, r, strict=True)) for r in values], ensure_ascii=False, indent=2
        )
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(variables)
        writer.writerows(values)
        return out.getvalue().rstrip("\n")
    if not rows:
        return "(no rows)"
    widths = [min(60, max(len(v), *(len(r[i]) for r in values))) for i, v in enumerate(variables)]
    lines = [" | ".join(v.ljust(w) for v, w in zip(variables, widths, strict=True))]
    lines.append("-+-".join("-" * w for w in widths))
    for r in values:
        lines.append(" | ".join(c[:w].ljust(w) for c, w in zip(r, widths, strict=True)))
    return "\n".join(lines)


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=5000, show_default=True, type=int, help="Port to listen on.")
@click.option("--production", is_flag=True, help="Serve with waitress instead of the dev server.")
@click.option(
    "--workers", default=4, show_default=True, type=click.IntRange(1, 64),
    help="Request threads (waitress) in --production.",
)  # fmt: skip
@data_dir_option
@friendly_errors
def serve(host: str, port: int, production: bool, workers: int, data_dir: Path | None) -> None:
    """Serve the browse pages, the SPARQL endpoint, linked data and loads over HTTP.

    The bundled corpus is built into the store first when the store is empty (setting
    BUILD_ON_START); a document that fails to build is logged and the server serves what
    there is. `--production` uses waitress: a pure-Python WSGI server with no C
    dependencies that runs the same on Linux, macOS and Windows. It is one process with
    `--workers` threads sharing one read-only store handle; each SPARQL query runs in a
    short-lived worker process that is killed at SPARQL_TIMEOUT_S, and a load opens the
    store read-write alone, under an exclusive file lock (see api.storage and
    api.sparql_worker). More server processes may serve the same data directory behind a
    proxy to use more CPU cores: the same lock keeps their reads and writes apart.
    """
    import logging

    from api import create_app

    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    app = create_app(app_config(data_dir))
    if app.config.get("BUILD_ON_START"):
        build_if_empty(app)
    click.echo(f"Serving govkg on http://{host}:{port}/ ({'waitress' if production else 'dev'})")
    if production:
        import waitress

        waitress.serve(app, host=host, port=port, threads=workers)
    else:
        app.run(host=host, port=port, threaded=True, use_reloader=False)


def build_if_empty(app: Any) -> None:
    """Build the bundled corpus into an empty store; log failures and go on."""
    import logging

    from graph.pipeline import build as build_graph

    log = logging.getLogger("govkg.serve")
    access = app.extensions["govkg"]
    with access.reading() as store:
        if store.graph_names():
            return
    log.info("the store is empty: building the bundled corpus from %s", settings.BUNDLED_CORPUS)
    try:
        with access.write() as store:
            results = build_graph([settings.BUNDLED_CORPUS], store)
        log.info("built %d documents", len(results))
    except Exception as exc:  # serve what there is
        log.error("building the bundled corpus stopped: %s: %s", type(exc).__name__, exc)


register_history(cli)
register_audit(cli)
register_synthetic(cli)

if __name__ == "__main__":  # pragma: no cover
    cli()
