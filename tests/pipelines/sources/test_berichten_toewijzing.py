"""The messages about toewijzingen read into rows: 301, 305, 307, 315, 317, 319."""

from datetime import date, time

from lxml import etree

from pipelines.sources import berichten
from tests.pipelines.sources.berichten_files import (
    JW315,
    PSEUDONYMISER,
    VOORBEELDEN,
    as_iwmo,
    example,
    line_of,
    rows,
    xsd,
)
from tests.pipelines.sources.files import assert_counts_add_up, write


def test_jw301_toewijzing_values():
    data = example("JW301")
    result = berichten.read(VOORBEELDEN / "JW301.xml", PSEUDONYMISER)
    first, second = rows(result, "berichten_toewijzing")
    assert first == {
        "wet": "jeugd",
        "gemeentecode": "GM0384",
        "aanbieder": "42420001",
        "bericht_id": "123456789012",
        "dagtekening": date(2026, 4, 1),
        "client_id": PSEUDONYMISER.pseudonym("999900006"),
        "geboortemaand": date(2010, 2, 1),  # the client's birth month (born 14-02-2010), not a Relatie's
        "geslacht": "1",
        "toewijzingnummer": "300201",
        "referentie_aanbieder": "40A12341234",
        "productcategorie": "55",
        "productcode": "55A11",
        "toewijzingsdatum": date(2026, 4, 1),
        "toewijzingstijd": time(12, 34, 56),
        "ingangsdatum": date(2026, 4, 1),
        "einddatum": date(2026, 7, 14),
        "volume": 2,
        "eenheid": "04",
        "frequentie": "2",
        "budget_cent": None,
        "reden_wijziging": None,
        "_bestand": str(VOORBEELDEN / "JW301.xml"),
        "_regel": line_of(data, b"<jw301:ToegewezenProduct>"),
    }
    assert (second["toewijzingnummer"], second["productcode"], second["eenheid"]) == ("300202", "55A12", "16")
    assert second["einddatum"] == date(2026, 7, 19)
    assert second["_regel"] == line_of(data, b"<jw301:ToegewezenProduct>", 1)


def test_jw301_budget_and_reden_wijziging_in_cents(tmp_path):
    data = example("JW301").replace(
        b"<jw301:Commentaar>Commentaar Toegewezen Product 1",
        b"<jw301:Budget>125050</jw301:Budget><jw301:RedenWijziging>04</jw301:RedenWijziging>"
        b"<jw301:Commentaar>Commentaar Toegewezen Product 1",
    )
    result = berichten.read(write(tmp_path, "budget.xml", data), PSEUDONYMISER)
    first = rows(result, "berichten_toewijzing")[0]
    assert (first["budget_cent"], first["reden_wijziging"]) == (125050, "04")


def test_jw305_start_values():
    result = berichten.read(VOORBEELDEN / "JW305.xml", PSEUDONYMISER)
    first, second = rows(result, "berichten_start")
    assert (first["gemeentecode"], first["aanbieder"], first["bericht_id"]) == ("GM0363", "65656055", "123456789012")
    assert first["dagtekening"] == date(2026, 4, 15)
    assert first["toewijzingnummer"] == "300201"
    assert first["toewijzing_ingangsdatum"] == date(2026, 4, 1)
    assert (first["productcategorie"], first["productcode"]) == ("55", "55A11")
    assert first["begindatum"] == date(2026, 4, 3)
    assert second["begindatum"] == date(2026, 4, 15)
    assert first["status_aanlevering"] == "1"
    assert first["client_id"] == PSEUDONYMISER.pseudonym("999900006")


def test_jw307_stop_values():
    result = berichten.read(VOORBEELDEN / "JW307.xml", PSEUDONYMISER)
    first, second = rows(result, "berichten_stop")
    assert first["toewijzingnummer"] == "300201" and second["toewijzingnummer"] == "300202"
    assert first["begindatum"] == date(2026, 4, 3)
    assert first["einddatum"] == second["einddatum"] == date(2026, 7, 17)
    assert first["reden_beeindiging"] == "31"
    assert first["gemeentecode"] == "GM0363"


def test_taakgericht_start_without_toewijzingnummer_loads(tmp_path):
    # Taakgericht care has no toewijzing per client (IV096): the 305 carries no ToewijzingNummer.
    data = example("JW305")
    number = data.split(b"<jw305:ToewijzingNummer>")[1].split(b"</jw305:ToewijzingNummer>")[0]
    stripped = data.replace(b"<jw305:ToewijzingNummer>" + number + b"</jw305:ToewijzingNummer>", b"", 1)
    result = berichten.read(write(tmp_path, "taakgericht.xml", stripped), PSEUDONYMISER)
    assert result.quarantine == []
    starts = rows(result, "berichten_start")
    assert [s["toewijzingnummer"] for s in starts].count(None) == 1


def test_jw315_built_from_the_xsd_is_valid_and_loads(tmp_path):
    schema = xsd("JW315")
    assert schema.validate(etree.fromstring(JW315)), schema.error_log
    path = write(tmp_path, "JW315.xml", JW315)
    assert berichten.detect(path, JW315[:2048])
    result = berichten.read(path, PSEUDONYMISER)
    assert_counts_add_up(result)
    assert result.rows_in == 2 and not result.quarantine
    first, second = rows(result, "berichten_verzoek_toewijzing")
    assert first == {
        "wet": "jeugd",
        "gemeentecode": "GM0384",  # Ontvanger: the aanbieder sends the request
        "aanbieder": "65656055",
        "bericht_id": "315000001",
        "dagtekening": date(2026, 3, 10),
        "client_id": PSEUDONYMISER.pseudonym("999900006"),
        "geboortemaand": date(2010, 2, 1),  # born 14-02-2010: only the month is kept
        "referentie_aanbieder": "VOT-1",
        "beschikkingnummer": "2026017",
        "beschikking_ingangsdatum": date(2026, 3, 1),
        "verwijzer_type": "02",
        "productcategorie": "45",
        "productcode": "45A03",
        "toewijzing_ingangsdatum": date(2026, 4, 1),
        "toewijzing_einddatum": date(2026, 9, 30),
        "volume": 3,
        "eenheid": "04",
        "frequentie": "2",
        "budget_cent": None,
        "_bestand": str(path),
        "_regel": line_of(JW315, b"<jw315:AangevraagdProduct>"),
    }
    assert (second["referentie_aanbieder"], second["productcategorie"], second["productcode"]) == ("VOT-2", "50", None)
    assert (second["budget_cent"], second["volume"], second["verwijzer_type"]) == (250000, None, "01")
    assert (second["beschikkingnummer"], second["toewijzing_einddatum"]) == (None, None)
    stored = str(rows(result, "berichten_verzoek_toewijzing"))
    assert "Jansen" not in stored and "Wit" not in stored and "99990" not in stored


def test_jw317_verzoek_wijziging_values():
    data = example("JW317")
    result = berichten.read(VOORBEELDEN / "JW317.xml", PSEUDONYMISER)
    assert result.rows_in == 2 and not result.quarantine
    ongewijzigd, nieuw = rows(result, "berichten_verzoek_wijziging")
    head = {
        "wet": "jeugd",
        "gemeentecode": "GM0384",
        "aanbieder": "65656055",
        "bericht_id": "987654321",
        "dagtekening": date(2026, 1, 2),
        "client_id": PSEUDONYMISER.pseudonym("999900006"),
        "referentie_aanbieder": "9003",
        "reden_verzoek": "1",
        "_bestand": str(VOORBEELDEN / "JW317.xml"),
    }
    assert ongewijzigd == {
        **head,
        "soort_regel": "ongewijzigd",
        "toewijzingnummer": "10071",
        "productcategorie": None,
        "productcode": None,
        "ingangsdatum": None,
        "einddatum": None,
        "volume": None,
        "eenheid": None,
        "frequentie": None,
        "budget_cent": None,
        "_regel": line_of(data, b"<jw317:OngewijzigdProduct>"),
    }
    assert nieuw == {
        **head,
        "soort_regel": "nieuw",
        "toewijzingnummer": None,
        "productcategorie": "45",
        "productcode": "45A03",
        "ingangsdatum": date(2026, 11, 1),
        "einddatum": date(2024, 2, 28),  # as in the official example
        "volume": 4,
        "eenheid": "04",
        "frequentie": "4",
        "budget_cent": None,
        "_regel": line_of(data, b"<jw317:NieuwProduct>"),
    }


def test_jw317_te_wijzigen_product_and_document_order(tmp_path):
    data = example("JW317").replace(
        b"<jw317:NieuweProducten>",
        b"<jw317:TeWijzigenProducten><jw317:TeWijzigenProduct>"
        b"<jw317:ToewijzingNummer>10072</jw317:ToewijzingNummer>"
        b"<jw317:GewensteIngangsdatum>2026-02-01</jw317:GewensteIngangsdatum>"
        b"<jw317:Budget>90000</jw317:Budget>"
        b"</jw317:TeWijzigenProduct></jw317:TeWijzigenProducten><jw317:NieuweProducten>",
    )
    schema = xsd("JW317")
    assert schema.validate(etree.fromstring(data)), schema.error_log
    result = berichten.read(write(tmp_path, "JW317.xml", data), PSEUDONYMISER)
    loaded = rows(result, "berichten_verzoek_wijziging")
    assert [(r["soort_regel"], r["toewijzingnummer"]) for r in loaded] == [
        ("ongewijzigd", "10071"),
        ("te_wijzigen", "10072"),
        ("nieuw", None),
    ]
    assert (loaded[1]["ingangsdatum"], loaded[1]["budget_cent"]) == (date(2026, 2, 1), 90000)
    assert_counts_add_up(result)


def test_iwmo_317_is_read_as_wmo(tmp_path):
    data = (
        as_iwmo(example("JW317"), "317", "486", "480")
        .replace(b"<ijw:Categorie>45</ijw:Categorie>", b"<ijw:Categorie>02</ijw:Categorie>")
        .replace(b"45A03", b"02A01")
    )
    schema = xsd("WMO317", "iwmo")
    assert schema.validate(etree.fromstring(data)), schema.error_log
    path = write(tmp_path, "WMO317.xml", data)
    assert berichten.detect(path, data[:2048])
    result = berichten.read(path, PSEUDONYMISER)
    loaded = rows(result, "berichten_verzoek_wijziging")
    assert len(loaded) == 2 and not result.quarantine
    assert {row["wet"] for row in loaded} == {"wmo"}
    assert (loaded[1]["productcategorie"], loaded[1]["productcode"]) == ("02", "02A01")


def test_jw319_antwoord_values():
    data = example("JW319")
    result = berichten.read(VOORBEELDEN / "JW319.xml", PSEUDONYMISER)
    assert result.rows_in == 1 and not result.quarantine
    assert rows(result, "berichten_antwoord") == [
        {
            "wet": "jeugd",
            "gemeentecode": "GM0384",  # Afzender: the gemeente answers
            "aanbieder": "65656055",
            "bericht_id": "876543219",
            "dagtekening": date(2026, 4, 1),
            "referentie_aanbieder": "9003",  # the 317's Verzoek/ReferentieAanbieder
            "verzoek_antwoord": "1",
            "reden_afwijzing": "8",
            "woonplaatsbeginsel_gemeente": "GM1916",
            "_bestand": str(VOORBEELDEN / "JW319.xml"),
            "_regel": line_of(data, b"<jw319:Antwoord>"),
        }
    ]


def test_jw319_bad_woonplaatsbeginsel_gemeente_is_quarantined(tmp_path):
    data = example("JW319").replace(b"<jw319:Gemeente>1916<", b"<jw319:Gemeente>19a6<")
    result = berichten.read(write(tmp_path, "JW319.xml", data), PSEUDONYMISER)
    assert result.rows_loaded == 0 and result.rows_in == 1
    [row] = result.quarantine
    assert (row.rule, row.value) == ("gemeentecode_ongeldig", "19a6")
    assert "<jw319:Antwoord" in row.content and row.line == line_of(data, b"<jw319:Antwoord>")
