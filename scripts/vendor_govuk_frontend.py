"""Bring govuk-frontend's compiled CSS and JavaScript into advisor/web/static/govuk/, from the npm registry.

    python scripts/vendor_govuk_frontend.py

Downloads the pinned version's tarball, checks its sha512 against both the integrity the registry publishes
and the one pinned here (a mismatch stops with nothing written), and copies the compiled CSS and JavaScript
with the brand off: the GDS Transport @font-face rules are removed and the font dropped from every font stack
(that typeface is for GOV.UK services only), and no font or image asset is copied. The npm package carries no
licence file, so the MIT licence its README declares is written beside them, with the version and digest.
The result is committed: installing the advisor needs no Node, and no page loads anything from another site.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import re
import sys
import tarfile
import urllib.request
from pathlib import Path

PACKAGE = "govuk-frontend"
VERSION = "6.6.0"
INTEGRITY = "sha512-xctkWrQvLnvQt7fyjQ3MGX9S0wz0x0RQuLxCeoXF+s8EjGICG81/DYQGKN5qgO+0KVT12UAaRwUsGY6fulRcRg=="
REGISTRY = "https://registry.npmjs.org"
TARGET = Path(__file__).resolve().parents[1] / "advisor" / "web" / "static" / "govuk"
FILES = {"package/dist/govuk/govuk-frontend.min.css": "govuk-frontend.min.css",
         "package/dist/govuk/govuk-frontend.min.js": "govuk-frontend.min.js"}
MIT = """MIT License

Copyright (c) 2016 Crown Copyright (Government Digital Service)

Permission is hereby granted, free of charge, to any person obtaining a copy of this software and associated
documentation files (the "Software"), to deal in the Software without restriction, including without limitation
the rights to use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies of the Software, and to
permit persons to whom the Software is furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all copies or substantial portions of
the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO
THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT,
TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
"""


def fetch(url: str) -> bytes:
    """The bytes at an https URL of the registry."""
    if not url.startswith(REGISTRY + "/"):
        raise SystemExit(f"refusing to download from outside the npm registry: {url}")
    with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310 - the registry's https URL, checked above
        return bytes(response.read())


def integrity(data: bytes) -> str:
    """The npm (subresource) integrity string of the bytes."""
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode("ascii")


def checked_tarball() -> bytes:
    """The pinned tarball, its digest matching the registry's published integrity and the pin."""
    published = json.loads(fetch(f"{REGISTRY}/{PACKAGE}/{VERSION}"))["dist"]
    if published["integrity"] != INTEGRITY:
        raise SystemExit(f"the registry publishes {published['integrity']} for {PACKAGE} {VERSION}, not the pinned "
                         f"{INTEGRITY}: nothing written")
    data = fetch(published["tarball"])
    if integrity(data) != INTEGRITY:
        raise SystemExit(f"the tarball's sha512 is {integrity(data)}, not {INTEGRITY}: nothing written")
    return data


def brand_off(css: str) -> str:
    """The CSS without the GDS Transport typeface: its @font-face rules removed, its name dropped from font stacks."""
    css = re.sub(r"@font-face\{font-family:GDS Transport;[^}]*\}", "", css)
    return css.replace("GDS Transport,", "")


def main() -> int:
    """Download, check and copy; print what was written."""
    with tarfile.open(fileobj=io.BytesIO(checked_tarball()), mode="r:gz") as tar:
        contents = {name: tar.extractfile(name).read() for name in FILES}  # type: ignore[union-attr]
    TARGET.mkdir(parents=True, exist_ok=True)
    css_name = "package/dist/govuk/govuk-frontend.min.css"
    contents[css_name] = brand_off(contents[css_name].decode("utf-8")).encode("utf-8")
    for source, name in FILES.items():
        (TARGET / name).write_bytes(contents[source])
    notice = f"{PACKAGE} {VERSION} from the npm registry, {INTEGRITY}; its README: released under the MIT License.\n\n"
    (TARGET / "LICENSE").write_text(notice + MIT, encoding="utf-8")
    print(f"{PACKAGE} {VERSION} checked ({INTEGRITY[:20]}...) and copied to {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
