"""`govkg audit`: a full SHACL validation of the whole store, for audits.

Loads are validated incrementally (the new graph with the stored data it reaches);
this command validates every stored graph together, as one union, and prints the report.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from api.cli_common import EXIT_NOT_CONFORMING, data_dir_option, friendly_errors, reading


def register(cli: click.Group) -> None:
    """Add `audit` to the govkg command group."""

    @cli.command()
    @click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
    @click.option("--lang", default="sv", type=click.Choice(["sv", "en"]))
    @data_dir_option
    @friendly_errors
    def audit(fmt: str, lang: str, data_dir: Path | None) -> None:
        """Validate the whole store against the shapes (slow on big stores)."""
        from graph.validate import validate

        with reading(data_dir) as store:
            data = store.dataset()
        report = validate(data, lang=lang)
        if fmt == "json":
            click.echo(json.dumps(report.to_json(), ensure_ascii=False, indent=1))
        else:
            click.echo(report.to_text(lang))
        if not report.conforms:
            sys.exit(EXIT_NOT_CONFORMING)
