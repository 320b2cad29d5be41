"""Known vulnerabilities in the locked dependencies: pip-audit over requirements.lock, for `make audit`.

Exit 0 when no known vulnerability is found other than the accepted ones (accepted-vulnerabilities.txt:
one id per line with the reason it is accepted); exit 1 when one is found, named with the versions that fix
it. When PyPI's vulnerability data (its JSON API, pip-audit's default service) cannot be reached, the check
says so plainly and exits 0 as NOT DONE: a closed network must not break every build, and must never look
like a clean audit either.
"""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LOCK = ROOT / "requirements.lock"
GEACCEPTEERD = ROOT / "accepted-vulnerabilities.txt"
# What pip-audit's "pypi" service asks for each package: the JSON of one release. A mirror may answer the
# project's page but not a release's (404), and pip-audit then skips the package as "not found on PyPI".
BRON = "https://pypi.org/pypi/{naam}/{versie}/json"
NIET_GEDAAN = "pip-audit: NOT DONE"


def geaccepteerd(pad: Path) -> dict[str, str]:
    """id -> reason; a line without a reason is refused, so nothing is accepted without saying why."""
    uit = {}
    for nummer, regel in enumerate(pad.read_text(encoding="utf-8").splitlines(), start=1):
        regel = regel.strip()
        if not regel or regel.startswith("#"):
            continue
        vuln_id, _, reden = regel.partition(" ")
        if not reden.strip():
            raise ValueError(f"{pad.name}:{nummer}: {vuln_id} has no reason")
        uit[vuln_id] = reden.strip()
    return uit


def eerste_pakket(lock: Path) -> tuple[str, str]:
    """(name, version) of the first pinned package in the lock: the release the reachability probe asks for."""
    for regel in lock.read_text(encoding="utf-8").splitlines():
        if "==" in regel and not regel.lstrip().startswith(("#", "--")):
            naam, versie = regel.split()[0].split("==")
            naam = naam.split("[")[0]  # "sqlglot[rs]": the release of sqlglot
            return naam, versie
    raise ValueError(f"{lock.name} pins no package")


def bereikbaar(lock: Path = LOCK, timeout: float = 15) -> str | None:
    """None when the vulnerability data of a locked release answers, else why not."""
    naam, versie = eerste_pakket(lock)
    url = BRON.format(naam=naam, versie=versie)
    try:
        with urllib.request.urlopen(url, timeout=timeout) as antwoord:
            json.load(antwoord)
    except (urllib.error.URLError, OSError, ValueError) as fout:
        return f"{url} did not answer ({fout})"
    return None


def opdracht(lock: Path, accepteer: dict[str, str]) -> list[str]:
    """pip-audit without pip (the lock is pinned and hashed, nothing is installed), asking PyPI."""
    negeer = [arg for vuln_id in accepteer for arg in ("--ignore-vuln", vuln_id)]
    return [
        sys.executable, "-m", "pip_audit", "--disable-pip", "--require-hashes", "-r", str(lock),
        "--vulnerability-service", "pypi", "--progress-spinner", "off", "--format", "json", *negeer,
    ]  # fmt: skip


def bevindingen(rapport: dict) -> list[str]:
    return [
        f"{dep['name']} {dep['version']}: {vuln['id']} (fixed in {', '.join(vuln.get('fix_versions') or ['-'])})"
        for dep in rapport.get("dependencies", [])
        for vuln in dep.get("vulns", [])
    ]


def controleer(lock: Path = LOCK, geaccepteerd_pad: Path = GEACCEPTEERD) -> tuple[int, str]:
    """(exit code, message): 0 clean or not done, 1 a known vulnerability that is not accepted."""
    accepteer = geaccepteerd(geaccepteerd_pad)
    onbereikbaar = bereikbaar(lock)
    if onbereikbaar:
        return 0, f"{NIET_GEDAAN}: the vulnerability data cannot be reached: {onbereikbaar}. Dependencies not checked."
    uit = subprocess.run(opdracht(lock, accepteer), capture_output=True, text=True, timeout=1800)
    try:
        rapport = json.loads(uit.stdout)
    except ValueError:
        return 0, f"{NIET_GEDAAN}: pip-audit gave no report (exit {uit.returncode}): {uit.stderr.strip()[-2000:]}"
    gevonden = bevindingen(rapport)
    overgeslagen = [dep["skip_reason"] for dep in rapport.get("dependencies", []) if "skip_reason" in dep]
    if gevonden:
        kop = "pip-audit: known vulnerabilities (upgrade, or accept in accepted-vulnerabilities.txt with a reason):"
        return 1, "\n  ".join([kop, *gevonden])
    if overgeslagen:  # pip-audit itself would call this "No known vulnerabilities found"
        return 0, f"{NIET_GEDAAN}: {len(overgeslagen)} locked packages could not be checked, e.g. {overgeslagen[0]}"
    gecontroleerd = len(rapport.get("dependencies", []))
    return 0, f"pip-audit: {gecontroleerd} locked packages, no known vulnerabilities ({len(accepteer)} accepted)."


def main() -> int:
    code, bericht = controleer()
    print(bericht, file=sys.stderr if code else sys.stdout)
    return code


if __name__ == "__main__":
    sys.exit(main())
