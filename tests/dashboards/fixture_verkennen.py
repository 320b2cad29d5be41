"""Rows the Verkennen page needs beyond the shared fixture: an indicator with breakdowns and wijk rows,
the gemeente outlines, aanbieder names and the descriptive columns of dim_indicator.

Numbers (mei 2025 is the latest month, voorlopig at 85%; earlier months definitief):

wachttijd_start_mediaan, dagen, norm 42, totaal:
             mrt 2025  apr 2025  mei 2025   vergelijkbare gemeenten (mei)
  GM0153        20        22        24                 23
  GM0164        30        29        28                 25
  REGIO         25        25,5      26
wet (mei):        GM0153 jeugd 26, wmo 22 · GM0164 jeugd geheim (klein_aantal), wmo 27 · REGIO jeugd 27, wmo 24
aanbieder (mei):  GM0153 98100011 19, 98100028 geheim · GM0164 98100011 33 · REGIO 98100011 25, 98100028 31
wijk (mei):       GM0153 WK015301 21, WK015302 geheim (secundair_wijk) · GM0164 WK016401 30
"""

import pandas as pd

INDICATOR = "wachttijd_start_mediaan"
MAANDEN = [pd.Timestamp("2025-03-01"), pd.Timestamp("2025-04-01"), pd.Timestamp("2025-05-01")]
TOTAAL = {"GM0153": [20.0, 22.0, 24.0], "GM0164": [30.0, 29.0, 28.0], "REGIO": [25.0, 25.5, 26.0]}
GROEP_MEI = {"GM0153": 23.0, "GM0164": 25.0}
# (dimensie, gemeentecode, dimensie_waarde) -> waarde in mei 2025; None = geheim (klein_aantal)
UITSPLITSING = {
    ("wet", "GM0153", "jeugd"): 26.0,
    ("wet", "GM0153", "wmo"): 22.0,
    ("wet", "GM0164", "jeugd"): None,
    ("wet", "GM0164", "wmo"): 27.0,
    ("wet", "REGIO", "jeugd"): 27.0,
    ("wet", "REGIO", "wmo"): 24.0,
    ("aanbieder", "GM0153", "98100011"): 19.0,
    ("aanbieder", "GM0153", "98100028"): None,
    ("aanbieder", "GM0164", "98100011"): 33.0,
    ("aanbieder", "REGIO", "98100011"): 25.0,
    ("aanbieder", "REGIO", "98100028"): 31.0,
}
# (gemeentecode, wijkcode) -> waarde in mei 2025; None = geheim (secundair_wijk)
WIJKEN = {("GM0153", "WK015301"): 21.0, ("GM0153", "WK015302"): None, ("GM0164", "WK016401"): 30.0}
AANBIEDERS = [("98100011", "Stichting Jeugdhulp Twentse Ster"), ("98100028", "Kindkracht Ambulant B.V.")]
# Two squares side by side: Enschede east of Hengelo.
GEOMETRIE = {
    "GM0164": '{"type":"Polygon","coordinates":[[[6.70,52.22],[6.82,52.22],[6.82,52.30],[6.70,52.30],[6.70,52.22]]]}',
    "GM0153": '{"type":"Polygon","coordinates":[[[6.82,52.18],[6.98,52.18],[6.98,52.28],[6.82,52.28],[6.82,52.18]]]}',
}
FORMULE = "mediaan(startdatum zorg - ingangsdatum toewijzing)"
BRONNEN = "iJw/iWmo 301 en 305"
KANTTEKENING_NORM = "Treeknorm jeugd en Wmo (zes weken)"


def voeg_toe(con) -> None:
    for kolom in ("formule", "bronnen", "kleine_aantallen", "cbs_variabele"):
        con.execute(f"ALTER TABLE dim_indicator ADD COLUMN IF NOT EXISTS {kolom} VARCHAR")
    con.execute(
        "INSERT INTO dim_indicator BY NAME SELECT $id AS indicator_id, 'Dagen tot start van de zorg (mediaan)' AS naam,"
        " 'throughput' AS laag, 'Mediaan van het aantal dagen tussen toewijzing en start van de zorg.' AS definitie,"
        " 'dagen' AS eenheid, 'lager_is_beter' AS richting, 42.0 AS norm, $norm_bron AS norm_bron, 9 AS volgorde,"
        " $formule AS formule, $bronnen AS bronnen, 'teller' AS kleine_aantallen",
        {"id": INDICATOR, "norm_bron": KANTTEKENING_NORM, "formule": FORMULE, "bronnen": BRONNEN},
    )
    con.execute(
        "UPDATE dim_indicator SET bronnen = 'iJw/iWmo 315 en 301' WHERE indicator_id = 'doorlooptijd_toewijzing'"
        " AND bronnen IS NULL"
    )
    rijen = pd.DataFrame(_totaal() + _uitsplitsing() + _wijken())
    con.register("verkennen_rijen", rijen)
    con.execute("INSERT INTO fct_indicator_publicatie BY NAME SELECT * FROM verkennen_rijen")
    con.unregister("verkennen_rijen")

    con.execute("CREATE TABLE IF NOT EXISTS dim_gemeente_geometrie (gemeentecode VARCHAR, geometrie_geojson VARCHAR)")
    for code, geojson in GEOMETRIE.items():
        con.execute(
            "INSERT INTO dim_gemeente_geometrie SELECT ?, ? WHERE NOT EXISTS "
            "(SELECT 1 FROM dim_gemeente_geometrie WHERE gemeentecode = ?)",
            [code, geojson, code],
        )
    con.execute(
        "CREATE TABLE IF NOT EXISTS dim_aanbieder (agb_code VARCHAR, naam VARCHAR, kvk_nummer VARCHAR,"
        " wet VARCHAR, financieringsvorm VARCHAR)"
    )
    for agb, naam in AANBIEDERS:
        con.execute(
            "INSERT INTO dim_aanbieder (agb_code, naam) SELECT ?, ? WHERE NOT EXISTS "
            "(SELECT 1 FROM dim_aanbieder WHERE agb_code = ?)",
            [agb, naam, agb],
        )


def _rij(gemeentecode, periode, dimensie, dimensie_waarde, waarde, reden=None, wijkcode=None, groep=None) -> dict:
    mei = periode == MAANDEN[-1]
    geheim = waarde is None
    return {
        "indicator_id": INDICATOR,
        "gemeentecode": gemeentecode,
        "wijkcode": wijkcode,
        "periode_type": "maand",
        "periode": periode.date(),
        "dimensie": dimensie,
        "dimensie_waarde": dimensie_waarde,
        "waarde": waarde,
        "teller": None if geheim else 40.0,
        "noemer": None,
        "norm": 42.0,
        "status": None if geheim else "op_koers",
        "onderdrukt": geheim,
        "reden_onderdrukt": (reden or "klein_aantal") if geheim else None,
        "vergelijkingsgroep": None if groep is None else "100.000 inwoners of meer, sterk stedelijk",
        "waarde_vergelijkingsgroep": groep,
        "vintage": "voorlopig" if mei else "definitief",
        "volledigheid": 0.85 if mei else 1.0,
        "reeksbreuk": False,
    }


def _totaal() -> list[dict]:
    return [
        _rij(code, maand, "totaal", "totaal", waarde, groep=GROEP_MEI.get(code) if maand == MAANDEN[-1] else None)
        for code, waarden in TOTAAL.items()
        for maand, waarde in zip(MAANDEN, waarden, strict=False)
    ]


def _uitsplitsing() -> list[dict]:
    return [
        _rij(code, MAANDEN[-1], dimensie, waarde_code, waarde)
        for (dimensie, code, waarde_code), waarde in UITSPLITSING.items()
    ]


def _wijken() -> list[dict]:
    return [
        _rij(code, MAANDEN[-1], "totaal", "totaal", waarde, reden="secundair_wijk", wijkcode=wijk)
        for (code, wijk), waarde in WIJKEN.items()
    ]
