"""Starting the service: the default database, refusing an address other than loopback, and uvicorn."""

from __future__ import annotations

import ipaddress
from pathlib import Path

import platformdirs
import uvicorn

import advisor
from advisor.web.app import create_app

LOOPBACK_NAMES = {"localhost"}


def default_database_url() -> str:
    """A SQLite file in the user's data directory (created when missing)."""
    folder = Path(platformdirs.user_data_dir("adm-advisor", appauthor=False))
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'appraisals.sqlite3'}"


def is_loopback(host: str) -> bool:
    """Whether the address reaches only this machine (127.0.0.0/8, ::1, localhost)."""
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_host(host: str) -> None:
    """Refuse an address others can reach: the service has no accounts yet, so anyone could read every appraisal."""
    if not is_loopback(host):
        raise advisor.AdvisorError(
            f"--host {host}: refusing to listen on an address other computers can reach; the web service has no "
            "sign-in yet, so anyone on the network could read and change every appraisal. Use 127.0.0.1 (the "
            "default) or ::1, and reach it from this machine only")


def serve(host: str = "127.0.0.1", port: int = 8000, database: str | None = None) -> None:
    """Run the web service until stopped: pages at http://HOST:PORT/, the JSON API under /api/v1."""
    check_host(host)
    url = database or default_database_url()
    app = create_app(url)
    print(f"ADM Advisor at http://{host}:{port}/ (appraisals kept in {url}); Ctrl-C stops it", flush=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")
