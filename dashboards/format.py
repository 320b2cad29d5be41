"""Dutch number, money and date formatting without any locale dependency."""

import math
from datetime import date, datetime

MAANDEN = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)
MAANDEN_KORT = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")
LEEG = "—"
_DECIMALEN = {"%": 1, "dagen": 0, "€": 0, "euro": 0, "aantal": 0}  # default: 1

_NL_SCHEIDING = str.maketrans(",.", ".,")


def nl_getal(waarde: float, decimalen: int = 0) -> str:
    """1234.5 -> '1.234,5': dot between thousands, comma before decimals."""
    if round(waarde, decimalen) == 0:
        waarde = 0.0  # avoid '-0,0'
    return f"{waarde:,.{decimalen}f}".translate(_NL_SCHEIDING)


def nl_procent(waarde: float, decimalen: int = 1) -> str:
    """A value already expressed in percent: 12.34 -> '12,3%'."""
    return f"{nl_getal(waarde, decimalen)}%"


def nl_euro(bedrag: float, decimalen: int = 0) -> str:
    """1234567 -> '€ 1.234.567'."""
    return f"€ {nl_getal(bedrag, decimalen)}"


def nl_datum(dag: date) -> str:
    """date(2025, 5, 1) -> '01-05-2025'."""
    return f"{dag.day:02d}-{dag.month:02d}-{dag.year:04d}"


def nl_datumtijd(moment: datetime) -> str:
    """datetime(2025, 6, 3, 8, 15) -> '03-06-2025 08:15'."""
    return f"{nl_datum(moment)} {moment.hour:02d}:{moment.minute:02d}"


def nl_maand(dag: date) -> str:
    """date(2025, 5, 1) -> 'mei 2025'."""
    return f"{MAANDEN[dag.month - 1]} {dag.year}"


def nl_maand_kort(dag: date) -> str:
    """date(2025, 3, 1) -> 'mrt 2025' (axis labels)."""
    return f"{MAANDEN_KORT[dag.month - 1]} {dag.year}"


def nl_waarde(waarde: float | None, eenheid: str) -> str:
    """An indicator value with its unit: '12,3%', '38 dagen', '112,4 per 1.000', '755'; '—' if missing."""
    if waarde is None or math.isnan(waarde):
        return LEEG
    decimalen = _DECIMALEN.get(eenheid, 1)
    if eenheid == "%":
        return nl_procent(waarde, decimalen)
    if eenheid in ("€", "euro"):  # the indicator YAML says "euro"
        return nl_euro(waarde, decimalen)
    getal = nl_getal(waarde, decimalen)
    if eenheid == "aantal":  # '755', not '755 aantal'
        return getal
    if eenheid == "dagen" and getal in ("1", "-1"):
        return f"{getal} dag"
    return f"{getal} {eenheid}"


def nl_verschil(verschil: float, eenheid: str) -> str:
    """A signed difference: '+2,5 %-punt', '-3 dagen', '-€ 40.000', '0,0 %-punt' when it rounds to zero.

    The sign always leads, also before the euro sign: a column of differences reads alike up and down, and
    st.metric takes a delta that starts with '-' as a decrease."""
    if eenheid == "%":
        tekst = f"{nl_getal(abs(verschil), 1)} %-punt"
    else:
        tekst = nl_waarde(abs(verschil), eenheid)
    afgerond = round(verschil, _DECIMALEN.get(eenheid, 1))
    return f"+{tekst}" if afgerond > 0 else f"-{tekst}" if afgerond < 0 else tekst


def nl_kwartaal(dag: date) -> str:
    """date(2025, 4, 1) -> 'K2 2025'."""
    return f"K{(dag.month - 1) // 3 + 1} {dag.year}"


def nl_periode(dag: date, periode_type: str) -> str:
    """A period by its type: 'mei 2025', 'K2 2025', 'H1 2025' or '2025'."""
    if periode_type == "kwartaal":
        return nl_kwartaal(dag)
    if periode_type == "halfjaar":
        return f"H{(dag.month - 1) // 6 + 1} {dag.year}"
    if periode_type == "jaar":
        return str(dag.year)
    return nl_maand(dag)
