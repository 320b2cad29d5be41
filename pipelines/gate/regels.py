"""Every rule of the delivery gate as one object: name, Dutch title and explanation, where it comes from,
which sources it judges, its threshold and, for the rules that are one query, its SQL.

The Datakwaliteit page, the gate's messages and the evaluation (poort.py) all read this catalogue. A check
name without an entry still works and is shown by its technical name.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from pipelines.config import DBT_PROJECT_DIR, REFERENCE_DIR
from pipelines.gate.staten import Poort, Status

# Share of a delivery's rows that may break a rule comparing it with other deliveries.
MAX_AFWIJKEND_AANDEEL = 0.01
# The gemeente rejects over-declarations in its 325 answer; only a systematic pattern stops a delivery.
MAX_TE_VEEL_GEDECLAREERD = 0.05
# A month with fewer rows than this fraction of the median of the three months before, and of the same
# month a year earlier, is a collapse.
MIN_VOLUME_FACTOR = 0.5
MIN_VOLUME_BASIS = 100  # below this median a series is too small to judge
# Ledger spend per provider and year may differ this much from the granted 325 amounts.
AFSTEMMING_TOLERANTIE = 0.02

TAAKVELDEN_CSV = DBT_PROJECT_DIR / "seeds" / "iv3_taakvelden.csv"
# Taakveld x categorie cells of the lasten that Iv3 forbids, per boekjaar (CBS iv3_definities).
GRIJZE_CELLEN_CSV = REFERENCE_DIR / "cbs" / "iv3_grijze_cellen_lasten.csv"


# -- SQL fragments every rule uses: which deliveries it judges, and which it may compare with ------------


def run_leveringen(bron: str) -> str:
    """This run's stored deliveries of a source ($run_id)."""
    return (
        f"select load_id from meta.loads where run_id = $run_id and bron = '{bron}' and status <> '{Status.REJECTED}'"
    )


def doorgelaten_leveringen() -> str:
    """Deliveries that passed the gate (the Python twin of the dbt macro doorgelaten())."""
    return f"select load_id from meta.loads where poort = '{Poort.DOORGELATEN}'"


def bekende_leveringen(bron: str) -> str:
    """Deliveries a new one may refer to: everything that passed the gate, plus this run's."""
    return f"select load_id from meta.loads where poort = '{Poort.DOORGELATEN}' or load_id in ({run_leveringen(bron)})"


def laatste_toewijzingen(bron: str) -> str:
    """The latest version of every known toewijzing (IV013), removals (RedenWijziging 13) included."""
    return (
        f"select * from raw.berichten_toewijzing where _load_id in ({bekende_leveringen(bron)}) "
        "qualify row_number() over (partition by wet, gemeentecode, toewijzingnummer "
        "order by toewijzingsdatum desc, toewijzingstijd desc) = 1"
    )


@dataclass(frozen=True)
class Regel:
    """One gate rule.

    A rule with `sql` is evaluated the same way for every source it judges: `sql(bron)` selects the rows
    of this run's deliveries it looks at, `fout` marks those at fault. Without `drempel` no row may be at
    fault (the finding counts rows); with it, at most that share (the finding is the share). Rules without
    `sql` need more than one query and are evaluated by name in poort.py; their entry still says what they
    mean and what their threshold is.
    """

    naam: str
    titel: str
    uitleg: str  # plain Dutch for the data steward
    herkomst: str  # the standard, instruction or agreement behind the rule
    bronnen: tuple[str, ...] = ()
    drempel: float | None = None
    sql: Callable[[str], str] | None = field(default=None, repr=False)
    fout: str = "true"
    melding: str = ""  # what the rows at fault are, after their number
    drempel_per_bron: Mapping[str, float] = field(default_factory=dict)

    def drempel_voor(self, bron: str) -> float | None:
        return self.drempel_per_bron.get(bron, self.drempel)


def _taakveld_sql(bron: str) -> str:
    jaar = {"grootboek": "boekjaar", "begroting": "begrotingsjaar"}[bron]
    return (
        f"select r.taakveld, t.taakveld as bestaat from raw.{bron} r left join "
        f"(select distinct taakveld, boekjaar::integer as jaar from read_csv('{TAAKVELDEN_CSV}', all_varchar=true)) t "
        f"on t.taakveld = r.taakveld and t.jaar = r.{jaar} where r._load_id in ({run_leveringen(bron)})"
    )


def _volume_sql(bron: str) -> str:
    """Declared volume against the volume the toewijzing allows in the product period (IV077).

    Per week: the calendar weeks of the period within the toewijzing (inspanningsgericht), or the Sundays
    plus one (outputgericht); the variant is not in the message, so the larger of the two is allowed.
    Per day: days of the period. Per month: the month's volume. Total: the whole volume. Euro amounts
    (eenheid 83) are in cents on both sides (IV042).
    """
    return f"""
        with p as (
            select d.geleverd_volume, d.eenheid <> t.eenheid as eenheid_afwijkend, t.volume, t.frequentie,
                   greatest(d.productperiode_begin, t.ingangsdatum) as van,
                   least(d.productperiode_eind, coalesce(t.einddatum, d.productperiode_eind)) as tot
            from raw.berichten_declaratie d
            join ({laatste_toewijzingen(bron)}) t using (wet, gemeentecode, toewijzingnummer)
            where d._load_id in ({run_leveringen(bron)}) and t.volume is not null and d.geleverd_volume is not null
        )
        select geleverd_volume, eenheid_afwijkend,
            case frequentie
                when '1' then volume * (datediff('day', van, tot) + 1)
                when '2' then volume * greatest(
                    datediff('week', date_trunc('week', van), date_trunc('week', tot)) + 1,
                    datediff('week', van - interval 1 day, tot) + 1)
                else volume
            end as toegestaan
        from p
        where van <= tot
    """


_REGELS = (
    Regel(
        "quarantaine_aandeel",
        "Afgekeurde regels in quarantaine",
        "Een paar foute regels gaan in quarantaine en de rest wordt geladen. Is het aandeel foute regels "
        "groter dan de drempel, dan is de hele levering verdacht (bijvoorbeeld een kapotte export) en "
        "houden we haar tegen.",
        "Stuurwiel-poort: drempel per bron",
        bronnen=("*",),
        drempel=0.02,
        drempel_per_bron={"berichten": 0.05, "grootboek": 0.02, "begroting": 0.0, "cbs_kwb": 0.01},
    ),
    Regel(
        "toewijzing_periode",
        "Toewijzing eindigt voor de ingangsdatum",
        "Een toewijzing kan niet eindigen voordat zij begint.",
        "iJw/iWmo: Einddatum >= Ingangsdatum",
        ("berichten",),
        sql=lambda b: (
            f"select einddatum, ingangsdatum from raw.berichten_toewijzing where _load_id in ({run_leveringen(b)})"
        ),
        fout="einddatum < ingangsdatum",
        melding="toewijzingen eindigen voor hun ingangsdatum",
    ),
    Regel(
        "declaratieperiode_een_maand",
        "Declaratie over meer dan één maand",
        "Een prestatie in een declaratie mag hooguit één kalendermaand beslaan.",
        "iJw/iWmo invulinstructie IV076",
        ("berichten",),
        sql=lambda b: (
            f"select productperiode_begin, productperiode_eind from raw.berichten_declaratie "
            f"where _load_id in ({run_leveringen(b)})"
        ),
        fout="date_trunc('month', productperiode_begin) <> date_trunc('month', productperiode_eind)",
        melding="prestaties beslaan meer dan één kalendermaand (IV076)",
    ),
    Regel(
        "eenheid_frequentie",
        "Eenheid en frequentie passen niet bij elkaar",
        "Bij de eenheden etmaal, dagdeel, euro en stuks (inspanning) moet de frequentie per week, per maand "
        "of totaal binnen de geldigheidsduur zijn.",
        "iJw/iWmo constraint CS338",
        ("berichten",),
        drempel=0.0,
        sql=lambda b: (
            f"select eenheid, frequentie, einddatum from raw.berichten_toewijzing "
            f"where _load_id in ({run_leveringen(b)})"
        ),
        fout="eenheid in ('14', '16', '83', '84') and coalesce(einddatum, date '9999-12-31') > date '2020-12-31' "
        "and coalesce(frequentie, '') not in ('2', '4', '6')",
        melding="toewijzingen met een niet toegestane combinatie van eenheid en frequentie (CS338)",
    ),
    Regel(
        "start_stop_bekende_toewijzing",
        "Start of stop bij een onbekende toewijzing",
        "Een start- of stopbericht (305/307) moet verwijzen naar een toewijzing (301) die de gemeente heeft verstuurd.",
        "iJw/iWmo invulinstructie IV066",
        ("berichten",),
        drempel=MAX_AFWIJKEND_AANDEEL,
        sql=lambda b: (
            f"select s.toewijzingnummer, t.toewijzingnummer as bekend from ("
            "  select wet, gemeentecode, toewijzingnummer from raw.berichten_start "
            f"where _load_id in ({run_leveringen(b)})"
            f"  union all select wet, gemeentecode, toewijzingnummer from raw.berichten_stop "
            f"  where _load_id in ({run_leveringen(b)})"
            f") s left join ({laatste_toewijzingen(b)}) t using (wet, gemeentecode, toewijzingnummer) "
            "where s.toewijzingnummer is not null"
        ),
        fout="bekend is null",
        melding="start- en stopberichten verwijzen naar een onbekende toewijzing",
    ),
    Regel(
        "declaratie_binnen_toewijzing",
        "Declaratie buiten de toewijzing",
        "Een gedeclareerde prestatie (323) moet binnen de looptijd van een bestaande, niet verwijderde "
        "toewijzing vallen.",
        "iJw/iWmo invulinstructies IV084 en IV013 (RedenWijziging 13)",
        ("berichten",),
        drempel=MAX_AFWIJKEND_AANDEEL,
        sql=lambda b: (
            f"select d.productperiode_begin, d.productperiode_eind, t.ingangsdatum, t.einddatum, t.reden_wijziging "
            f"from raw.berichten_declaratie d left join ({laatste_toewijzingen(b)}) t "
            f"using (wet, gemeentecode, toewijzingnummer) "
            f"where d._load_id in ({run_leveringen(b)}) and d.toewijzingnummer is not null"
        ),
        fout="ingangsdatum is null or reden_wijziging = '13' or productperiode_begin < ingangsdatum "
        "or productperiode_eind > coalesce(einddatum, date '9999-12-31')",
        melding="prestaties vallen buiten hun toewijzing of verwijzen naar een onbekende of verwijderde",
    ),
    Regel(
        "volume_binnen_toewijzing",
        "Meer gedeclareerd dan toegewezen",
        "Het gedeclareerde volume in een maand mag niet groter zijn dan wat de toewijzing in die periode "
        "toestaat, in dezelfde eenheid.",
        "iJw/iWmo invulinstructie IV077, technische regel TR321",
        ("berichten",),
        drempel=MAX_TE_VEEL_GEDECLAREERD,
        sql=_volume_sql,
        fout="geleverd_volume > toegestaan or eenheid_afwijkend",
        melding="prestaties declareren meer dan toegewezen of in een andere eenheid (IV077, TR321)",
    ),
    Regel(
        "antwoord_bij_bekende_declaratie",
        "Declaratie-antwoord zonder declaratie",
        "Een declaratie-antwoord (325) moet bij een ontvangen declaratie (323) horen.",
        "iJw: DeclaratieIdentificatie in JW325",
        ("berichten",),
        drempel=MAX_AFWIJKEND_AANDEEL,
        sql=lambda b: (
            # A message number is unique per sender (aanbieder) only: match on who sent it to whom too.
            f"select a.declaratie_identificatie, d.bericht_id from raw.berichten_declaratie_antwoord a "
            f"left join (select distinct wet, gemeentecode, aanbieder, bericht_id from raw.berichten_declaratie "
            f"where _load_id in ({bekende_leveringen(b)})) d on d.wet = a.wet and d.gemeentecode = a.gemeentecode "
            f"and d.aanbieder = a.aanbieder and d.bericht_id = a.declaratie_identificatie "
            f"where a._load_id in ({run_leveringen(b)})"
        ),
        fout="bericht_id is null",
        melding="declaratie-antwoorden (325) verwijzen naar een onbekende declaratie (323)",
    ),
    Regel(
        "taakveld_geldig_in_jaar",
        "Taakveld bestaat niet in dat jaar",
        "Elke boeking en begrotingsregel moet op een Iv3-taakveld staan dat in dat boekjaar bestaat. De "
        "taakveldindeling is in 2023 en in 2025 gewijzigd.",
        "Iv3 taakveldenlijst per boekjaar (CBS)",
        ("grootboek", "begroting"),
        sql=_taakveld_sql,
        fout="bestaat is null",
        melding="regels op een taakveld dat in dat jaar niet bestaat (Iv3)",
    ),
    Regel(
        "grijze_cel",
        "Boeking in een grijze cel",
        "Iv3 verbiedt sommige combinaties van taakveld en economische categorie (grijze cellen), "
        "bijvoorbeeld salarissen op een taakveld waar geen personeel kan zijn. Zo'n boeking is bijna altijd "
        "een codeerfout in de financiële administratie.",
        "Iv3 grijze cellen per boekjaar (CBS iv3_definities)",
        ("grootboek",),
        sql=lambda b: (
            f"select exists (select 1 from read_csv('{GRIJZE_CELLEN_CSV}', all_varchar=true) c "
            "where c.boekjaar::integer = r.boekjaar and c.taakveld = r.taakveld "
            "and c.categorie = r.categorie) as grijs "
            f"from raw.grootboek r where r._load_id in ({run_leveringen(b)})"
        ),
        fout="grijs",
        melding="boekingen in een grijze cel: een categorie die op dat taakveld niet mag (Iv3)",
    ),
    Regel(
        "afstemming_grootboek_325",
        "Grootboek sluit niet aan op toegekende declaraties",
        "Per aanbieder en jaar moeten de lasten in het grootboek overeenkomen met de bedragen die de "
        "gemeente in de declaratie-antwoorden (325) heeft toegekend, binnen de tolerantie.",
        "Stuurwiel-afstemming jeugd, inspannings- en outputgericht",
        ("grootboek",),
        drempel=AFSTEMMING_TOLERANTIE,
    ),
    Regel(
        "volume:",
        "Ingestorte levering",
        "Een maand in deze levering heeft veel minder regels dan de drie maanden ervoor (minder dan de helft "
        "van de mediaan): vaak een onvolledige export.",
        "Stuurwiel-poort: volumecontrole per maand",
        ("*",),
        drempel=MIN_VOLUME_FACTOR,
    ),
    Regel(
        "gx:",
        "Great Expectations-controle",
        "Een verwachting uit de suite van deze bron (kolommen, verplichte velden, codelijsten, bereik van "
        "bedragen en datums) is niet gehaald.",
        "expectations/ (Great Expectations)",
        ("*",),
        drempel=0.0,
    ),
    Regel(
        "handmatig_geaccepteerd",
        "Handmatig geaccepteerd",
        "Een beheerder heeft deze levering ondanks de bevindingen vrijgegeven, met een reden.",
        "stuurwiel accept",
    ),
)

# naam -> rule; a name ending in ':' is a family of checks ('volume:<tabel>', 'gx:<verwachting>:<kolom>').
REGELS: dict[str, Regel] = {r.naam: r for r in _REGELS}


def regel(naam: str) -> Regel | None:
    """The rule behind a check name, families included."""
    if naam in REGELS:
        return REGELS[naam]
    return next((r for r in _REGELS if r.naam.endswith(":") and naam.startswith(r.naam)), None)


def sql_regels(bron: str) -> list[Regel]:
    """The one-query rules that judge a source, in catalogue order."""
    return [r for r in _REGELS if r.sql is not None and bron in r.bronnen]


def beschrijving(naam: str) -> tuple[str, str, str]:
    """(titel, uitleg, herkomst) for a check name; the quality snapshot calls the last one `regel`."""
    r = regel(naam)
    if r is None:
        return naam, "", ""
    titel = f"{r.titel}: {naam[len(r.naam) :]}" if r.naam.endswith(":") else r.titel
    return titel, r.uitleg, r.herkomst


def titel(naam: str) -> str:
    return beschrijving(naam)[0]
