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


def date_of(fields: Fields, path: str, required: bool = False) -> date | None:
    value = _present(fields, path, required)
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise RowRejected("datum_ongeldig", f"{path} is geen datum", value) from None


def time_of(fields: Fields, path: str) -> time:
    value = required(fields, path)
    try:
        return time.fromisoformat(value)
    except ValueError:
        raise RowRejected("tijd_ongeldig", f"{path} is geen tijd", value) from None


def int_of(fields: Fields, path: str, required: bool = False) -> int | None:
    value = _present(fields, path, required)
    if value is None:
        return None
    try:
        return int(value)
    except ValueError:
        raise RowRejected("getal_ongeldig", f"{path} is geen geheel getal", value) from None


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
