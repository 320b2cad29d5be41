"""Locked dependencies with hashes, and pip-audit over the lock (ci/audit.py, run by `make audit` in `make test`).

The lock must pin every package with its hashes and satisfy every requirement of pyproject.toml (a stale
lock fails here, not in a user's install); the accepted vulnerabilities each carry a reason; the audit
fails on a known vulnerability, passes an accepted one, and says NOT DONE (never "clean") when it cannot
reach PyPI's vulnerability data. The tests that ask PyPI are skipped, saying why, when it cannot be reached.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("stuurwiel_ci_audit", ROOT / "ci" / "audit.py")
audit = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(audit)
# A release with published advisories (Jinja2 3.1.2: sandbox escapes fixed in 3.1.3 and later).
KWETSBAAR = "jinja2==3.1.2 --hash=sha256:6088930bfe239f0e6710546ab9c19c9ef35e29792895fed6e6e31a023a182a61\n"


def _lock() -> dict[str, tuple[Version, list[str]]]:
    """name -> (pinned version, hashes) of every package in requirements.lock."""
    pakketten: dict[str, tuple[Version, list[str]]] = {}
    naam = None
    for regel in (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines():
        regel = regel.strip()
        if not regel or regel.startswith("#"):
            continue
        if "==" in regel and not regel.startswith("--hash"):
            pin = Requirement(regel.removesuffix("\\").strip())  # 'sqlglot[rs]==30.30.0': extras as pip sees them
            naam = canonicalize_name(pin.name)
            pakketten[naam] = (Version(str(pin.specifier).removeprefix("==")), [])
        elif regel.startswith("--hash=sha256:"):
            pakketten[naam][1].append(regel.split()[0].removeprefix("--hash=sha256:"))
        else:
            pytest.fail(f"unexpected line in the lock: {regel}")
    return pakketten


def _eisen() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    eisen = [*project["project"]["dependencies"], *project["build-system"]["requires"]]
    for extra in project["project"]["optional-dependencies"].values():
        eisen += extra
    return [Requirement(e) for e in eisen]


def test_every_locked_package_is_pinned_with_hashes():
    lock = _lock()
    assert len(lock) > 100
    zonder = [naam for naam, (_, hashes) in lock.items() if not hashes]
    assert not zonder
    assert all(len(h) == 64 for _, hashes in lock.values() for h in hashes)


def test_the_lock_satisfies_every_requirement_of_the_project():
    lock = _lock()
    for eis in _eisen():
        naam = canonicalize_name(eis.name)
        assert naam in lock, f"{eis} is not in requirements.lock: run the pip-compile line at its top"
        assert eis.specifier.contains(lock[naam][0], prereleases=True), f"{eis} but the lock has {lock[naam][0]}"


def test_a_release_asked_for_with_an_extra_is_pinned_under_both_spellings():
    """pip's hash-checking mode stops at `sqlglot[rs]` when only `sqlglot==` is pinned, and at plain `uvicorn`
    when only `uvicorn[standard]==` is (ci/lock.py adds the other spelling after pip-compile)."""
    pins = [r.split(" ")[0] for r in (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines() if "==" in r]
    met_extra = [p for p in pins if "[" in p.split("==")[0]]
    assert met_extra
    for pin in met_extra:
        naam, versie = pin.split("==")
        assert f"{naam.split('[')[0]}=={versie}" in pins, pin


def test_make_installs_only_from_the_lock():
    """The venv is built from the hashed lock, the project itself without dependencies or a build download."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    installatie = makefile[makefile.index("$(STAMP):") :].split("\n\n")[0]
    pip = [r.strip() for r in installatie.splitlines() if "pip install" in r]
    assert pip == [
        "$(BIN)/pip install --quiet --require-hashes -r requirements.lock",
        "$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .",
    ]
    assert "requirements.lock" in installatie.splitlines()[0]  # a new lock rebuilds the venv


def test_every_accepted_vulnerability_has_a_reason(tmp_path):
    assert isinstance(audit.geaccepteerd(audit.GEACCEPTEERD), dict)
    zonder_reden = tmp_path / "accepted.txt"
    zonder_reden.write_text("# id and reason\nPYSEC-2024-1 not reachable: we never render user templates\nGHSA-x\n")
    with pytest.raises(ValueError, match="GHSA-x has no reason"):
        audit.geaccepteerd(zonder_reden)


@pytest.fixture
def lock(tmp_path) -> Path:
    pad = tmp_path / "lock.txt"
    pad.write_text(KWETSBAAR)
    return pad


@pytest.fixture
def niets_geaccepteerd(tmp_path) -> Path:
    pad = tmp_path / "accepted.txt"
    pad.write_text("")
    return pad


def _pip_audit_meldt(monkeypatch, rapport: dict) -> None:
    """pip-audit's answer, as if PyPI had been reached (the parts of ci/audit.py that read the report)."""
    monkeypatch.setattr(audit, "bereikbaar", lambda lock: None)
    uit = subprocess.CompletedProcess([], 1, stdout=json.dumps(rapport), stderr="")
    monkeypatch.setattr(audit.subprocess, "run", lambda *a, **kw: uit)


def test_unreachable_vulnerability_data_is_reported_as_not_done(lock, niets_geaccepteerd, monkeypatch):
    monkeypatch.setattr(audit, "BRON", "http://127.0.0.1:9/{naam}/{versie}/json")  # the discard port
    code, bericht = audit.controleer(lock, niets_geaccepteerd)
    assert code == 0 and bericht.startswith(audit.NIET_GEDAAN) and "not checked" in bericht


def test_packages_pip_audit_skipped_are_not_done_rather_than_clean(lock, niets_geaccepteerd, monkeypatch):
    """A mirror that answers a project's page but not a release's: pip-audit skips every package and
    itself reports "No known vulnerabilities found". This machine's PyPI proxy does exactly that."""
    reden = "Dependency not found on PyPI and could not be audited: jinja2 (3.1.2)"
    _pip_audit_meldt(monkeypatch, {"dependencies": [{"name": "jinja2", "skip_reason": reden}], "fixes": []})
    code, bericht = audit.controleer(lock, niets_geaccepteerd)
    assert code == 0 and bericht.startswith(audit.NIET_GEDAAN) and reden in bericht


def test_a_reported_vulnerability_fails_the_build(lock, niets_geaccepteerd, monkeypatch):
    vuln = {"id": "GHSA-h5c8-rqwp-cp95", "fix_versions": ["3.1.3"], "aliases": [], "description": ""}
    _pip_audit_meldt(monkeypatch, {"dependencies": [{"name": "jinja2", "version": "3.1.2", "vulns": [vuln]}]})
    code, bericht = audit.controleer(lock, niets_geaccepteerd)
    assert code == 1 and "jinja2 3.1.2: GHSA-h5c8-rqwp-cp95 (fixed in 3.1.3)" in bericht


def test_accepted_ids_are_passed_to_pip_audit(lock, tmp_path):
    geaccepteerd = tmp_path / "accepted.txt"
    geaccepteerd.write_text("GHSA-h5c8-rqwp-cp95 the sandbox is not used: no user-written templates\n")
    opdracht = audit.opdracht(lock, audit.geaccepteerd(geaccepteerd))
    assert opdracht[opdracht.index("--ignore-vuln") + 1] == "GHSA-h5c8-rqwp-cp95"


@pytest.fixture
def pypi(lock):
    waarom = audit.bereikbaar(lock)
    if waarom:
        pytest.skip(f"PyPI's vulnerability data is not reachable from here, the real audit is not tested: {waarom}")


def test_pip_audit_finds_a_known_vulnerability_and_honours_an_accepted_one(pypi, lock, niets_geaccepteerd, tmp_path):
    code, bericht = audit.controleer(lock, niets_geaccepteerd)
    assert code == 1 and "jinja2 3.1.2" in bericht
    ids = [regel.split(": ")[1].split(" ")[0] for regel in bericht.splitlines()[1:]]
    geaccepteerd = tmp_path / "accepted.txt"
    geaccepteerd.write_text("".join(f"{i} test: accepted to prove the list is honoured\n" for i in ids))
    assert audit.controleer(lock, geaccepteerd)[0] == 0
