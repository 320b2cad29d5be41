"""What CBS would publish about the demo world: a synthetic StatLine export of Kerncijfers wijken en buurten.

Real CBS jeugdzorg and Wmo figures of the demo gemeenten cannot stand beside synthetic care, so the demo
writes ``cbs/kwb_<jaar>_synthetisch.csv`` per year in the form ``pipelines/sources/cbs_statline.py`` reads,
with figures computed from the region's person-level truth by CBS's own rules (KWB toelichting §5.8):

- JongerenMetJeugdzorgInNatura: persons under 23 (on their first day of care in the year) with jeugdhulp in
  natura, jeugdbescherming or jeugdreclassering in the year, taakgericht care included (providers report it
  to CBS); a pgb is not counted. Placed in the gemeente where the young person lives (woonplaatsbeginsel).
- WmoClienten: persons with at least one Wmo maatwerkarrangement in the year, in natura or as pgb (GMSD). The
  GMSD counts what gemeenten deliver from their own registration, so a voorziening runs from its registered
  start to its registered end, whether care has started or not (a client on a waiting list counts).
- PersonenPerSoortUitkeringBijstand: persons receiving a bijstandsuitkering under the Participatiewet on the
  last day of December (KWB DataProperties: a standcijfer), so algemene bijstand only (IOAW, IOAZ, Bbz and
  bijzondere bijstand are other laws or no uitkering), and both partners of a couple, as bijstand to a couple is
  paid to each partner for half. The demo world has no elders verzorgden, homeless or AIO (which CBS leaves
  out or adds), and every person on bijstand lives in the gemeente that pays it.
- Counts rounded to multiples of 5, raw 0-7 shown as '.' (geheim); the relative figures are computed after
  rounding: PercentageJongerenMetJeugdzorg per inhabitant 0-22, WmoClientenRelatief per 1,000 inhabitants.

The population is the demo's BRP (demo/brp.py: the real CBS total by single year of age), as CBS divides by
the BRP too; like the warehouse, it is not multiplied by the sample. These are synthetic demo figures, never
"Bron: CBS".
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

from demo.brp import groepen_in_jaar, kwb_groepen, leeftijden
from demo.frame import load_frame
from demo.model import Region

KOLOMMEN = (  # StatLine column names: base name and a year-dependent suffix (any suffix reads the same)
    "ID",
    "WijkenEnBuurten",
    "Gemeentenaam_1",
    "SoortRegio_2",
    "AantalInwoners_5",
    "JongerenMetJeugdzorgInNatura_98",
    "PercentageJongerenMetJeugdzorg_99",
    "WmoClienten_100",
    "WmoClientenRelatief_101",
    "PersonenPerSoortUitkeringBijstand_94",
)


def write_kwb(region: Region, folder: Path) -> int:
    """One synthetic KWB export per year of the region; returns the number of files."""
    folder.mkdir(parents=True, exist_ok=True)
    for jaar in range(region.start_year, region.end_year + 1):
        with open(folder / f"kwb_{jaar}_synthetisch.csv", "w", encoding="utf-8", newline="") as f:
            writer = csv.writer(f, delimiter=";", quoting=csv.QUOTE_NONNUMERIC, lineterminator="\r\n")
            writer.writerow(KOLOMMEN)
            writer.writerows(_regels(region, jaar))
    return region.end_year - region.start_year + 1


def _regels(region: Region, jaar: int) -> list[list]:
    jeugd, wmo = jongeren_met_jeugdzorg(region, jaar), wmo_clienten(region, jaar)
    bijstand = personen_met_bijstand(region, jaar)
    bevolking = _bevolking(region, jaar)
    regels = []
    for nummer, gemeente in enumerate(region.gemeenten):
        n, n_0_22 = bevolking[gemeente.code]
        jongeren, clienten = afgerond(jeugd.get(gemeente.code, 0)), afgerond(wmo.get(gemeente.code, 0))
        regels.append(
            [
                nummer,
                gemeente.code.ljust(10),
                gemeente.naam,
                "Gemeente".ljust(10),
                n,
                _cel(jongeren),
                _cel(None if jongeren is None else round(100 * jongeren / n_0_22, 1)),
                _cel(clienten),
                _cel(None if clienten is None else round(1000 * clienten / n, 1)),
                _cel(afgerond(bijstand.get(gemeente.code, 0))),
            ]
        )
    return regels


def _bevolking(region: Region, jaar: int) -> dict[str, tuple[int, int]]:
    """Per gemeente, all residents and those aged 0-22 on 1 January of ``jaar`` (the demo's BRP)."""
    groepen = kwb_groepen()
    uit = {}
    for fg in load_frame([g.code for g in region.gemeenten], range(jaar, jaar + 1)):
        per_leeftijd = leeftijden(groepen_in_jaar(groepen[fg.code], jaar, fg.bevolking[jaar]))
        uit[fg.code] = (sum(per_leeftijd), sum(per_leeftijd[:23]))
    return uit


def afgerond(aantal: int) -> int | None:
    """CBS's rule: a multiple of 5, and raw 0-7 not shown (None)."""
    return None if aantal <= 7 else int(np.floor(aantal / 5 + 0.5)) * 5


def _cel(waarde):
    return "." if waarde is None else waarde


def jongeren_met_jeugdzorg(region: Region, jaar: int) -> dict[str, int]:
    """Distinct persons under 23 with jeugdzorg in natura in the year, per gemeente of residence."""
    t, p = region.trajectories, region.persons
    eerste_dag = _eerste_dag_zorg(t.begindatum, t.einddatum_zorg, jaar)
    leeftijd = _leeftijd(p.geboortedatum[t.person], eerste_dag)
    doet_mee = (t.wet == "jeugd") & ~np.isnat(eerste_dag) & (leeftijd < 23)
    return _per_gemeente(p.gemeentecode[t.person[doet_mee]], p.bsn[t.person[doet_mee]])


def wmo_clienten(region: Region, jaar: int) -> dict[str, int]:
    """Distinct persons with a registered Wmo maatwerkvoorziening in the year, in natura or as pgb."""
    v = region.zaaksysteem.voorzieningen
    lopend = (v.wet == "wmo") & ~np.isnat(_eerste_dag_zorg(v.datum_start, v.datum_einde, jaar))
    return _per_gemeente(v.gemeentecode[lopend], v.bsn[lopend])


def personen_met_bijstand(region: Region, jaar: int) -> dict[str, int]:
    """Distinct persons, applicant or partner, with algemene bijstand running on 31 December, per gemeente."""
    b = region.zaaksysteem.bijstand
    peildag = np.datetime64(f"{jaar}-12-31")
    lopend = (b.soort == "algemene bijstand") & (b.ingangsdatum <= peildag)
    lopend &= np.isnat(b.einddatum) | (b.einddatum >= peildag)
    paar = lopend & (b.partner_bsn != "")
    return _per_gemeente(
        np.concatenate([b.gemeentecode[lopend], b.gemeentecode[paar]]),
        np.concatenate([b.bsn[lopend], b.partner_bsn[paar]]),
    )


def _eerste_dag_zorg(begin: np.ndarray, einde: np.ndarray, jaar: int) -> np.ndarray:
    """The first day of care within the year, NaT when there was none (never started, or not in the year)."""
    van, tot = np.datetime64(f"{jaar}-01-01"), np.datetime64(f"{jaar}-12-31")
    in_jaar = ~np.isnat(begin) & (begin <= tot) & (np.isnat(einde) | (einde >= van))
    return np.where(in_jaar, np.maximum(begin, van), np.datetime64("NaT"))


def _leeftijd(geboortedatum: np.ndarray, dag: np.ndarray) -> np.ndarray:
    """Whole years on ``dag`` (rows where ``dag`` is NaT are left out by the caller)."""
    dag = np.where(np.isnat(dag), geboortedatum, dag)
    jaren = dag.astype("datetime64[Y]").astype(int) - geboortedatum.astype("datetime64[Y]").astype(int)
    return jaren - (_maand_dag(dag) < _maand_dag(geboortedatum))


def _maand_dag(dag: np.ndarray) -> np.ndarray:
    """Month and day as one number (March 5 = 204), to tell whether a birthday has passed in the year."""
    maand = dag.astype("datetime64[M]")
    return (maand.astype(int) % 12) * 100 + (dag - maand).astype(int)


def _per_gemeente(gemeentecode: np.ndarray, bsn: np.ndarray) -> dict[str, int]:
    paren = set(zip(gemeentecode.tolist(), bsn.tolist(), strict=True))
    aantallen: dict[str, int] = {}
    for gemeente, _ in paren:
        aantallen[gemeente] = aantallen.get(gemeente, 0) + 1
    return aantallen
