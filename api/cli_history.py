"""`govkg history`, `govkg lineage`, `govkg due` and `govkg derive`.

`register(cli)` adds the commands to the `govkg` group. Words are resolved to nodes with
graph.resolve (several matches list the candidates); answers print as readable text
(date, body, §, quoted sentence) or as JSON.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import click

from api.cli_common import data_dir_option, friendly_errors, open_store
from graph.errors import InputError

FORMAT = click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)


def _dump(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


def _quote_lines(quote, indent: str = "      ") -> list[str]:  # type: ignore[no-untyped-def]
    return [f"{indent}{quote.cite()}"] if quote else []


def history_text(history) -> str:  # type: ignore[no-untyped-def]
    lines = [f"Historik: {history.label}"]
    for entry in history.entries:
        where = " ".join(x for x in (entry.body, entry.section) if x)
        when = (
            entry.date_text
            if entry.date_text == entry.sort_date
            else (f"{entry.sort_date} ({entry.date_text})")
        )
        lines.append(f"  {when}  {where}  [{entry.kind}] {entry.label}")
        lines.extend(_quote_lines(entry.quote))
    return "\n".join(lines)


def step_lines(number: int, step) -> list[str]:  # type: ignore[no-untyped-def]
    source, target = step.source, step.target
    lines = [
        f"  {number}. {source.date_text or '?'}  {source.label}",
        f"     —{step.link}→  {target.date_text or '?'}  {target.label}",
        f"     regel: {step.rule}",
    ]
    for quote in step.evidence:
        lines.extend(_quote_lines(quote, "       "))
    return lines


def routes_text(found) -> str:  # type: ignore[no-untyped-def]
    if not found:
        return "Ingen väg hittades."
    lines = []
    for k, route in enumerate(found, 1):
        lines.append(f"Väg {k} ({len(route.steps)} steg):")
        for n, step in enumerate(route.steps, 1):
            lines.extend(step_lines(n, step))
    return "\n".join(lines)


def lineage_text(result) -> str:  # type: ignore[no-untyped-def]
    lines = [f"{result.node.label} ({result.node.kind}, {result.node.date_text})"]
    for title, steps in (("Ledde hit:", result.ancestors), ("Ledde vidare:", result.descendants)):
        lines.append(title)
        lines.extend(line for n, s in enumerate(steps, 1) for line in step_lines(n, s))
        if not steps:
            lines.append("  (inget)")
    return "\n".join(lines)


def due_text(report) -> str:  # type: ignore[no-untyped-def]
    lines = [f"Läge per {report.as_of}"]
    for title, entries in (
        ("Öppna uppdrag", report.open),
        ("Kommande", report.upcoming),
        ("Försenade", report.overdue),
    ):
        lines.append(f"{title} ({len(entries)}):")
        for e in entries:
            when = e.date if e.date_text == e.date else f"{e.date} ({e.date_text})"
            lines.append(f"  {when}  {e.body}  [{e.kind}] {e.task}")
            lines.append(f"      noterat: {e.noted_by} {e.section}".rstrip())
            lines.extend(_quote_lines(e.quote))
    return "\n".join(lines)


def register(cli: click.Group) -> None:
    """Add history, lineage, due and derive to the govkg command group."""

    @cli.command()
    @click.argument("issue")
    @click.option(
        "--svg",
        "svg",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        help="Also draw the timeline to this SVG file.",
    )
    @FORMAT
    @data_dir_option
    @friendly_errors
    def history(issue: str, svg: Path | None, fmt: str, data_dir: Path | None) -> None:
        """The history of an issue (or of every issue of a topic), in date order."""
        from graph.history import issue_history
        from graph.resolve import HISTORY_KINDS, resolve
        from graph.timeline import timeline_svg

        store = open_store(data_dir, read_only=True)
        result = issue_history(store, resolve(store, issue, HISTORY_KINDS))
        if svg is not None:
            svg.write_text(timeline_svg(result), encoding="utf-8")
        click.echo(_dump(result.to_json()) if fmt == "json" else history_text(result))

    @cli.command()
    @click.argument("source")
    @click.argument("target", required=False)
    @FORMAT
    @data_dir_option
    @friendly_errors
    def lineage(source: str, target: str | None, fmt: str, data_dir: Path | None) -> None:
        """The routes from SOURCE to TARGET; without TARGET, what led to and from SOURCE."""
        from graph.lineage import lineage as lineage_of
        from graph.lineage import routes
        from graph.resolve import LINEAGE_KINDS, resolve

        store = open_store(data_dir, read_only=True)
        start = resolve(store, source, LINEAGE_KINDS)
        if target is None:
            result = lineage_of(store, start)
            click.echo(_dump(result.to_json()) if fmt == "json" else lineage_text(result))
            return
        found = routes(store, start, resolve(store, target, LINEAGE_KINDS))
        if fmt == "json":
            click.echo(_dump([r.to_json() for r in found]))
        else:
            click.echo(routes_text(found))

    @cli.command()
    @click.option("--as-of", "as_of", default=None, help="The day to look from (YYYY-MM-DD).")
    @click.option("--body", "body", default=None, help="Only what concerns this body (words).")
    @FORMAT
    @data_dir_option
    @friendly_errors
    def due(as_of: str | None, body: str | None, fmt: str, data_dir: Path | None) -> None:
        """Open assignments, upcoming report-backs and plans, and overdue reports."""
        from graph.due import due as due_report
        from graph.resolve import resolve

        try:
            day = date.fromisoformat(as_of) if as_of else date.today()
        except ValueError as exc:
            raise InputError(f"--as-of {as_of!r}: give a date as YYYY-MM-DD") from exc
        store = open_store(data_dir, read_only=True)
        body_iri = resolve(store, body, ("body",)) if body else None
        report = due_report(store, day, body_iri)
        click.echo(_dump(report.to_json()) if fmt == "json" else due_text(report))

    @cli.command()
    @data_dir_option
    @friendly_errors
    def derive(data_dir: Path | None) -> None:
        """Recompute the derived graphs (issues and lineage)."""
        from graph.derive import derive as derive_graphs

        store = open_store(data_dir)
        result = derive_graphs(store)
        store.optimize()
        store.flush()
        click.echo(f"Derived {result.issues} issues and {result.links} lineage links")
