"""A rate per resident whose population is an estimate says so wherever it is shown.

fct_indicator_publicatie.noemer_geschat is true when the gemeente (for REGIO: any member) delivered no BRP
count for the year, so int_bevolking apportioned the gemeente's CBS age groups within each group.
"""

from __future__ import annotations

import pandas as pd

TEKEN = "≈"
NOEMER_GESCHAT = "noemer geschat (CBS-leeftijdsgroepen)"
UITLEG = (
    f"{TEKEN} = {NOEMER_GESCHAT}: de gemeente leverde voor dit jaar geen BRP-telling naar leeftijd, dus is het "
    "aantal inwoners van deze leeftijd geschat uit de CBS-leeftijdsgroepen van de gemeente (gelijk verdeeld "
    "binnen een groep)."
)


def geschat(rij) -> bool:
    """Whether the row's noemer is an estimate (a row without the column, or an empty cell, is not)."""
    waarde = rij.get("noemer_geschat") if rij is not None else None
    return bool(waarde) if waarde is not None and not pd.isna(waarde) else False


def met_teken(tekst: str, rij) -> str:
    """``tekst`` with the estimate sign in front when the row's noemer is estimated."""
    return f"{TEKEN} {tekst}" if geschat(rij) else tekst


def _geschat_kolom(df: pd.DataFrame) -> pd.Series:
    """geschat() for every row at once (a frame without the column has no estimate)."""
    if "noemer_geschat" not in df:
        return pd.Series(False, index=df.index)
    return df["noemer_geschat"].astype("boolean").fillna(False).astype(bool)


def legenda(df: pd.DataFrame) -> str:
    """The sign's meaning for a caption, when any row of ``df`` carries it; else nothing."""
    return f" {TEKEN} = {NOEMER_GESCHAT}." if _geschat_kolom(df).any() else ""


def ja_nee(df: pd.DataFrame) -> pd.Series:
    """The download column: 'ja' where the noemer is an estimate, else 'nee'."""
    return _geschat_kolom(df).map({True: "ja", False: "nee"})
