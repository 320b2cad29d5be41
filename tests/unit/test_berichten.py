import zipfile
from datetime import date, time
from pathlib import Path

import pytest
from lxml import etree

from pipelines.privacy import BSN_MASK, Pseudonymiser, elfproef
from pipelines.sources import berichten
from pipelines.sources.base import RAW_SCHEMAS, FileRejected

REFERENCE = Path(__file__).resolve().parents[2].parent / "shared" / "reference" / "istandaarden-3.2"
VOORBEELDEN = REFERENCE / "ijw" / "voorbeeldberichten"
EXAMPLES = sorted(VOORBEELDEN.glob("*.xml"))
PSEUDONYMISER = Pseudonymiser(b"test-key-" * 4)


def example(name: str) -> bytes:
    return (VOORBEELDEN / f"{name}.xml").read_bytes()


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def rows(result, table):
    return result.tables[table].to_pylist()


def line_of(data: bytes, needle: bytes, occurrence: int = 0) -> int:
    lines = [number for number, line in enumerate(data.splitlines(), start=1) if needle in line]
    return lines[occurrence]


def assert_counts_add_up(result):
    assert result.rows_in == result.rows_loaded + len(result.quarantine)


def test_reference_examples_are_present():
    assert len(EXAMPLES) >= 12


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda path: path.name)
def test_every_official_example_is_detected_and_read(path):
    assert berichten.detect(path, path.read_bytes()[:2048])
    result = berichten.read(path, PSEUDONYMISER)
    assert_counts_add_up(result)
    assert set(result.tables) == set(berichten.TABLES)
    for name, table in result.tables.items():
        assert table.schema == RAW_SCHEMAS[name]


# Retour messages carry no steering data: they stay unsupported.
@pytest.mark.parametrize("name", ["JW302", "JW306", "JW308", "JW316", "JW320"])
def test_unsupported_message_is_counted_once_and_quarantined_without_personal_data(name):
    result = berichten.read(VOORBEELDEN / f"{name}.xml", PSEUDONYMISER)
    assert result.rows_in == 1 and result.rows_loaded == 0
    [row] = result.quarantine
    assert row.rule == "bericht_niet_ondersteund"
    assert row.value == f"http://www.istandaarden.nl/ijw/3_2/{name.lower()}/schema"
    assert "99990" not in row.content and "Naam" not in row.content


def test_example_bsns_pass_the_elfproef():
    # The fictitious 9999xxxxx BSNs of the examples are elfproef-valid, so they load.
    assert elfproef("999900006") and elfproef("999900018")


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
        "geboortedatum": date(2010, 2, 14),  # the client's, not a Relatie's
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


def test_failing_bsn_is_quarantined_and_never_stored(tmp_path):
    assert not elfproef("999900007")
    data = example("JW305").replace(b"999900006", b"999900007")
    result = berichten.read(write(tmp_path, "bad_bsn.xml", data), PSEUDONYMISER)
    assert result.rows_loaded == 0 and result.rows_in == 2
    assert [row.rule for row in result.quarantine] == ["bsn_elfproef", "bsn_elfproef"]
    assert [row.line for row in result.quarantine] == [
        line_of(data, b"<jw305:StartProduct>"),
        line_of(data, b"<jw305:StartProduct>", 1),
    ]
    for row in result.quarantine:
        assert "999900007" not in row.content and row.value == BSN_MASK
    assert "300201" in result.quarantine[0].content


def test_bsn_never_reaches_a_table():
    for path in EXAMPLES:
        result = berichten.read(path, PSEUDONYMISER)
        for table in result.tables.values():
            for row in table.to_pylist():
                assert not any("99990" in str(value) for key, value in row.items() if key != "_bestand")


def test_missing_required_field_and_bad_date_are_quarantined(tmp_path):
    data = (
        example("JW301")
        .replace(b"<jw301:ToewijzingNummer>300201</jw301:ToewijzingNummer>", b"")
        .replace(b"<jw301:Einddatum>2026-07-19</jw301:Einddatum>", b"<jw301:Einddatum>2026-02-30</jw301:Einddatum>")
    )
    result = berichten.read(write(tmp_path, "broken.xml", data), PSEUDONYMISER)
    assert [(row.rule, row.value) for row in result.quarantine] == [
        ("verplicht_veld", None),
        ("datum_ongeldig", "2026-02-30"),
    ]
    assert result.rows_loaded == 0


def test_invalid_header_gemeente_quarantines_every_record(tmp_path):
    data = example("JW305").replace(
        b"<jw305:Ontvanger>0363</jw305:Ontvanger>", b"<jw305:Ontvanger>363</jw305:Ontvanger>"
    )
    result = berichten.read(write(tmp_path, "gemeente.xml", data), PSEUDONYMISER)
    assert [row.rule for row in result.quarantine] == ["gemeentecode_ongeldig"] * 2


def as_iwmo(jw: bytes, message: str, jw_code: str, wmo_code: str) -> bytes:
    """A JW example turned into the iWmo message of the same shape (namespaces, code, Wmo categorie)."""
    return (
        jw.replace(f"ijw/3_2/jw{message}/schema".encode(), f"iwmo/3_2/wmo{message}/schema".encode())
        .replace(b"ijw/3_2/basisschema/schema", b"iwmo/3_2/basisschema/schema")
        .replace(f"BerichtCode>{jw_code}<".encode(), f"BerichtCode>{wmo_code}<".encode())
        .replace(b"<ijw:Categorie>55</ijw:Categorie>", b"<ijw:Categorie>02</ijw:Categorie>")
        .replace(b"55A1", b"02A0")
    )


@pytest.mark.parametrize(
    ("message", "jw_code", "wmo_code", "table"),
    [("301", "436", "414", "berichten_toewijzing"), ("305", "438", "418", "berichten_start")],
)
def test_iwmo_variant_is_valid_and_read_as_wmo(tmp_path, message, jw_code, wmo_code, table):
    data = as_iwmo(example(f"JW{message}"), message, jw_code, wmo_code)
    assert f"BerichtCode>{wmo_code}<".encode() in data
    schema = etree.XMLSchema(etree.parse(str(REFERENCE / "iwmo" / "xsd" / f"WMO{message}.xsd")))
    assert schema.validate(etree.fromstring(data)), schema.error_log
    path = write(tmp_path, f"WMO{message}.xml", data)
    assert berichten.detect(path, data[:2048])
    result = berichten.read(path, PSEUDONYMISER)
    loaded = rows(result, table)
    assert len(loaded) == 2 and not result.quarantine
    assert {row["wet"] for row in loaded} == {"wmo"}
    assert loaded[0]["productcategorie"] == "02" and loaded[0]["productcode"] == "02A01"


def make_zip(tmp_path: Path, entries: dict[str, bytes], name: str = "berichten.zip") -> Path:
    path = tmp_path / name
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for entry, data in entries.items():
            archive.writestr(entry, data)
    return path


def test_zip_with_several_messages(tmp_path):
    path = make_zip(
        tmp_path,
        {
            "a/JW301.xml": example("JW301"),
            "a/": b"",
            "JW302.xml": example("JW302"),
            "JW305.xml": example("JW305"),
            "__MACOSX/._JW305.xml": b"\x00\x05\x16\x07 resource fork",
        },
    )
    assert berichten.detect(path, path.read_bytes()[:2048])
    result = berichten.read(path, PSEUDONYMISER)
    assert result.rows_in == 2 + 1 + 2
    assert_counts_add_up(result)
    toewijzing = rows(result, "berichten_toewijzing")
    assert {(row["_bestand"], row["_regel"]) for row in toewijzing} == {(f"{path}!a/JW301.xml", 1)}
    assert {(row["_bestand"], row["_regel"]) for row in rows(result, "berichten_start")} == {(f"{path}!JW305.xml", 3)}
    [unsupported] = result.quarantine
    assert (unsupported.file, unsupported.line, unsupported.rule) == (
        f"{path}!JW302.xml",
        2,
        "bericht_niet_ondersteund",
    )


def test_detect_refuses_other_content(tmp_path):
    csv_zip = make_zip(tmp_path, {"grootboek.csv": b"Boekjaar;Bedrag\n2024;1,00\n"}, "csv.zip")
    assert not berichten.detect(csv_zip, csv_zip.read_bytes()[:2048])
    assert not berichten.detect(tmp_path / "x.csv", b"Boekjaar;Boekdatum;Gemeentecode\n")
    other_xml = b'<?xml version="1.0"?><Bericht xmlns="http://www.istandaarden.nl/iwlz/2_4/wlz301/schema"/>'
    assert not berichten.detect(tmp_path / "x.xml", other_xml)


@pytest.mark.parametrize(
    ("content", "line"),
    [
        (b"", 1),
        (b"  \n", 1),
        (b"dit is geen XML\n", 1),
        (example("JW301")[:2500], None),  # truncated: the line where the parser gave up
    ],
    ids=["empty", "blank", "not-xml", "truncated"],
)
def test_unreadable_file_is_rejected_naming_file_and_line(tmp_path, content, line):
    path = write(tmp_path, "kapot.xml", content)
    with pytest.raises(FileRejected) as caught:
        berichten.read(path, PSEUDONYMISER)
    expected_line = line or content.count(b"\n") + 1
    assert caught.value.path == str(path) and caught.value.line == expected_line
    assert str(path) in str(caught.value) and f"regel {expected_line}" in str(caught.value)


def test_truncated_zip_entry_rejects_the_whole_file_naming_the_entry(tmp_path):
    path = make_zip(tmp_path, {"JW301.xml": example("JW301"), "JW305.xml": example("JW305")[:900]})
    with pytest.raises(FileRejected) as caught:
        berichten.read(path, PSEUDONYMISER)
    assert caught.value.path == f"{path}!JW305.xml"
    assert caught.value.line == example("JW305")[:900].count(b"\n") + 1
    assert f"{path}!JW305.xml, regel" in str(caught.value)


def test_empty_or_corrupt_zip_is_rejected(tmp_path):
    empty = make_zip(tmp_path, {}, "empty.zip")
    corrupt = write(tmp_path, "corrupt.zip", b"PK\x03\x04" + b"\x00" * 40)
    for path in (empty, corrupt):
        with pytest.raises(FileRejected, match=str(path)):
            berichten.read(path, PSEUDONYMISER)


def test_external_entities_are_not_resolved(tmp_path):
    secret = write(tmp_path, "secret.txt", b"geheim")
    data = (
        example("JW305")
        .replace(b"<jw305:Bericht", f'<!DOCTYPE x [<!ENTITY e SYSTEM "file://{secret}">]>\n<jw305:Bericht'.encode(), 1)
        .replace(b"<jw305:StatusAanlevering>1<", b"<jw305:StatusAanlevering>&e;1<", 1)
    )
    result = berichten.read(write(tmp_path, "xxe.xml", data), PSEUDONYMISER)
    assert "geheim" not in str(rows(result, "berichten_start"))
    assert not any("geheim" in row.content for row in result.quarantine)


def test_taakgericht_start_without_toewijzingnummer_loads(tmp_path):
    # Taakgericht care has no toewijzing per client (IV096): the 305 carries no ToewijzingNummer.
    data = example("JW305")
    number = data.split(b"<jw305:ToewijzingNummer>")[1].split(b"</jw305:ToewijzingNummer>")[0]
    stripped = data.replace(b"<jw305:ToewijzingNummer>" + number + b"</jw305:ToewijzingNummer>", b"", 1)
    result = berichten.read(write(tmp_path, "taakgericht.xml", stripped), PSEUDONYMISER)
    assert result.quarantine == []
    starts = rows(result, "berichten_start")
    assert [s["toewijzingnummer"] for s in starts].count(None) == 1


# --- 315, 317, 319, 325 --------------------------------------------------------------

JW315 = b"""<?xml version="1.0" encoding="UTF-8"?>
<jw315:Bericht xmlns:ijw="http://www.istandaarden.nl/ijw/3_2/basisschema/schema"
    xmlns:jw315="http://www.istandaarden.nl/ijw/3_2/jw315/schema">
  <jw315:Header>
    <jw315:BerichtCode>446</jw315:BerichtCode>
    <jw315:BerichtVersie>3</jw315:BerichtVersie>
    <jw315:BerichtSubversie>2</jw315:BerichtSubversie>
    <jw315:Afzender>65656055</jw315:Afzender>
    <jw315:Ontvanger>0384</jw315:Ontvanger>
    <jw315:BerichtIdentificatie>
      <ijw:Identificatie>315000001</ijw:Identificatie>
      <ijw:Dagtekening>2026-03-10</ijw:Dagtekening>
    </jw315:BerichtIdentificatie>
    <jw315:XsdVersie>
      <ijw:BasisschemaXsdVersie>1.0.0</ijw:BasisschemaXsdVersie>
      <ijw:BerichtXsdVersie>1.0.0</ijw:BerichtXsdVersie>
    </jw315:XsdVersie>
  </jw315:Header>
  <jw315:Client>
    <jw315:Bsn>999900006</jw315:Bsn>
    <jw315:Geboortedatum>
      <ijw:Datum>2010-02-14</ijw:Datum>
    </jw315:Geboortedatum>
    <jw315:Geslacht>1</jw315:Geslacht>
    <jw315:Naam>
      <ijw:Geslachtsnaam>
        <ijw:Achternaam>Wit</ijw:Achternaam>
      </ijw:Geslachtsnaam>
      <ijw:Voorletters>T</ijw:Voorletters>
    </jw315:Naam>
    <jw315:AangevraagdeProducten>
      <jw315:AangevraagdProduct>
        <jw315:ReferentieAanbieder>VOT-1</jw315:ReferentieAanbieder>
        <jw315:BeschikkingNummer>2026017</jw315:BeschikkingNummer>
        <jw315:Product>
          <ijw:Categorie>45</ijw:Categorie>
          <ijw:Code>45A03</ijw:Code>
        </jw315:Product>
        <jw315:BeschikkingIngangsdatum>2026-03-01</jw315:BeschikkingIngangsdatum>
        <jw315:ToewijzingIngangsdatum>2026-04-01</jw315:ToewijzingIngangsdatum>
        <jw315:ToewijzingEinddatum>2026-09-30</jw315:ToewijzingEinddatum>
        <jw315:Omvang>
          <ijw:Volume>3</ijw:Volume>
          <ijw:Eenheid>04</ijw:Eenheid>
          <ijw:Frequentie>2</ijw:Frequentie>
        </jw315:Omvang>
        <jw315:Verwijzer>
          <ijw:Type>02</ijw:Type>
          <ijw:Naam>Huisarts Jansen</ijw:Naam>
        </jw315:Verwijzer>
      </jw315:AangevraagdProduct>
      <jw315:AangevraagdProduct>
        <jw315:ReferentieAanbieder>VOT-2</jw315:ReferentieAanbieder>
        <jw315:Product>
          <ijw:Categorie>50</ijw:Categorie>
        </jw315:Product>
        <jw315:ToewijzingIngangsdatum>2026-04-01</jw315:ToewijzingIngangsdatum>
        <jw315:Budget>250000</jw315:Budget>
        <jw315:Verwijzer>
          <ijw:Type>01</ijw:Type>
        </jw315:Verwijzer>
      </jw315:AangevraagdProduct>
    </jw315:AangevraagdeProducten>
  </jw315:Client>
</jw315:Bericht>
"""


def xsd(name: str, wet: str = "ijw") -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(REFERENCE / wet / "xsd" / f"{name}.xsd")))


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
        "geboortedatum": date(2010, 2, 14),
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


@pytest.mark.parametrize(
    ("name", "record", "count"),
    [
        ("JW315", b"<jw315:AangevraagdProduct>", 2),
        ("JW317", b"<jw317:OngewijzigdProduct>", 2),
        ("JW325", b"<jw325:Prestatie>", 2),
    ],
)
def test_failing_bsn_quarantines_new_messages(tmp_path, name, record, count):
    data = (JW315 if name == "JW315" else example(name)).replace(b"999900006", b"999900007")
    result = berichten.read(write(tmp_path, f"{name}.xml", data), PSEUDONYMISER)
    assert_counts_add_up(result)
    rejected = [row for row in result.quarantine if row.rule == "bsn_elfproef"]
    assert len(rejected) == count and len(result.quarantine) == count
    assert rejected[0].line == line_of(data, record)
    for row in rejected:
        assert "999900007" not in row.content and row.value == BSN_MASK
    if name == "JW325":  # the other client's Prestatie still loads
        assert [r["productreferentie"] for r in rows(result, "berichten_declaratie_antwoord")] == ["RN003"]


def test_zip_with_all_supported_messages_adds_up(tmp_path):
    entries = {f"{name}.xml": example(name) for name in ("JW301", "JW305", "JW307", "JW317", "JW319", "JW323", "JW325")}
    entries["JW315.xml"] = JW315
    entries["JW316.xml"] = example("JW316")
    result = berichten.read(make_zip(tmp_path, entries), PSEUDONYMISER)
    assert_counts_add_up(result)
    assert result.rows_in == 2 + 2 + 2 + 2 + 1 + 5 + 3 + 2 + 1
    assert [row.rule for row in result.quarantine] == ["bericht_niet_ondersteund"]
