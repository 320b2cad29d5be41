"""The stored council reports a user may open, newest period first, each with its PDF and HTML download.

Only the gebieden of the user's Bereik are listed, and a file is read only when its download is clicked
(Streamlit's deferred download), after checking that gebied against the user's rights once more: the
list could be stale or a choice tampered with, the read is where access counts.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import streamlit as st

from dashboards import audit
from dashboards.format import nl_datumtijd
from dashboards.views.rapporten.gebieden import Bereik
from reports import opslag
from reports.periode import Periode, parse

SOORT = {"kwartaal": "Kwartaalrapport", "halfjaar": "Halfjaarrapport", "jaar": "Jaarrapport"}
MIME = {"pdf": "application/pdf", "html": "text/html"}
STATUS = {"voorlopig": "voorlopige cijfers", "definitief": "definitieve cijfers"}  # rapport.json's status
GEEN_RAPPORTEN = (
    "Er zijn nog geen rapporten. Stuurwiel maakt ze vanzelf na elk kwartaal en na elk jaar, "
    "zodra de gegevens over die periode door de kwaliteitspoort zijn gekomen."
)


@dataclass(frozen=True)
class Opgeslagen:
    """One stored report as the list shows it."""

    gebied: str
    naam: str
    periode: Periode
    gemaakt_op: datetime | None
    snapshot_versie: str
    status: str  # 'voorlopig', 'definitief' or '' when rapport.json does not say
    formaten: tuple[str, ...]
    toelichting: bool | None  # whether a civil servant's toelichting went in; None when rapport.json does not say

    @property
    def titel(self) -> str:
        return f"{self.naam} · {SOORT[self.periode.periode_type].lower()} {self.periode.label}"

    def bestandsnaam(self, formaat: str) -> str:
        """'stuurwiel-enschede-2025-Q4.pdf': says what it is once it sits in a downloads folder."""
        return f"stuurwiel-{_slug(self.naam)}-{self.periode.code}.{formaat}"


def rapporten(root: Path, bereik: Bereik) -> list[Opgeslagen]:
    """The reports of the user's gebieden, in opslag.lijst's order: latest period end first, then the
    gebieden in the order the page names them."""
    uit = [opgeslagen(meta, bereik) for meta in opslag.lijst(root, list(bereik.namen))]
    return [r for r in uit if r is not None]


def opgeslagen(meta: dict | None, bereik: Bereik) -> Opgeslagen | None:
    """A rapport.json as the list shows it; None when missing or of a gebied outside the user's scope."""
    if meta is None or meta.get("gebied") not in bereik.namen:
        return None
    gemaakt_op = meta.get("gemaakt_op")
    return Opgeslagen(
        gebied=meta["gebied"],
        naam=bereik.namen[meta["gebied"]],
        periode=parse(meta["periode"]),
        gemaakt_op=datetime.fromisoformat(gemaakt_op) if gemaakt_op else None,
        snapshot_versie=str(meta.get("snapshot_versie") or ""),
        status=str(meta.get("status") or ""),
        formaten=tuple(f for f in opslag.FORMATEN if f in meta.get("bestanden", [])),
        toelichting=meta.get("toelichting"),
    )


def lees_bestand(root: Path, bereik: Bereik, gebied: str, periode: Periode, formaat: str) -> bytes:
    """The bytes of one stored report file; GeenToegang when the gebied is outside the user's rights."""
    bereik.eis(gebied)
    if formaat not in opslag.FORMATEN:
        raise ValueError(f"onbekend formaat {formaat}")
    return (opslag.map_voor(root, gebied, periode) / f"rapport.{formaat}").read_bytes()


def toon_lijst(root: Path, bereik: Bereik, lijst: list[Opgeslagen]) -> None:
    if not lijst:
        st.info(GEEN_RAPPORTEN, icon=":material/schedule:")
        return
    for rapport in lijst:
        toon_rapport(root, bereik, rapport)


def toon_rapport(root: Path, bereik: Bereik, rapport: Opgeslagen, sleutel: str = "lijst") -> None:
    """One report: what it is and how fresh, beside its download buttons (`sleutel`: where on the page)."""
    with st.container(border=True, horizontal=True, vertical_alignment="center", gap="medium"):
        with st.container(gap=None):
            st.markdown(f"**{rapport.titel}**")
            st.caption(beschrijving(rapport))
        with st.container(horizontal=True, gap="small", width="content"):
            knoppen(root, bereik, rapport, sleutel)


def knoppen(root: Path, bereik: Bereik, rapport: Opgeslagen, sleutel: str) -> None:
    """A download button per stored format; each download is written to the audit log."""
    for formaat in rapport.formaten:
        bestand = rapport.bestandsnaam(formaat)
        st.download_button(
            formaat.upper(),
            # called on click, in its own thread: the file is read then, after the rights check
            data=lambda f=formaat: lees_bestand(root, bereik, rapport.gebied, rapport.periode, f),
            file_name=bestand,
            mime=MIME[formaat],
            icon=":material/download:",
            key=f"{sleutel}-{rapport.gebied}-{rapport.periode.code}-{formaat}",
            on_click=audit.schrijf,
            args=(bereik.toegang.gebruiker, "download", bestand),
        )


def beschrijving(rapport: Opgeslagen) -> str:
    """'Gemaakt op 06-01-2026 07:00 · gegevens van snapshot 2026-01-06.1 · definitieve cijfers · met toelichting'."""
    delen = []
    if rapport.gemaakt_op is not None:
        delen.append(f"Gemaakt op {nl_datumtijd(rapport.gemaakt_op)}")
    if rapport.snapshot_versie:
        delen.append(f"gegevens van snapshot {rapport.snapshot_versie}")
    if rapport.status in STATUS:
        delen.append(STATUS[rapport.status])
    if rapport.toelichting is not None:
        delen.append("met toelichting" if rapport.toelichting else "nog zonder toelichting")
    tekst = " · ".join(delen)
    return tekst[:1].upper() + tekst[1:]


def _slug(naam: str) -> str:
    """'Súdwest-Fryslân' -> 'sudwest-fryslan': a file name without accents or spaces."""
    zonder_accent = unicodedata.normalize("NFKD", naam).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", zonder_accent.lower()).strip("-")
