"""Who may see what: roles, their pages, and the scope of a user (one gemeente or the whole region).

Pure rules without Streamlit, so the data layer (data.py) and the tests use the same ones. The app only
decides which pages to list; every read goes through data.py, which enforces these rules again on the
rows themselves.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

REGIO = "REGIO"


class Rol(IntEnum):
    """Ordered: every role may do what the roles below it may."""

    raad = 1  # council: protected, aggregated figures
    beleid = 2  # policy advisor: + wijk level and aanbieders
    controller = 3  # + money detail (Geld en resultaat)
    beheer = 4  # data steward: + data quality, quarantine, audit log

    @property
    def label(self) -> str:
        return ROL_LABELS[self]


ROL_LABELS = {Rol.raad: "Raad", Rol.beleid: "Beleid", Rol.controller: "Controller", Rol.beheer: "Beheer"}


class Pagina:
    """Page keys; their files live in dashboards/views/<key>.py."""

    STUURWIEL = "stuurwiel"
    GELD = "geld"
    VERKENNEN = "verkennen"
    AANBIEDERS = "aanbieders"
    DATAKWALITEIT = "datakwaliteit"
    DEFINITIES = "definities"
    LOGBOEK = "logboek"
    RAPPORTEN = "rapporten"


# The lowest role that may open a page.
PAGINA_ROL = {
    Pagina.STUURWIEL: Rol.raad,
    Pagina.VERKENNEN: Rol.raad,
    Pagina.DEFINITIES: Rol.raad,
    Pagina.RAPPORTEN: Rol.raad,  # reading the council reports; writing the toelichting needs beleid
    Pagina.AANBIEDERS: Rol.beleid,
    Pagina.GELD: Rol.controller,
    Pagina.DATAKWALITEIT: Rol.beheer,
    Pagina.LOGBOEK: Rol.beheer,
}

# A gemeente's user sees the region's figures only when they add up at least this many gemeenten besides the
# user's own: with one other, the region minus the own figure is that neighbour's figure exactly (with none, the
# region is the own gemeente and hiding it loses nothing). Two, as for the comparison group (data.py).
ANDEREN_IN_REGIO = 2

# Breakdowns that name a care provider: contract management, not for the council.
AANBIEDER_DIMENSIES = ("aanbieder",)


class GeenToegang(PermissionError):
    """A read outside the user's rights: never shown as data, always as a refusal."""


@dataclass(frozen=True)
class Toegang:
    """A logged-in user's rights: the role and the gemeente (or REGIO) the account belongs to."""

    gebruiker: str
    rol: Rol
    gemeentecode: str

    @property
    def regio_gebruiker(self) -> bool:
        return self.gemeentecode == REGIO

    def mag(self, pagina: str) -> bool:
        return self.rol >= PAGINA_ROL[pagina]

    def eis(self, pagina: str) -> None:
        if not self.mag(pagina):
            raise GeenToegang(f"rol {self.rol.name} mag de pagina {pagina} niet openen")

    @property
    def wijken(self) -> bool:
        """Figures per wijk (still protected for small numbers)."""
        return self.rol >= Rol.beleid

    @property
    def aanbieders(self) -> bool:
        """Figures per care provider."""
        return self.rol >= Rol.beleid

    @property
    def geld_detail(self) -> bool:
        """Money below the taakveld: per productcategorie, aanbieder and product."""
        return self.rol >= Rol.controller

    def gemeenten(self, leden: list[str]) -> list[str]:
        """The gemeentecodes whose figures this user may read: every member and REGIO for a region user; else
        the own gemeente, and REGIO when the region hides its other members (``ziet_regio``)."""
        if self.regio_gebruiker:
            return [REGIO, *leden]
        eigen = [self.gemeentecode] if self.gemeentecode in leden else []
        return [REGIO, *eigen] if self.ziet_regio(leden) else eigen

    def ziet_regio(self, leden: list[str]) -> bool:
        """Whether the region's figures reveal no single other gemeente to this user (``ANDEREN_IN_REGIO``)."""
        return self.regio_gebruiker or len(set(leden) - {self.gemeentecode}) >= ANDEREN_IN_REGIO

    def eis_gemeente(self, gemeentecode: str, leden: list[str]) -> None:
        if gemeentecode not in self.gemeenten(leden):
            raise GeenToegang(f"{self.gebruiker} mag de cijfers van {gemeentecode} niet zien")
