"""Row rules on the fields of one message element: each returns a typed value or raises RowRejected.

``fields`` is what ``xmltree.flatten`` or ``xmltree.first`` read: local-name path -> stripped text.
"""

from __future__ import annotations

from datetime import date, time

from pipelines.sources.base import RowRejected
from pipelines.sources.berichten.xmltree import Fields


def required(fields: Fields, path: str) -> str:
    value = fields.get(path)
    if value is None:
        raise RowRejected("verplicht_veld", f"{path} ontbreekt")
    return value


def _present(fields: Fields, path: str, must: bool) -> str | None:
    value = fields.get(path)
    if value is None and must:
        raise RowRejected("verplicht_veld", f"{path} ontbreekt")
    return value


def _parsed(fields: Fields, path: str, must: bool, parse, rule: str, what: str):
    """The value at ``path`` parsed, None when absent (and allowed to be); unparseable: quarantined by ``rule``.

    A present value goes straight to ``parse``: a declaration has several dates and numbers per row.
    """
    value = fields.get(path)
    if value is None:
        return _present(fields, path, must)  # None, or quarantined when the field is required
    try:
        return parse(value)
    except ValueError:
        raise RowRejected(rule, f"{path} is geen {what}", value) from None


def date_of(fields: Fields, path: str, required: bool = False) -> date | None:
    return _parsed(fields, path, required, date.fromisoformat, "datum_ongeldig", "datum")


def time_of(fields: Fields, path: str) -> time:
    return _parsed(fields, path, True, time.fromisoformat, "tijd_ongeldig", "tijd")


def int_of(fields: Fields, path: str, required: bool = False) -> int | None:
    return _parsed(fields, path, required, int, "getal_ongeldig", "geheel getal")


def gemeentecode_of(fields: Fields, path: str, required: bool = False) -> str | None:
    """'GM' + the 4-digit CBS code at ``path``."""
    value = _present(fields, path, required)
    if value is None:
        return None
    if not (len(value) == 4 and value.isdigit()):
        raise RowRejected("gemeentecode_ongeldig", f"{path} is geen CBS-gemeentecode", value)
    return "GM" + value


def cents_of(fields: Fields, path: str, amount: str = "Bedrag") -> int:
    """Amount in eurocent, negative for credit (DebetCredit 'C')."""
    cents = int_of(fields, f"{path}/{amount}", required=True)
    sign = required(fields, f"{path}/DebetCredit")
    if sign not in ("D", "C"):
        raise RowRejected("debet_credit_ongeldig", f"{path}/DebetCredit is niet D of C", sign)
    return -cents if sign == "C" else cents
