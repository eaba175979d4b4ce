"""`advisor serve`: the advisor in a browser, on this machine (thin: the public API starts it)."""

from __future__ import annotations

import click

import advisor


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="The address to listen on. Any but loopback (127.0.0.1, ::1, localhost) needs an account "
                   "(`advisor users add NAME`); once one exists, everyone signs in.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="The port to listen on.")
@click.option("--database", metavar="URL",
              help="Where appraisals are kept: sqlite:///PATH or postgresql+psycopg://USER@HOST/NAME "
                   "(default: a SQLite file in your data folder).")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
              help="How many server processes share the work (and the database: PostgreSQL for more than one).")
def serve(host: str, port: int, database: str | None, workers: int) -> None:
    """Run the advisor in a browser: appraisals, the questionnaire, the appraisal and the memo, and a JSON API.

    Example:

    \b
        advisor serve                 # then open http://127.0.0.1:8000/
        advisor serve --port 8080 --database sqlite:///appraisals.sqlite3
        advisor users add jsmith --database postgresql+psycopg://advisor@dbhost/adm
        advisor serve --host 0.0.0.0 --workers 4 --database postgresql+psycopg://advisor@dbhost/adm
    """

    advisor.serve(host, port, database, workers)
