"""CBS reference data shipped in data/reference (Bron: CBS, CC BY 4.0), loaded like any other source."""

import dagster as dg

from pipelines.resources import POOL, StuurwielResource

BEVOLKING = dg.AssetKey(["raw", "cbs_bevolking"])
GEMEENTEN = dg.AssetKey(["raw", "cbs_gemeenten"])
COMPLEET = dg.AssetCheckSpec("bevolking_compleet", asset=BEVOLKING, blocking=True,
                             description="Every gemeente of 2026 has a population for 2023 to 2025.")


@dg.multi_asset(
    name="raw_cbs",
    specs=[dg.AssetSpec(k, group_name="bronnen", kinds={"duckdb"}) for k in (BEVOLKING, GEMEENTEN)],
    check_specs=[COMPLEET],
    pool=POOL,
    description="CBS population per gemeente per year (03759ned) and the gemeenten list (2026) with size class and urbanity (85067NED).",
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
            "select g.statcode as gemeentecode, g.gemeentenaam, g.provincie, g.jeugdregio, "
            # CBS size class and urbanity (indeling 2022) make the comparable-gemeenten groups; a
            # gemeente formed by a later merger has none and is compared with the region only.
            "k.gemeentegrootte_code::integer as gemeentegrootte, k.stedelijkheid_code::integer as stedelijkheid "
            f"from read_csv('{cbs / 'gemeenten_2026_provincie_jeugdregio.csv'}', all_varchar=true) as g "
            f"left join read_csv('{cbs / 'gemeente_regio_indelingen_2022_85067NED.csv'}', all_varchar=true) as k "
            "on trim(k.regioS) = g.statcode"
        )
        # Gemeenten formed by a merger in 2022 or later have no population under their code before.
        missing = con.execute(
            "select count(*) from raw.cbs_gemeenten g cross join range(2023, 2026) as j(jaar) "
            "where not exists (select 1 from raw.cbs_bevolking b where b.gemeentecode = g.gemeentecode "
            "and b.jaar = j.jaar and b.bevolking_1_januari is not null)"
        ).fetchone()[0]
    yield dg.MaterializeResult(asset_key=BEVOLKING)
    yield dg.MaterializeResult(asset_key=GEMEENTEN)
    yield dg.AssetCheckResult(asset_key=BEVOLKING, check_name=COMPLEET.name, passed=missing == 0,
                              metadata={"ontbrekend": missing})
