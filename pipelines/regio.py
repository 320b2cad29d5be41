"""The configured region: which gemeenten this installation serves, and the one rule that keeps others out.

A delivery about a gemeente outside the region (a provider's typo in a message header, a message meant for
another gemeente, a ledger line booked on a neighbour's code) is never loaded, because every gemeente with
rows in raw becomes one of the region's gemeenten (int_gemeenten). Its rows are quarantined with the reason
and reported like any other row rule's, so the steward sees them on the Datakwaliteit page and in
`stuurwiel load`.

The region is the environment setting ``STUURWIEL_REGIO``: the CBS gemeentecodes, separated by commas or
spaces ('GM0153,GM0168' or '0153 0168'). Without it every gemeente is accepted, as a national warehouse
(the land demo: many regions in one load) needs. The rule is applied to what a reader returns, as one
filter per raw table, so every source with a ``gemeentecode`` column obeys it alike; the CBS benchmark
figures (cbs_kwb, ``regiocode``) cover the whole country by design and have no such column.
"""

from __future__ import annotations

import os
import re

import pyarrow as pa
import pyarrow.compute as pc

from pipelines.sources.base import QuarantineRow, ReadResult

ENV = "STUURWIEL_REGIO"
RULE = "gemeente_buiten_regio"
KOLOM = "gemeentecode"
_CODE = re.compile(r"(?:GM)?(\d{4})", re.IGNORECASE)


class RegioOngeldig(ValueError):
    """STUURWIEL_REGIO holds something that is no gemeentecode: loading would silently drop good rows."""


def gemeenten() -> frozenset[str] | None:
    """The region's gemeentecodes ('GM0153'), or None when no region is configured."""
    value = os.environ.get(ENV, "").strip()
    if not value:
        return None
    codes = set()
    for part in filter(None, re.split(r"[\s,;]+", value)):
        match = _CODE.fullmatch(part)
        if match is None:
            raise RegioOngeldig(f"{ENV}: '{part}' is geen CBS-gemeentecode (GM0153 of 0153)")
        codes.add("GM" + match.group(1))
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
            f"Gemeente {code} hoort niet bij de ingestelde regio ({ENV})",
            code,
        )
        for bestand, regel, code in zip(*columns, strict=True)
    ]
