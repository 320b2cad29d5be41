"""CBS reference data shipped in data/reference (Bron: CBS, CC BY 4.0), loaded like any other source."""

import json

import dagster as dg

from pipelines.resources import POOL, StuurwielResource

BEVOLKING = dg.AssetKey(["raw", "cbs_bevolking"])
GEMEENTEN = dg.AssetKey(["raw", "cbs_gemeenten"])
REGIO_INDELINGEN = dg.AssetKey(["raw", "cbs_regio_indelingen"])
GEOMETRIE = dg.AssetKey(["raw", "cbs_gemeente_geometrie"])
BIJSTAND = dg.AssetKey(["raw", "cbs_bijstand"])
LEEFTIJDSGROEPEN = dg.AssetKey(["raw", "cbs_leeftijdsgroepen"])
_KEYS = (BEVOLKING, GEMEENTEN, REGIO_INDELINGEN, GEOMETRIE, BIJSTAND, LEEFTIJDSGROEPEN)
COMPLEET = dg.AssetCheckSpec(
    "bevolking_compleet",
    asset=BEVOLKING,
    blocking=True,
    description="Every gemeente of 2026 has a population for 2023 to 2025.",
)


@dg.multi_asset(
    name="raw_cbs",
    specs=[dg.AssetSpec(k, group_name="bronnen", kinds={"duckdb"}) for k in _KEYS],
    check_specs=[COMPLEET],
    pool=POOL,
    description="CBS population per gemeente per year (03759ned) and by age group (KWB 2021-2024), the "
    "gemeenten list (2026), their "
    "arbeidsmarktregio, jeugdregio, size class and urbanity (85067NED), gemeente polygons (2025) and the national "
    "bijstand series (37789ksz).",
)
def cbs_referentie(stuurwiel: StuurwielResource):
    cbs = stuurwiel.settings.reference_dir / "cbs"
    store = stuurwiel.warehouse()
    store.ensure_schema()
    with store.connect() as con:
        con.execute(
            "create or replace table raw.cbs_bevolking as "
            "select regiocode as gemeentecode, jaar::integer as jaar, "
            "bevolking_1_januari::bigint as bevolking_1_januari "
            f"from read_csv('{cbs / 'bevolking_per_gemeente_2019-2026_03759ned.csv'}', all_varchar=true) "
            "where regiocode like 'GM%'"
        )
        con.execute(
            "create or replace table raw.cbs_gemeenten as "
            "select statcode as gemeentecode, gemeentenaam, provincie, jeugdregio "
            f"from read_csv('{cbs / 'gemeenten_2026_provincie_jeugdregio.csv'}', all_varchar=true)"
        )
        con.execute(
            "create or replace table raw.cbs_regio_indelingen as "
            "select trim(regioS) as gemeentecode, arbeidsmarktregio_s_code as arbeidsmarktregio_code, "
            "arbeidsmarktregio_s_naam as arbeidsmarktregio, jeugdregio_s_code as jeugdregio_code, "
            "jeugdregio_s_naam as jeugdregio, gemeentegrootte_code::integer as gemeentegrootte, "
            "stedelijkheid_code::integer as stedelijkheid "
            f"from read_csv('{cbs / 'gemeente_regio_indelingen_2022_85067NED.csv'}', all_varchar=true)"
        )
        _load_geometrie(con, stuurwiel.settings.reference_dir / "geo" / "gemeente_2025.geojson")
        con.execute(
            "create or replace table raw.cbs_bijstand as "
            "select perioden, measure, titel, eenheid, waarde::double as waarde "
            f"from read_csv('{cbs / 'bijstand_nl_37789ksz.csv'}', all_varchar=true)"
        )
        # The age groups (0-14, 15-24, 25-44, 45-64, 65+) of KWB: the population by age where no BRP is delivered.
        con.execute(
            "create or replace table raw.cbs_leeftijdsgroepen as "
            "select gemeentecode, jaar::integer as jaar, leeftijdsgroep, leeftijd_van::integer as leeftijd_van, "
            "leeftijd_tot::integer as leeftijd_tot, aantal::bigint as aantal "
            f"from read_csv('{cbs / 'kwb_leeftijdsgroepen_per_gemeente_2021-2024.csv'}', all_varchar=true, delim=';')"
        )
        # Gemeenten formed by a merger in 2022 or later have no population under their code before.
        missing = con.execute(
            "select count(*) from raw.cbs_gemeenten g cross join range(2023, 2026) as j(jaar) "
            "where not exists (select 1 from raw.cbs_bevolking b where b.gemeentecode = g.gemeentecode "
            "and b.jaar = j.jaar and b.bevolking_1_januari is not null)"
        ).fetchone()[0]
    for key in _KEYS:
        yield dg.MaterializeResult(asset_key=key)
    yield dg.AssetCheckResult(
        asset_key=BEVOLKING, check_name=COMPLEET.name, passed=missing == 0, metadata={"ontbrekend": missing}
    )


def _load_geometrie(con, path) -> None:
    """One row per gemeente with its polygon as GeoJSON text: what a Plotly choropleth needs,
    without a spatial extension in the warehouse."""
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    con.execute(
        "create or replace table raw.cbs_gemeente_geometrie "
        "(gemeentecode varchar, gemeentenaam varchar, geometrie_geojson varchar)"
    )
    con.executemany(
        "insert into raw.cbs_gemeente_geometrie values (?, ?, ?)",
        [
            (f["properties"]["statcode"], f["properties"]["statnaam"], json.dumps(f["geometry"], separators=(",", ":")))
            for f in features
        ],
    )
