"""The message reader as a whole: detection, zips, unreadable files, BSN handling, row rules, safety."""

import pytest
from lxml import etree

from pipelines.privacy import BSN_MASK, elfproef
from pipelines.sources import berichten
from pipelines.sources.base import RAW_SCHEMAS, FileRejected
from tests.pipelines.sources.berichten_files import (
    EXAMPLES,
    JW315,
    PSEUDONYMISER,
    REFERENCE,
    VOORBEELDEN,
    as_iwmo,
    example,
    line_of,
    make_zip,
    rows,
)
from tests.pipelines.sources.files import assert_counts_add_up, write


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


def test_an_unreadable_birth_date_is_quarantined_without_its_value(tmp_path):
    """The warehouse keeps only the birth month: the quarantine does not show the day either."""
    data = example("JW301").replace(b"<ijw:Datum>2010-02-14</ijw:Datum>", b"<ijw:Datum>14-02-2010</ijw:Datum>")
    assert b"14-02-2010" in data
    result = berichten.read(write(tmp_path, "geboortedatum.xml", data), PSEUDONYMISER)
    assert {(row.rule, row.value) for row in result.quarantine} == {("datum_ongeldig", "[weggelaten]")}
    assert result.rows_loaded == 0
    assert not any("14-02-2010" in (row.content or "") + row.message for row in result.quarantine)


def test_invalid_header_gemeente_quarantines_every_record(tmp_path):
    data = example("JW305").replace(
        b"<jw305:Ontvanger>0363</jw305:Ontvanger>", b"<jw305:Ontvanger>363</jw305:Ontvanger>"
    )
    result = berichten.read(write(tmp_path, "gemeente.xml", data), PSEUDONYMISER)
    assert [row.rule for row in result.quarantine] == ["gemeentecode_ongeldig"] * 2


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
    # A message with a DOCTYPE is refused whole (tests/security/test_vijandig_xml_zip.py), the secret unread.
    with pytest.raises(FileRejected, match="DOCTYPE") as refused:
        berichten.read(write(tmp_path, "xxe.xml", data), PSEUDONYMISER)
    assert "geheim" not in str(refused.value)


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
