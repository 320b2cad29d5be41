"""CBS reference data (data/reference) reaches the snapshot: regions per gemeente, polygons and the
national bijstand benchmark, checked against the shipped files themselves."""

from __future__ import annotations

import csv
import json

from pipelines.config import Settings

from .conftest import GEMEENTEN


def _reference(name: str):
    return Settings.from_env().reference_dir / name


def test_dim_gemeente_has_jeugdregio_and_arbeidsmarktregio(loaded_region):
    with open(_reference("cbs/gemeente_regio_indelingen_2022_85067NED.csv"), encoding="utf-8") as f:
        indeling = {r["regioS"].strip(): r for r in csv.DictReader(f)}
    with open(_reference("cbs/gemeenten_2026_provincie_jeugdregio.csv"), encoding="utf-8") as f:
        jeugdregio = {r["statcode"]: r["jeugdregio"] for r in csv.DictReader(f)}
    with loaded_region.serving() as con:
        rows = con.execute(
            "select gemeentecode, jeugdregio, arbeidsmarktregio_code, arbeidsmarktregio "
            "from dim_gemeente where gemeentecode <> 'REGIO'"
        ).fetchall()
    assert {r[0] for r in rows} == set(GEMEENTEN)
    for code, jeugd, am_code, am_naam in rows:
        assert jeugd == jeugdregio[code]
        cbs = indeling[code]
        assert (am_code, am_naam) == (cbs["arbeidsmarktregio_s_code"], cbs["arbeidsmarktregio_s_naam"])


def test_polygons_of_the_served_gemeenten_are_published(loaded_region):
    features = json.loads(_reference("geo/gemeente_2025.geojson").read_text(encoding="utf-8"))["features"]
    expected = {f["properties"]["statcode"]: f["geometry"] for f in features}
    with loaded_region.serving() as con:
        rows = con.execute("select gemeentecode, geometrie_geojson from dim_gemeente_geometrie").fetchall()
    assert {code for code, _ in rows} == set(GEMEENTEN)
    for code, geometrie in rows:
        assert json.loads(geometrie) == expected[code]


def test_national_bijstand_benchmark_is_published(loaded_region):
    with open(_reference("cbs/bijstand_nl_37789ksz.csv"), encoding="utf-8") as f:
        jaar = {
            r["perioden"][:4]: float(r["waarde"])
            for r in csv.DictReader(f)
            if r["measure"] == "D000203_2" and r["perioden"].endswith("JJ00")
        }
    with loaded_region.serving() as con:
        rows = dict(
            con.execute(
                "select jaar, aantal_uitkeringen from fct_cbs_bijstand where leeftijdsgroep = 'totaal'"
            ).fetchall()
        )
    assert len(rows) == len(jaar) > 20
    assert all(rows[int(y)] == round(v * 1000) for y, v in jaar.items())
