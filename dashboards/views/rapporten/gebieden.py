"""Which gebieden a user may open reports of, by name: the rule of toegang.py on the snapshot's members."""

from __future__ import annotations

from dataclasses import dataclass

from dashboards import data
from dashboards.toegang import REGIO, Toegang

REGIO_NAAM = "Hele regio"  # as the sidebar of the other pages calls it


@dataclass(frozen=True)
class Bereik:
    """The gebieden of one user: code -> name in the order the page shows them, and the members it knows."""

    toegang: Toegang
    namen: dict[str, str]
    leden: tuple[str, ...]  # the member gemeenten the snapshot lists for this user

    def eis(self, gebied: str) -> None:
        """Refuse a gebied outside the user's scope (GeenToegang): called right before a file is opened."""
        self.toegang.eis_gemeente(gebied, list(self.leden))


def bereik(toegang: Toegang, snapshot: data.Snapshot) -> Bereik:
    """A gemeente user: the own gemeente, then the region. A region user: the region, then every member."""
    gemeenten = data.gemeenten(toegang, snapshot)
    leden = dict(zip(gemeenten["gemeentecode"], gemeenten["gemeentenaam"], strict=True))
    toegestaan = toegang.gemeenten(list(leden))
    namen = {code: leden.get(code, REGIO_NAAM) for code in toegestaan}
    if not toegang.regio_gebruiker:
        namen = {**{c: n for c, n in namen.items() if c != REGIO}, REGIO: REGIO_NAAM}
    return Bereik(toegang, namen, tuple(leden))
