"""Benchmark 4, the alternative: the headline indicators computed by a straightforward pandas script, as an analyst
would write it, from the same source files, against the pipeline's full load of those files.

The script reads the iJw/iWmo 301, 305 and 307 messages with ElementTree (every ``*301*``, ``*305*``, ``*307*``
XML, loose or in a zip, any number of clients per message) and the ledger with ``pandas.read_csv``, and computes
per gemeente and for all gemeenten together (REGIO), per calendar year, wet 'totaal' (definitions in
dbt_project/models/marts and docs/indicators.md):

- clienten: unique clients (BSN) with care at some time in the year (the noemer of kosten_per_client);
- wachttijd_mediaan: median days from the toewijzing's Ingangsdatum (301) to its first Begindatum (305), negative
  as 0, over the toewijzingen whose care started in the year;
- beeindigd_volgens_plan: of the care that stopped in the year for an outcome reason, the percentage that ended as
  planned (outcome of each reason from the seed reden_beeindiging);
- geen_nieuwe_start_6m: of the jeugdhulp that stopped in the year (not jeugdbescherming/-reclassering, not an
  administrative end), the percentage whose client started no new jeugdhulp within 6 months; only years whose
  6 months lie within the start messages;
- kosten_per_client: the ledger's lasten on the wet's Iv3 taakvelden (seed iv3_taakvelden) in the year / clienten.

Where the analyst's script differs from the pipeline, by design (it is the simple version):
- it counts per toewijzing, not per traject: the pipeline chains adjoining toewijzingen of one client, aanbieder
  and productcategorie into one CBS traject, so a renewal here is a stop plus a new start (lower volgens plan and
  geen nieuwe start, more stops);
- a deletion (StatusAanlevering 3) is dropped, but the start or stop it deletes is kept;
- there is no quality gate: rows the pipeline quarantines are counted; ledger re-deliveries are summed, not
  replaced.
The comparison with the pipeline's exact values (serving.fct_indicator_values in the warehouse, before small-cell
protection) is printed to stderr.
"""

from __future__ import annotations

import re
import sys
import time
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pandas as pd

from benchmarks.meting import BenchContext, Meting

SEEDS = Path(__file__).resolve().parents[1] / "dbt_project" / "seeds"
BERICHT = re.compile(r"(?:jw|wmo)(301|305|307)", re.IGNORECASE)
PRODUCT = {
    "301": "{*}ToegewezenProducten/{*}ToegewezenProduct",
    "305": "{*}StartProducten/{*}StartProduct",
    "307": "{*}StopProducten/{*}StopProduct",
}
VELDEN = {
    "301": {
        "toewijzingnummer": "{*}ToewijzingNummer",
        "categorie": "{*}Product/{*}Categorie",
        "toewijzingsdatum": "{*}Toewijzingsdatum",
        "toewijzingstijd": "{*}Toewijzingstijd",
        "ingangsdatum": "{*}Ingangsdatum",
        "toewijzing_einde": "{*}Einddatum",
        "reden_wijziging": "{*}RedenWijziging",
    },
    "305": {
        "toewijzingnummer": "{*}ToewijzingNummer",
        "categorie": "{*}Product/{*}Categorie",
        "code": "{*}Product/{*}Code",
        "begindatum": "{*}Begindatum",
        "status": "{*}StatusAanlevering",
    },
    "307": {
        "toewijzingnummer": "{*}ToewijzingNummer",
        "code": "{*}Product/{*}Code",
        "begindatum": "{*}Begindatum",
        "stop": "{*}Einddatum",
        "reden": "{*}RedenBeeindiging",
        "status": "{*}StatusAanlevering",
    },
}
KOP = ["wet", "gemeentecode", "aanbieder", "bsn", "dagtekening"]
DATUMS = {"dagtekening", "toewijzingsdatum", "ingangsdatum", "toewijzing_einde", "begindatum", "stop"}
TOEWIJZING = ["wet", "gemeentecode", "toewijzingnummer"]
NAKIJKEN = pd.DateOffset(months=6)
GEEN_JEUGDHULP = ["47", "48", "49"]  # jeugdbescherming, jeugdreclassering (JZ020)
ADMINISTRATIEF = ["02", "36", "37", "38"]  # JZ588 ends that continue the help elsewhere
VERGELIJK = ("clienten", "wachttijd_mediaan", "beeindigd_volgens_plan", "geen_nieuwe_start_6m", "kosten_per_client")


def meet(ctx: BenchContext) -> list[Meting]:
    start = time.perf_counter()
    uitkomst = bereken(ctx.bronnen)
    seconden = time.perf_counter() - start
    pijplijn = ctx.gemeten["pijplijn_s"]
    verschil = vergelijk(uitkomst, ctx.werkmap / "home" / "data" / "warehouse.duckdb")
    print(verschil.to_string(index=False), file=sys.stderr)
    ratio = seconden / pijplijn
    return [
        Meting(
            4,
            "The alternative: pandas script",
            seconden,
            "s",
            pijplijn,
            "full pipeline load",
            ratio,
            ">= 10 (at land)",
            ratio >= 10,
            "pandas time / pipeline time; the pipeline also loads every other source and 40 more indicators. "
            + samenvatting(verschil),
        )
    ]


def bereken(bronnen: Path) -> pd.DataFrame:
    """The analyst's script: read the sources, return gemeentecode, jaar, indicator, waarde."""
    berichten = lees_berichten(bronnen)
    grootboek = lees_grootboek(sorted(bronnen.rglob("grootboek*.csv")))
    return indicatoren(berichten["301"], berichten["305"], berichten["307"], grootboek)


def lees_berichten(map_: Path) -> dict[str, pd.DataFrame]:
    """One row per product of every 301, 305 and 307 message under map_, with its header's fields.

    A frame per file, so only one file's rows are ever Python tuples (pandas' own string columns are compact).
    """
    delen: dict[str, list[pd.DataFrame]] = {code: [] for code in PRODUCT}
    for pad in sorted(map_.rglob("*")):
        rijen: dict[str, list[tuple]] = {code: [] for code in PRODUCT}
        if pad.suffix.lower() == ".zip":
            with zipfile.ZipFile(pad) as z:
                for naam in z.namelist():
                    if soort := BERICHT.search(f"{pad.name}/{naam}"):
                        lees_bericht(z.read(naam), soort.group(1), rijen[soort.group(1)])
        elif pad.suffix.lower() == ".xml" and (soort := BERICHT.search(pad.name)):
            lees_bericht(pad.read_bytes(), soort.group(1), rijen[soort.group(1)])
        for code, lijst in rijen.items():
            if lijst:
                delen[code].append(_frame(code, lijst))
    return {
        code: pd.concat(frames, ignore_index=True) if frames else _frame(code, []) for code, frames in delen.items()
    }


def _frame(code: str, rijen: list[tuple]) -> pd.DataFrame:
    df = pd.DataFrame(rijen, columns=KOP + list(VELDEN[code]), dtype="str")
    for kolom in DATUMS.intersection(df.columns):
        df[kolom] = pd.to_datetime(df[kolom], format="%Y-%m-%d", errors="coerce")
    return df


def lees_bericht(xml: bytes, code: str, rijen: list[tuple]) -> None:
    root = ET.fromstring(xml)
    wet = "jeugd" if "/ijw/" in root.tag else "wmo"
    afzender = root.findtext("{*}Header/{*}Afzender")
    ontvanger = root.findtext("{*}Header/{*}Ontvanger")
    dagtekening = root.findtext("{*}Header/{*}BerichtIdentificatie/{*}Dagtekening")
    # A 301 goes from gemeente to aanbieder, a 305/307 back.
    gemeente, aanbieder = (afzender, ontvanger) if code == "301" else (ontvanger, afzender)
    for client in root.iterfind("{*}Client"):
        bsn = client.findtext("{*}Bsn")
        for product in client.iterfind(PRODUCT[code]):
            velden = tuple(product.findtext(pad) for pad in VELDEN[code].values())
            rijen.append((wet, f"GM{gemeente}", aanbieder, bsn, dagtekening, *velden))


def lees_grootboek(bestanden: list[Path]) -> pd.DataFrame:
    """The ledger's lines with the wet of their taakveld (jeugd or wmo; other taakvelden dropped)."""
    delen = [
        pd.read_csv(f, sep=";", decimal=",", encoding="cp1252", dtype={"Gemeentecode": str, "Taakveld": str})
        for f in bestanden
    ]
    grootboek = pd.concat(delen, ignore_index=True)
    taakvelden = pd.read_csv(SEEDS / "iv3_taakvelden.csv", dtype={"taakveld": str})
    grootboek = grootboek.merge(
        taakvelden, left_on=["Boekjaar", "Taakveld"], right_on=["boekjaar", "taakveld"], how="inner"
    )
    grootboek = grootboek[grootboek["wet"].isin(["jeugd", "wmo"])]
    return pd.DataFrame(
        {"gemeentecode": "GM" + grootboek["Gemeentecode"], "jaar": grootboek["Boekjaar"], "bedrag": grootboek["Bedrag"]}
    )


def indicatoren(b301: pd.DataFrame, b305: pd.DataFrame, b307: pd.DataFrame, grootboek: pd.DataFrame) -> pd.DataFrame:
    z = zorg(b301, b305, b307)
    jaren = range(int(z["start"].dt.year.min()), int(z["start"].dt.year.max()) + 1)
    clienten = aantal_clienten(z, jaren)
    lasten = _met_regio(grootboek, "jaar", lambda g: g["bedrag"].sum())
    kosten = clienten.merge(lasten, on=["gemeentecode", "jaar"])
    kosten["waarde"] = kosten["waarde_y"] / kosten["waarde_x"]
    delen = [
        clienten.assign(indicator="clienten"),
        wachttijd_mediaan(z),
        volgens_plan(z),
        geen_nieuwe_start(z, b305["dagtekening"].max()),
        kosten[["gemeentecode", "jaar", "waarde"]].assign(indicator="kosten_per_client"),
    ]
    return pd.concat(delen, ignore_index=True)[["gemeentecode", "jaar", "indicator", "waarde"]]


def zorg(b301: pd.DataFrame, b305: pd.DataFrame, b307: pd.DataFrame) -> pd.DataFrame:
    """One row per toewijzing that started (and per taakgericht start): start, stop, reason, end of care."""
    toewijzingen = b301.sort_values(["toewijzingsdatum", "toewijzingstijd", "dagtekening"]).drop_duplicates(
        TOEWIJZING, keep="last"
    )
    toewijzingen = toewijzingen[toewijzingen["reden_wijziging"] != "13"]  # 13: the toewijzing was withdrawn
    starts = b305[b305["status"] == "1"]
    stops = b307[b307["status"] == "1"]
    met_nummer = starts["toewijzingnummer"].notna()
    eerste = starts[met_nummer].groupby(TOEWIJZING, as_index=False)["begindatum"].min()
    laatste = stops[stops["toewijzingnummer"].notna()].sort_values("stop").drop_duplicates(TOEWIJZING, keep="last")
    met_toewijzing = toewijzingen.merge(eerste, on=TOEWIJZING).merge(
        laatste[[*TOEWIJZING, "stop", "reden"]], on=TOEWIJZING, how="left"
    )
    met_toewijzing["einde"] = met_toewijzing["stop"].fillna(met_toewijzing["toewijzing_einde"])
    sleutel = ["wet", "gemeentecode", "aanbieder", "bsn", "code", "begindatum"]
    taakgericht = starts[~met_nummer].merge(
        stops[stops["toewijzingnummer"].isna()][[*sleutel, "stop", "reden"]], on=sleutel, how="left"
    )
    taakgericht["einde"] = taakgericht["stop"]
    taakgericht["ingangsdatum"] = pd.NaT  # taakgericht care has no toewijzing to wait from
    kolommen = ["wet", "gemeentecode", "bsn", "categorie", "ingangsdatum", "begindatum", "stop", "reden", "einde"]
    samen = pd.concat([met_toewijzing.reindex(columns=kolommen), taakgericht.reindex(columns=kolommen)])
    return samen.rename(columns={"begindatum": "start"}).reset_index(drop=True)


def aantal_clienten(z: pd.DataFrame, jaren: range) -> pd.DataFrame:
    """Unique clients with care at some time in each year."""
    delen = []
    for jaar in jaren:
        begin, eind = pd.Timestamp(jaar, 1, 1), pd.Timestamp(jaar, 12, 31)
        in_zorg = z[(z["start"] <= eind) & (z["einde"].isna() | (z["einde"] >= begin))]
        delen.append(_met_regio(in_zorg.assign(jaar=jaar), "jaar", lambda g: g["bsn"].nunique()))
    return pd.concat(delen, ignore_index=True)


def wachttijd_mediaan(z: pd.DataFrame) -> pd.DataFrame:
    gestart = z[z["ingangsdatum"].notna()]
    gestart = gestart.assign(
        jaar=gestart["start"].dt.year, wachtdagen=(gestart["start"] - gestart["ingangsdatum"]).dt.days.clip(lower=0)
    )
    return _met_regio(gestart, "jaar", lambda g: g["wachtdagen"].median()).assign(indicator="wachttijd_mediaan")


def volgens_plan(z: pd.DataFrame) -> pd.DataFrame:
    redenen = pd.read_csv(SEEDS / "reden_beeindiging.csv", dtype=str)
    gestopt = z[z["stop"].notna()].merge(redenen, left_on=["wet", "reden"], right_on=["wet", "code"])
    gestopt = gestopt[gestopt["uitkomst"].isin(["volgens_plan", "uitval"])]
    gestopt = gestopt.assign(jaar=gestopt["stop"].dt.year)
    percentage = _met_regio(gestopt, "jaar", lambda g: 100 * (g["uitkomst"] == "volgens_plan").mean())
    return percentage.assign(indicator="beeindigd_volgens_plan")


def geen_nieuwe_start(z: pd.DataFrame, data_einde: pd.Timestamp) -> pd.DataFrame:
    jeugdhulp = z[(z["wet"] == "jeugd") & ~z["categorie"].isin(GEEN_JEUGDHULP)]
    einden = jeugdhulp[jeugdhulp["stop"].notna() & ~jeugdhulp["reden"].isin(ADMINISTRATIEF)]
    paren = einden[["bsn", "stop"]].reset_index().merge(jeugdhulp[["bsn", "start"]], on="bsn")
    opnieuw = paren[(paren["start"] > paren["stop"]) & (paren["start"] <= paren["stop"] + NAKIJKEN)]
    einden = einden.assign(jaar=einden["stop"].dt.year, zonder=~einden.index.isin(opnieuw["index"]))
    # A year counts only once its last end's 6 months are all in the start messages.
    einden = einden[[pd.Timestamp(j, 12, 31) + NAKIJKEN <= data_einde for j in einden["jaar"]]]
    return _met_regio(einden, "jaar", lambda g: 100 * g["zonder"].mean()).assign(indicator="geen_nieuwe_start_6m")


def _met_regio(df: pd.DataFrame, jaar: str, waarde) -> pd.DataFrame:
    """waarde(group) per gemeente and year, and over all gemeenten as 'REGIO'."""
    kolommen = ["gemeentecode", "jaar", "waarde"]
    if df.empty:
        return pd.DataFrame(columns=kolommen)
    per_gemeente = df.groupby(["gemeentecode", jaar]).apply(waarde, include_groups=False).rename("waarde")
    regio = df.groupby(jaar).apply(waarde, include_groups=False).rename("waarde")
    per_gemeente = per_gemeente.reset_index().rename(columns={jaar: "jaar"})
    regio = regio.reset_index().rename(columns={jaar: "jaar"}).assign(gemeentecode="REGIO")
    return pd.concat([per_gemeente, regio], ignore_index=True)[kolommen]


def vergelijk(analist: pd.DataFrame, warehouse: Path, gemeenten: int = 3) -> pd.DataFrame:
    """The analyst's values beside the pipeline's for REGIO and the first gemeenten, in the latest year that has
    all five indicators: indicator, gemeentecode, jaar, pandas, pijplijn, verschil_pct.

    The pipeline's values are the exact ones (serving.fct_indicator_values in the warehouse) that the snapshot
    publishes after small-cell protection, so a difference is one of definition, not of rounding to 5.
    """
    import duckdb

    with duckdb.connect(str(warehouse), read_only=True) as con:
        pijplijn = con.sql(
            "select indicator_id as indicator, gemeentecode, year(periode) as jaar, waarde "
            "from serving.fct_indicator_values "
            "where periode_type = 'jaar' and dimensie = 'totaal' and wijkcode is null and indicator_id in $ids "
            "union all select 'clienten', gemeentecode, year(periode), noemer from serving.fct_indicator_values "
            "where indicator_id = 'kosten_per_client' and periode_type = 'jaar' and dimensie = 'totaal' "
            "and wijkcode is null",
            params={"ids": list(VERGELIJK)},
        ).df()
    samen = analist.merge(pijplijn, on=["indicator", "gemeentecode", "jaar"], suffixes=("_pandas", "_pijplijn"))
    jaar = samen.groupby("jaar")["indicator"].nunique()
    jaar = jaar[jaar == len(VERGELIJK)].index.max()
    codes = ["REGIO", *sorted(set(samen["gemeentecode"]) - {"REGIO"})[:gemeenten]]
    gekozen = samen[(samen["jaar"] == jaar) & samen["gemeentecode"].isin(codes)].copy()
    gekozen["verschil_pct"] = 100 * (gekozen["waarde_pandas"] / gekozen["waarde_pijplijn"] - 1)
    gekozen = gekozen.rename(columns={"waarde_pandas": "pandas", "waarde_pijplijn": "pijplijn"})
    return gekozen.sort_values(["indicator", "gemeentecode"])[
        ["indicator", "gemeentecode", "jaar", "pandas", "pijplijn", "verschil_pct"]
    ]


def samenvatting(verschil: pd.DataFrame) -> str:
    """One line: per indicator the analyst's difference for REGIO."""
    regio = verschil[verschil["gemeentecode"] == "REGIO"]
    if regio.empty:
        return "No values to compare with the pipeline's."
    delen = [f"{r.indicator} {r.verschil_pct:+.1f}%" for r in regio.itertuples()]
    return f"pandas against the pipeline, REGIO {int(regio['jaar'].iloc[0])}: " + ", ".join(delen) + "."
