"""Which gebieden a user may open reports of, by name: the rule of toegang.py on the snapshot's members."""

from __future__ import annotations

from dataclasses import dataclass

from dashboards import data
from dashboards.toegang import REGIO, GeenToegang, Toegang

REGIO_NAAM = "Hele regio"  # as the sidebar of the other pages calls it


@dataclass(frozen=True)
class Bereik:
    """The gebieden of one user: code -> name in the order the page shows them, and what the data layer lets
    the user read (never the names, which a tampered session could extend)."""

    toegang: Toegang
    namen: dict[str, str]
    leden: tuple[str, ...]  # the member gemeenten the snapshot lists for this user
    regio: bool  # whether the region's figures are the user's (data.ziet_regio)

    def eis(self, gebied: str) -> None:
        """Refuse a gebied outside the user's scope (GeenToegang): called right before a file is opened."""
        if gebied not in self.leden and not (gebied == REGIO and self.regio):
            raise GeenToegang(f"{self.toegang.gebruiker} mag de rapporten van {gebied} niet openen")


def bereik(toegang: Toegang, snapshot: data.Snapshot) -> Bereik:
    """A gemeente user: the own gemeente, then the region (when the user may see it). A region user: the
    region, then every member."""
    gemeenten = data.gemeenten(toegang, snapshot)
    leden = dict(zip(gemeenten["gemeentecode"], gemeenten["gemeentenaam"], strict=True))
    regio = data.ziet_regio(toegang, snapshot)
    if toegang.regio_gebruiker:
        namen = {REGIO: REGIO_NAAM, **leden}
    else:
        namen = {**leden, **({REGIO: REGIO_NAAM} if regio else {})}
    return Bereik(toegang, namen, tuple(leden), regio)
