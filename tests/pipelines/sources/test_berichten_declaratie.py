"""The declaration messages read into rows: 323 and its 325 answer, amounts in cents."""

from datetime import date

from lxml import etree

from pipelines.sources import berichten
from tests.pipelines.sources.berichten_files import (
    PSEUDONYMISER,
    VOORBEELDEN,
    WMO325,
    example,
    line_of,
    make_zip,
    rows,
    wmo325_xsd,
)
from tests.pipelines.sources.files import write


def test_jw323_declaratie_values_in_cents():
    result = berichten.read(VOORBEELDEN / "JW323.xml", PSEUDONYMISER)
    prestaties = rows(result, "berichten_declaratie")
    assert result.rows_in == 5 and not result.quarantine
    assert [p["ingediend_bedrag_cent"] for p in prestaties] == [5000, 24000, 5000, 24000, 21000]
    assert [p["producttarief_cent"] for p in prestaties] == [1250, 1500, 1250, 1500, 1500]
    assert [p["geleverd_volume"] for p in prestaties] == [4, 16, 4, 16, 14]
    assert [p["toewijzingnummer"] for p in prestaties] == ["10072", "10073", "10074", "10073", "10073"]
    assert [p["productreferentie"] for p in prestaties] == ["RN001", "RN002", "RN003", "RN004", "RN004"]
    first, last = prestaties[0], prestaties[-1]
    assert (first["declaratienummer"], first["gemeentecode"], first["aanbieder"]) == ("DN001", "GM0384", "65656055")
    assert (first["periode_begin"], first["periode_eind"]) == (date(2026, 4, 1), date(2026, 4, 30))
    assert first["declaratie_dagtekening"] == date(2026, 5, 6)
    assert (first["productcategorie"], first["productcode"], first["eenheid"]) == ("45", "45A03", "04")
    assert (last["productperiode_begin"], last["productperiode_eind"]) == (date(2026, 3, 1), date(2026, 3, 31))
    assert [p["client_id"] for p in prestaties] == [PSEUDONYMISER.pseudonym("999900006")] * 2 + [
        PSEUDONYMISER.pseudonym("999900018")
    ] * 3


def test_credit_amount_is_negative(tmp_path):
    root = etree.fromstring(example("JW323"))
    root.find(".//{*}Prestatie/{*}IngediendBedrag/{*}DebetCredit").text = "C"
    data = etree.tostring(root)
    result = berichten.read(write(tmp_path, "credit.xml", data), PSEUDONYMISER)
    assert rows(result, "berichten_declaratie")[0]["ingediend_bedrag_cent"] == -5000


def test_jw325_declaratie_antwoord_values():
    data = example("JW325")
    result = berichten.read(VOORBEELDEN / "JW325.xml", PSEUDONYMISER)
    assert result.rows_in == 3 and not result.quarantine
    first, second, third = rows(result, "berichten_declaratie_antwoord")
    assert first == {
        "wet": "jeugd",
        "gemeentecode": "GM0384",
        "aanbieder": "65656055",
        "bericht_id": "654321987",
        "dagtekening": date(2023, 5, 7),
        "declaratie_identificatie": "765432198",
        "declaratienummer": "DN001",
        "totaal_ingediend_cent": -58000,
        "totaal_toegekend_cent": -34000,
        "declaratie_retourcodes": "0200",
        "client_id": PSEUDONYMISER.pseudonym("999900006"),
        "productreferentie": "RN001",
        "toewijzingnummer": "10072",
        "productcategorie": "45",
        "productcode": "45A03",
        "productperiode_begin": date(2023, 4, 1),
        "productperiode_eind": date(2023, 4, 30),
        "ingediend_bedrag_cent": -5000,
        "retourcodes": "0611",
        "_bestand": str(VOORBEELDEN / "JW325.xml"),
        "_regel": line_of(data, b"<jw325:Prestatie>"),
    }
    assert (second["productreferentie"], second["productcode"], second["ingediend_bedrag_cent"]) == (
        "RN002",
        "45A04",
        -14000,
    )
    assert second["retourcodes"] == "9339,9340,9341"
    assert (third["toewijzingnummer"], third["retourcodes"]) == ("10074", "9307")
    assert third["client_id"] == PSEUDONYMISER.pseudonym("999900018")


def test_jw325_debet_amounts_are_positive(tmp_path):
    data = example("JW325").replace(b"<ijw:DebetCredit>C<", b"<ijw:DebetCredit>D<")
    result = berichten.read(write(tmp_path, "JW325.xml", data), PSEUDONYMISER)
    first = rows(result, "berichten_declaratie_antwoord")[0]
    assert (first["totaal_ingediend_cent"], first["totaal_toegekend_cent"], first["ingediend_bedrag_cent"]) == (
        58000,
        34000,
        5000,
    )


def test_wmo325_is_read_as_wmo_into_the_same_table(tmp_path):
    """A hand-written WMO325 (berichtcode 485), valid against JW325's shape in the iWmo namespaces."""
    assert wmo325_xsd().validate(etree.fromstring(WMO325))
    result = berichten.read(write(tmp_path, "WMO325.xml", WMO325), PSEUDONYMISER)
    assert result.rows_in == 1 and not result.quarantine
    [rejected] = rows(result, "berichten_declaratie_antwoord")
    assert {k: rejected[k] for k in ("wet", "gemeentecode", "aanbieder", "bericht_id", "dagtekening")} == {
        "wet": "wmo",
        "gemeentecode": "GM0153",
        "aanbieder": "41000017",
        "bericht_id": "2503000412",
        "dagtekening": date(2025, 3, 14),
    }
    assert (rejected["declaratie_identificatie"], rejected["declaratienummer"]) == ("2503000101", "WD2025-0042")
    assert (rejected["totaal_ingediend_cent"], rejected["totaal_toegekend_cent"]) == (45600, 30400)
    assert (rejected["productcategorie"], rejected["productcode"], rejected["toewijzingnummer"]) == (
        "01",
        "01A01",
        "88002",
    )
    assert (rejected["ingediend_bedrag_cent"], rejected["retourcodes"]) == (15200, "0611")
    assert rejected["client_id"] == PSEUDONYMISER.pseudonym("999900018")


def test_jw325_and_wmo325_in_one_zip_keep_their_wet(tmp_path):
    path = make_zip(tmp_path, {"JW325.xml": example("JW325"), "WMO325.xml": WMO325})
    loaded = rows(berichten.read(path, PSEUDONYMISER), "berichten_declaratie_antwoord")
    assert [row["wet"] for row in loaded] == ["jeugd"] * 3 + ["wmo"]
