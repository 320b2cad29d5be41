"""No published small cell: everything raad and beleid can read of the loaded region, scanned as they read it.

The scan asks dashboards/data.py as each role (the only door to the snapshot: every page question and the
council report go through it) for every view it offers, and looks for what the CBS rule forbids
(docs/domain, dbt_project/macros/kleine_aantallen/): a person count of 0 to 7 that is shown, a person
count that is not a multiple of 5, a hidden cell that still carries a number, and a hidden cell that follows
from a shown total minus its shown parts (or a hidden total from its shown parts). A self-check plants an
unsuppressed 3 and a lone hidden part in a copy of the snapshot: the scan must find both.

It lives with the e2e tests to scan their loaded region (tests/e2e/conftest.py) instead of loading another.
"""

from __future__ import annotations

import shutil

import duckdb
import pandas as pd
import pytest

from dashboards import data
from dashboards.toegang import REGIO, Rol, Toegang
from reports import inhoud
from reports.periode import Periode

RAAD = Toegang("raad", Rol.raad, REGIO)
BELEID = Toegang("beleid", Rol.beleid, REGIO)
KLEIN = 7  # CBS: 0 to 7 persons is shown as secret

# Every "total = sum of parts" link a reader can use, as the model knows them (fct_indicator_publicatie.sql):
# name, which rows are parts, which the total, the columns that tie a part to its total, and the columns that
# split the parts into groups of their own (each breakdown separately).
RELATIES = [
    (
        "uitsplitsing",
        lambda r: r["dimensie"] != "totaal",
        lambda r: r["dimensie"] == "totaal",
        ["indicator_id", "gemeentecode", "wijkcode", "periode_type", "periode"],
        ["dimensie"],
    ),
    (
        "regio",
        lambda r: r["gemeentecode"] != REGIO,
        lambda r: r["gemeentecode"] == REGIO,
        ["indicator_id", "wijkcode", "periode_type", "periode", "dimensie", "dimensie_waarde"],
        [],
    ),
    (
        "wijk",
        lambda r: r["wijkcode"] != "",
        lambda r: r["wijkcode"] == "",
        ["indicator_id", "gemeentecode", "periode_type", "periode", "dimensie", "dimensie_waarde"],
        [],
    ),
]


def beschermde_rijen(toegang: Toegang, snapshot: data.Snapshot) -> pd.DataFrame:
    """The published rows this user can read of every indicator that counts persons, with what it counts."""
    return data.lees(
        toegang,
        snapshot,
        """
        select p.indicator_id, p.gemeentecode, p.wijkcode, p.periode_type, p.periode, p.dimensie,
               p.dimensie_waarde, p.waarde, p.teller, p.noemer, coalesce(p.onderdrukt, false) as onderdrukt,
               coalesce(i.kleine_aantallen, 'teller') as kleine_aantallen, i.eenheid
        from publicatie p join indicator i using (indicator_id)
        where coalesce(i.kleine_aantallen, 'teller') <> 'geen'
        """,
    )


def personen(rijen: pd.DataFrame) -> pd.DataFrame:
    """(row, column, value) of every shown number that is a count of persons."""
    delen = [rijen[["teller"]].rename(columns={"teller": "aantal"}).assign(kolom="teller")]
    noemer = rijen["kleine_aantallen"] == "teller_en_noemer"
    delen.append(rijen.loc[noemer, ["noemer"]].rename(columns={"noemer": "aantal"}).assign(kolom="noemer"))
    aantal = rijen["eenheid"] == "aantal"
    delen.append(rijen.loc[aantal, ["waarde"]].rename(columns={"waarde": "aantal"}).assign(kolom="waarde"))
    uit = pd.concat(delen)
    return uit[uit["aantal"].notna()].join(rijen.drop(columns=["waarde", "teller", "noemer"]))


def kleine_cellen(rijen: pd.DataFrame) -> pd.DataFrame:
    getoond = personen(rijen[~rijen["onderdrukt"]])
    return getoond[(getoond["aantal"] >= 0) & (getoond["aantal"] <= KLEIN)]


def niet_afgerond(rijen: pd.DataFrame) -> pd.DataFrame:
    getoond = personen(rijen[~rijen["onderdrukt"]])
    return getoond[getoond["aantal"] % 5 != 0]


def verborgen_met_waarde(rijen: pd.DataFrame) -> pd.DataFrame:
    verborgen = rijen[rijen["onderdrukt"]]
    return verborgen[verborgen[["waarde", "teller", "noemer"]].notna().any(axis=1)]


def af_te_leiden(rijen: pd.DataFrame) -> pd.DataFrame:
    """Groups of a relation in which exactly one part is hidden while its total is shown (total minus the
    shown parts gives it back), or the total is hidden while every part is shown (their sum gives it back)."""
    rijen = rijen.fillna({"wijkcode": "", "dimensie_waarde": ""})  # a missing key ties and groups as a value
    gevonden = []
    for naam, is_deel, is_totaal, koppel, groep in RELATIES:
        totalen = rijen.loc[is_totaal(rijen), [*koppel, "onderdrukt"]].rename(
            columns={"onderdrukt": "totaal_verborgen"}
        )
        samen = rijen[is_deel(rijen)].merge(totalen, on=koppel)
        per_groep = samen.groupby([*koppel, *groep]).agg(
            verborgen=("onderdrukt", "sum"), totaal_verborgen=("totaal_verborgen", "first")
        )
        lek = ((per_groep["verborgen"] == 1) & ~per_groep["totaal_verborgen"]) | (
            (per_groep["verborgen"] == 0) & per_groep["totaal_verborgen"]
        )
        gevonden.append(per_groep[lek].reset_index().assign(relatie=naam))
    return pd.concat(gevonden)


def scan(toegang: Toegang, snapshot: data.Snapshot) -> dict[str, int]:
    rijen = beschermde_rijen(toegang, snapshot)
    assert not rijen.empty and rijen["onderdrukt"].any(), "nothing to scan: the probe would pass on anything"
    return {
        "klein": len(kleine_cellen(rijen)),
        "niet_afgerond": len(niet_afgerond(rijen)),
        "verborgen_met_waarde": len(verborgen_met_waarde(rijen)),
        "af_te_leiden": len(af_te_leiden(rijen)),
    }


SCHOON = {"klein": 0, "niet_afgerond": 0, "verborgen_met_waarde": 0, "af_te_leiden": 0}


@pytest.fixture(scope="module")
def snapshot(loaded_region):
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("STUURWIEL_HOME", str(loaded_region.home))
        mp.delenv("STUURWIEL_SERVING", raising=False)
        yield data.current_snapshot()


@pytest.mark.parametrize("toegang", [RAAD, BELEID], ids=lambda t: t.gebruiker)
def test_no_small_cell_in_what_raad_and_beleid_read(snapshot, toegang):
    assert scan(toegang, snapshot) == SCHOON


@pytest.mark.parametrize("toegang", [RAAD, BELEID], ids=lambda t: t.gebruiker)
def test_the_other_views_hold_no_person_counts_of_their_own(snapshot, toegang):
    """Beside the publication, the views raad and beleid may read carry no count of clients: the CBS
    reconciliation repeats the published (protected) figure, the rest are catalogues and CBS's own open data."""
    kolommen = set(data.lees(toegang, snapshot, "select * from cbs_vergelijking limit 0").columns)
    assert not kolommen & {"teller", "exacte_waarde", "exacte_teller", "aantal"}
    vergelijking = data.lees(
        toegang,
        snapshot,
        """
        select count(*) as n from cbs_vergelijking v
        join publicatie p using (indicator_id, gemeentecode, periode_type, periode)
        where v.wijkcode is not distinct from p.wijkcode and p.dimensie = 'totaal'
          and v.waarde_stuurwiel is distinct from if(p.onderdrukt, null, p.waarde)
        """,
    )
    assert vergelijking["n"].iloc[0] == 0


def test_the_council_report_reads_only_what_raad_may(snapshot, monkeypatch):
    """The report is made from the same views as raad's pages (scanned above): every read it makes is raad's."""
    rollen = set()
    echt = data._lees

    def onthoud(snapshot, kwaliteit, toegang, sql, params):
        rollen.add(toegang.rol)
        return echt(snapshot, kwaliteit, toegang, sql, params)

    monkeypatch.setattr(data, "_lees", onthoud)
    kwartalen = data.perioden(RAAD, snapshot, "kwartaal")["periode"]
    monkeypatch.setenv("STUURWIEL_SERVING", snapshot.path)
    inhoud.bouw(REGIO, Periode(pd.Timestamp(kwartalen.iloc[0]).date(), "kwartaal"))
    assert rollen == {Rol.raad}


def _geplant(snapshot: data.Snapshot, tmp_path, sql: str, monkeypatch) -> data.Snapshot:
    kopie = tmp_path / "serving.duckdb"
    shutil.copy(snapshot.path, kopie)
    with duckdb.connect(str(kopie)) as con:
        assert con.execute(sql).fetchone()[0] == 1, "nothing planted"
    monkeypatch.setenv("STUURWIEL_SERVING", str(kopie))
    return data.current_snapshot()


def test_the_scan_finds_a_planted_unsuppressed_3(snapshot, tmp_path, monkeypatch):
    geplant = _geplant(
        snapshot,
        tmp_path,
        """
        update fct_indicator_publicatie set onderdrukt = false, reden_onderdrukt = null, teller = 3
        where rowid = (select p.rowid from fct_indicator_publicatie p join dim_indicator i using (indicator_id)
                       where p.onderdrukt and p.wijkcode is null and p.dimensie = 'totaal'
                         and coalesce(i.kleine_aantallen, 'teller') <> 'geen'
                       order by p.indicator_id, p.periode_type, p.periode, p.gemeentecode limit 1)
        returning 1
        """,
        monkeypatch,
    )
    gevonden = scan(RAAD, geplant)
    assert gevonden["klein"] == 1 and gevonden["niet_afgerond"] == 1


def test_the_scan_finds_a_planted_lone_hidden_part(snapshot, tmp_path, monkeypatch):
    # hide one shown gemeente total whose region total is shown and whose other gemeenten stay shown (a total:
    # raad reads no breakdown by aanbieder). The row is chosen by its key, not by rowid: the physical order of
    # the snapshot differs between runs.
    geplant = _geplant(
        snapshot,
        tmp_path,
        """
        with kandidaat as (
            select p.rowid as rij from fct_indicator_publicatie p
            join dim_indicator i using (indicator_id)
            where not p.onderdrukt and p.gemeentecode <> 'REGIO' and p.wijkcode is null and p.dimensie = 'totaal'
              and coalesce(i.kleine_aantallen, 'teller') <> 'geen'
              and exists (
                  select 1 from fct_indicator_publicatie t
                  where t.gemeentecode = 'REGIO' and not t.onderdrukt and t.wijkcode is null
                    and t.indicator_id = p.indicator_id and t.periode_type = p.periode_type
                    and t.periode = p.periode and t.dimensie = p.dimensie
                    and t.dimensie_waarde is not distinct from p.dimensie_waarde)
              and not exists (
                  select 1 from fct_indicator_publicatie q
                  where q.onderdrukt and q.wijkcode is null and q.indicator_id = p.indicator_id
                    and q.periode_type = p.periode_type and q.periode = p.periode and q.dimensie = p.dimensie
                    and q.dimensie_waarde is not distinct from p.dimensie_waarde)
            order by p.indicator_id, p.periode_type, p.periode, p.dimensie, p.dimensie_waarde, p.gemeentecode
            limit 1)
        update fct_indicator_publicatie set onderdrukt = true, waarde = null, teller = null, noemer = null
        where rowid = (select rij from kandidaat)
        returning 1
        """,
        monkeypatch,
    )
    assert scan(RAAD, geplant)["af_te_leiden"] >= 1
