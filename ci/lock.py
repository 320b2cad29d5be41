"""Make pip-compile's lock installable with `pip install --require-hashes`: pin each release that some package
asks for with an extra under both spellings.

pip's hash-checking mode wants every requirement it meets pinned as written: `dagster-dbt` asks for
`sqlglot[rs]` and `streamlit` for plain `uvicorn`, so a lock that has only `sqlglot==30.30.0` or only
`uvicorn[standard]==0.54.0` stops the install. pip-compile writes one spelling; this adds the other, with the
same hashes. Regenerate the lock (Linux x86_64, Python 3.11, in a scratch venv with pip-tools) with:

    pip-compile --allow-unsafe --all-build-deps --constraint=constraints.txt --extra=test --generate-hashes \\
        --index-url=https://pypi.org/simple --no-emit-find-links --no-emit-index-url --no-strip-extras \\
        --output-file=requirements.lock pyproject.toml
    python ci/lock.py requirements.lock
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

_PIN = re.compile(r"^(?P<naam>[A-Za-z0-9][A-Za-z0-9._-]*)\[[^\]]+\]==")
TOELICHTING = "    # the same release without its extra: pip's hash-checking mode wants both spellings pinned"


def blokken(tekst: str) -> list[list[str]]:
    """The lock as blocks: a pin with its hash and comment lines, or a single other line."""
    uit: list[list[str]] = []
    for regel in tekst.splitlines():
        if regel.startswith("    ") and uit and re.match(r"^[A-Za-z0-9]", uit[-1][0]):
            uit[-1].append(regel)
        else:
            uit.append([regel])
    return uit


def zonder_extra(blok: list[str]) -> list[str]:
    pin = _PIN.match(blok[0])
    hashes = [r for r in blok[1:] if r.strip().startswith("--hash")]
    kop = blok[0].replace(blok[0][len(pin["naam"]) : blok[0].index("==")], "", 1)
    return [kop, *hashes[:-1], hashes[-1].removesuffix(" \\"), TOELICHTING]


def beide_spellingen(tekst: str) -> str:
    al = {b[0].split("==")[0] for b in blokken(tekst) if "==" in b[0]}
    uit = []
    for blok in blokken(tekst):
        uit += blok
        pin = _PIN.match(blok[0])
        if pin and pin["naam"] not in al:
            uit += zonder_extra(blok)
    return "\n".join(uit) + "\n"


if __name__ == "__main__":
    pad = Path(sys.argv[1])
    pad.write_text(beide_spellingen(pad.read_text(encoding="utf-8")), encoding="utf-8")
