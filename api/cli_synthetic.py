"""`govkg synthetic`: synthetic data as N-Quads, or as protocol texts to ingest.

    govkg synthetic --triples 1000000 --seed 1 --out synthetic.nq
    govkg synthetic --texts protokoll/ --layout vasterbotten --count 20

The data comes from graph/synthetic.py (deterministic for a seed); the texts from
graph/synthetic_text.py, one `<identifier>.txt` per meeting in its body's house style
(norrbotten: §-numbered paragraphs, vasterbotten: numbered items), the file name being the
protocol's dct:source in the N-Quads of the same seed.
"""

from __future__ import annotations

from pathlib import Path

import click

from api.cli_common import friendly_errors
from graph.errors import InputError

TEXT_TRIPLES = 3_000  # texts: stream this many triples per wanted text, at least 10⁶


@click.command()
@click.option("--triples", type=int, default=None, help="About this many triples (N-Quads).")
@click.option("--seed", type=int, default=1, show_default=True)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="N-Quads file.")
@click.option(
    "--texts", type=click.Path(file_okay=False, path_type=Path), help="Folder for protocol texts."
)
@click.option(
    "--layout",
    type=click.Choice(["norrbotten", "vasterbotten"]),
    default=None,
    help="Only meetings of bodies with this house style (default: both).",
)
@click.option("--count", type=int, default=10, show_default=True, help="How many texts.")
@friendly_errors
def synthetic(
    triples: int | None,
    seed: int,
    out: Path | None,
    texts: Path | None,
    layout: str | None,
    count: int,
) -> None:
    """Write synthetic data: N-Quads (--out) and/or protocol texts (--texts)."""
    from graph.synthetic import LAYOUTS, meetings, write_nquads
    from graph.synthetic_text import protocol_text_name, render_protocol

    if out is None and texts is None:
        raise InputError("say where to write: --out FILE.nq and/or --texts DIR")
    if triples is not None and triples <= 0:
        raise InputError("--triples must be 1 or more")
    if out is not None and triples is None:
        raise InputError("--out needs --triples N")
    if count <= 0:
        raise InputError("--count must be 1 or more")
    try:
        if out is not None:
            assert triples is not None
            quads = write_nquads(out, triples, seed)
            click.echo(f"Wrote {quads} quads to {out}")
        if texts is not None:
            texts.mkdir(parents=True, exist_ok=True)
            style = LAYOUTS[layout] if layout else None
            written = 0
            size = triples or max(1_000_000, TEXT_TRIPLES * count)
            for meeting in meetings(size, seed, style):
                (texts / protocol_text_name(meeting)).write_text(
                    render_protocol(meeting), encoding="utf-8"
                )
                written += 1
                if written == count:
                    break
            click.echo(f"Wrote {written} protocol texts to {texts}")
    except OSError as exc:
        raise InputError(f"cannot write: {exc.strerror or exc} ({exc.filename})") from None


def register(cli: click.Group) -> None:
    cli.add_command(synthetic)
