"""The configured region: which gemeenten this installation serves, and the one rule that keeps others out.

A delivery about a gemeente outside the region (a provider's typo in a message header, a message meant for
another gemeente, a ledger line booked on a neighbour's code) is never loaded, because every gemeente with
rows in raw becomes one of the region's gemeenten (int_gemeenten). Its rows are quarantined with the reason
and reported like any other row rule's, so the steward sees them on the Datakwaliteit page and in
`stuurwiel load`.

The region is configured in the home's ``stuurwiel.toml`` (``Settings.config_path``), a file the operator
reads and edits::

    [regio]
    naam = "Twente"
    gemeenten = ["GM0153", "GM0168"]

``stuurwiel demo`` writes it for the gemeenten it generates. The name is what the pages and reports call the
region as a whole ("Hele regio (Twente)"); without one they say "Hele regio", and a warehouse without a region
calls the whole "alle gemeenten". The environment setting ``STUURWIEL_REGIO``
(codes separated by commas or spaces: 'GM0153,GM0168' or '0153 0168') overrides the file, for a host that
keeps its configuration in the environment. With neither, every gemeente is accepted, as a national warehouse
(the land demo: many regions in one load) needs, and every load says so once (``waarschuwing``). The rule is
applied to what a reader returns, as one filter per raw table, so every source with a ``gemeentecode`` column
obeys it alike; the CBS benchmark figures (cbs_kwb, ``regiocode``) cover the whole country by design and have
no such column.
"""

from __future__ import annotations

import json
import os
import re
import tomllib
from collections.abc import Iterable
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from pipelines.config import Settings
from pipelines.sources.base import QuarantineRow, ReadResult

ENV = "STUURWIEL_REGIO"
ENV_NAAM = "STUURWIEL_REGIO_NAAM"
ZONDER_REGIO = "alle gemeenten"
RULE = "gemeente_buiten_regio"
KOLOM = "gemeentecode"
_CODE = re.compile(r"(?:GM)?(\d{4})", re.IGNORECASE)


class RegioOngeldig(ValueError):
    """The region's setting holds something that is no region: loading would silently drop good rows, or
    let every gemeente in."""


def gemeenten(settings: Settings | None = None) -> frozenset[str] | None:
    """The region's gemeentecodes ('GM0153'): STUURWIEL_REGIO when set, else the home's stuurwiel.toml; None
    when neither configures one."""
    value = os.environ.get(ENV, "").strip()
    if value:
        return _codes(filter(None, re.split(r"[\s,;]+", value)), ENV)
    return _uit_bestand((settings or Settings.from_env()).config_path)


def naam(settings: Settings | None = None) -> str | None:
    """What the region as a whole is called: STUURWIEL_REGIO_NAAM when set, else the [regio] naam of the home's
    stuurwiel.toml; "alle gemeenten" when no region is configured; None for a region without a name."""
    value = os.environ.get(ENV_NAAM, "").strip()
    if value:
        return value
    settings = settings or Settings.from_env()
    if gemeenten(settings) is None:
        return ZONDER_REGIO
    tabel = (_config(settings.config_path) or {}).get("regio")
    gegeven = tabel.get("naam") if isinstance(tabel, dict) else None
    if gegeven is None:
        return None
    if not isinstance(gegeven, str) or not gegeven.strip():
        raise RegioOngeldig(f'{settings.config_path}: [regio] naam is de naam van de regio, zoals "Twente"')
    return gegeven.strip()


def waarschuwing(settings: Settings | None = None) -> str | None:
    """What a load says when no region is configured (every gemeente then loads), else None. A broken
    setting raises RegioOngeldig here, before the load reads anything."""
    settings = settings or Settings.from_env()
    naam(settings)  # a broken name too stops the load now, not at its dbt build
    if gemeenten(settings) is not None:
        return None
    return (
        f"Let op: geen regio ingesteld ({settings.config_path} of {ENV}): leveringen over elke gemeente worden "
        "geladen. Zet de gemeentecodes van de regio in dat bestand (docs/deployment.md, 'The region')."
    )


def schrijf(path: Path, codes: Iterable[str], toelichting: str, naam: str | None = None) -> None:
    """Write ``path`` as the configuration of a region of ``codes`` (called ``naam``), with a comment line for the
    operator."""
    geldig = sorted(_codes(codes, str(path)))
    lijst = ", ".join(json.dumps(code) for code in geldig)
    naamregel = f"naam = {json.dumps(naam, ensure_ascii=False)}\n" if naam else ""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f"# {toelichting}\n"
        f"# The gemeenten this installation serves: a delivery about any other is quarantined ({RULE}).\n"
        f"# {ENV} in the environment overrides this file.\n"
        f"[regio]\n{naamregel}gemeenten = [{lijst}]\n",
        encoding="utf-8",
    )


def _config(path: Path) -> dict | None:
    """The configuration file's contents; None when there is no file."""
    try:
        with open(path, "rb") as f:
            return tomllib.load(f)
    except FileNotFoundError:
        return None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError) as exc:
        raise RegioOngeldig(f"{path}: onleesbaar ({exc})") from exc


def _uit_bestand(path: Path) -> frozenset[str] | None:
    """The [regio] gemeenten of the configuration file; None when the file or its [regio] table is absent."""
    config = _config(path)
    if config is None or "regio" not in config:
        return None
    codes = config["regio"].get("gemeenten") if isinstance(config["regio"], dict) else None
    if not isinstance(codes, list) or not codes or not all(isinstance(c, str) for c in codes):
        raise RegioOngeldig(f'{path}: [regio] gemeenten is een lijst van gemeentecodes, zoals ["GM0153", "GM0168"]')
    return _codes(codes, str(path))


def _codes(parts: Iterable[str], waar: str) -> frozenset[str]:
    codes = set()
    for part in parts:
        match = _CODE.fullmatch(part.strip())
        if match is None:
            raise RegioOngeldig(f"{waar}: '{part}' is geen CBS-gemeentecode (GM0153 of 0153)")
        codes.add("GM" + match.group(1))
    if not codes:
        raise RegioOngeldig(f"{waar}: de regio heeft geen gemeenten")
    return frozenset(codes)


def alleen_regio(result: ReadResult, regio: frozenset[str] | None) -> ReadResult:
    """``result`` with every row about a gemeente outside ``regio`` moved to its quarantine."""
    if regio is None:
        return result
    allowed = pa.array(sorted(regio), pa.string())
    tables, quarantine = {}, list(result.quarantine)
    for name, table in result.tables.items():
        if KOLOM not in table.column_names or not table.num_rows:
            tables[name] = table
            continue
        inside = pc.fill_null(pc.is_in(table.column(KOLOM), value_set=allowed), True)  # no gemeente: not another one
        if pc.all(inside).as_py():
            tables[name] = table
            continue
        tables[name] = table.filter(inside)
        quarantine += _quarantined(table.filter(pc.invert(inside)))
    return ReadResult(tables=tables, quarantine=quarantine, rows_in=result.rows_in)


def _quarantined(rows: pa.Table) -> list[QuarantineRow]:
    """One quarantined row per row outside the region: where it was and which gemeente it named. The row's
    other fields are not repeated: it was read correctly, only its gemeente does not belong here."""
    columns = (rows.column(c).to_pylist() for c in ("_bestand", "_regel", KOLOM))
    return [
        QuarantineRow(
            bestand,
            regel,
            f"{KOLOM}={code}",
            RULE,
            f"Gemeente {code} hoort niet bij de ingestelde regio",
            code,
        )
        for bestand, regel, code in zip(*columns, strict=True)
    ]
