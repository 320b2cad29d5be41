"""The iJw/iWmo reference examples and message helpers the message-reader tests share."""

import zipfile
from pathlib import Path

from lxml import etree

from pipelines.privacy import Pseudonymiser

REFERENCE = Path(__file__).resolve().parents[3].parent / "shared" / "reference" / "istandaarden-3.2"
VOORBEELDEN = REFERENCE / "ijw" / "voorbeeldberichten"
EXAMPLES = sorted(VOORBEELDEN.glob("*.xml"))
PSEUDONYMISER = Pseudonymiser(b"test-key-" * 4)


def example(name: str) -> bytes:
    return (VOORBEELDEN / f"{name}.xml").read_bytes()


def rows(result, table):
    return result.tables[table].to_pylist()


def line_of(data: bytes, needle: bytes, occurrence: int = 0) -> int:
    lines = [number for number, line in enumerate(data.splitlines(), start=1) if needle in line]
    return lines[occurrence]


def as_iwmo(jw: bytes, message: str, jw_code: str, wmo_code: str) -> bytes:
    """A JW example turned into the iWmo message of the same shape (namespaces, code, Wmo categorie)."""
    return (
        jw.replace(f"ijw/3_2/jw{message}/schema".encode(), f"iwmo/3_2/wmo{message}/schema".encode())
        .replace(b"ijw/3_2/basisschema/schema", b"iwmo/3_2/basisschema/schema")
        .replace(f"BerichtCode>{jw_code}<".encode(), f"BerichtCode>{wmo_code}<".encode())
        .replace(b"<ijw:Categorie>55</ijw:Categorie>", b"<ijw:Categorie>02</ijw:Categorie>")
        .replace(b"55A1", b"02A0")
    )


def make_zip(tmp_path: Path, entries: dict[str, bytes], name: str = "berichten.zip") -> Path:
    path = tmp_path / name
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for entry, data in entries.items():
            archive.writestr(entry, data)
    return path


def xsd(name: str, wet: str = "ijw") -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(REFERENCE / wet / "xsd" / f"{name}.xsd")))


# A 315 built from the XSD: the reference set has no example of it.
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


def wmo325_xsd() -> etree.XMLSchema:
    """WMO325 has no XSD in the reference set (its source repository lacks it); the iWmo 3.2 knowledge
    base describes it with JW325's shape. So: JW325.xsd with the iWmo namespaces and berichtcode 485,
    validated against the iWmo basisschema (Wmo product categories, codes and amounts)."""
    text = (
        (REFERENCE / "ijw" / "xsd" / "JW325.xsd")
        .read_text(encoding="utf-8")
        .replace("ijw/3_2/jw325/schema", "iwmo/3_2/wmo325/schema")
        .replace("ijw/3_2/basisschema/schema", "iwmo/3_2/basisschema/schema")
        .replace(
            'schemaLocation="basisschema.xsd"',
            f'schemaLocation="{(REFERENCE / "iwmo" / "xsd" / "basisschema.xsd").as_uri()}"',
        )
        .replace('<xs:pattern value="491"/>', '<xs:pattern value="485"/>')
    )
    return etree.XMLSchema(etree.fromstring(text.encode()))


# A hand-written WMO325 (berichtcode 485, COD002): one Wmo client whose Prestatie is rejected because the
# tariff differs from the contract (0611, WJ001 for WMO323); the declaratie's other line was granted.
WMO325 = b"""<?xml version="1.0" encoding="UTF-8"?>
<wmo325:Bericht xmlns:iwmo="http://www.istandaarden.nl/iwmo/3_2/basisschema/schema"
    xmlns:wmo325="http://www.istandaarden.nl/iwmo/3_2/wmo325/schema">
  <wmo325:Header>
    <wmo325:BerichtCode>485</wmo325:BerichtCode>
    <wmo325:BerichtVersie>3</wmo325:BerichtVersie>
    <wmo325:BerichtSubversie>2</wmo325:BerichtSubversie>
    <wmo325:Afzender>0153</wmo325:Afzender>
    <wmo325:Ontvanger>41000017</wmo325:Ontvanger>
    <wmo325:BerichtIdentificatie>
      <iwmo:Identificatie>2503000412</iwmo:Identificatie>
      <iwmo:Dagtekening>2025-03-14</iwmo:Dagtekening>
    </wmo325:BerichtIdentificatie>
    <wmo325:XsdVersie>
      <iwmo:BasisschemaXsdVersie>1.0.0</iwmo:BasisschemaXsdVersie>
      <iwmo:BerichtXsdVersie>1.0.0</iwmo:BerichtXsdVersie>
    </wmo325:XsdVersie>
    <wmo325:DeclaratieIdentificatie>
      <iwmo:Identificatie>2503000101</iwmo:Identificatie>
      <iwmo:Dagtekening>2025-03-05</iwmo:Dagtekening>
    </wmo325:DeclaratieIdentificatie>
    <wmo325:XsltVersie>1.0.0</wmo325:XsltVersie>
    <wmo325:XsdVersieDeclaratie>
      <iwmo:BasisschemaXsdVersie>1.0.0</iwmo:BasisschemaXsdVersie>
      <iwmo:BerichtXsdVersie>1.0.0</iwmo:BerichtXsdVersie>
    </wmo325:XsdVersieDeclaratie>
    <wmo325:RetourCodes>
      <wmo325:RetourCode>0200</wmo325:RetourCode>
    </wmo325:RetourCodes>
  </wmo325:Header>
  <wmo325:DeclaratieAntwoord>
    <wmo325:DeclaratieNummer>WD2025-0042</wmo325:DeclaratieNummer>
    <wmo325:TotaalIngediendBedrag>
      <iwmo:TotaalBedrag>45600</iwmo:TotaalBedrag>
      <iwmo:DebetCredit>D</iwmo:DebetCredit>
    </wmo325:TotaalIngediendBedrag>
    <wmo325:TotaalToegekendBedrag>
      <iwmo:TotaalBedrag>30400</iwmo:TotaalBedrag>
      <iwmo:DebetCredit>D</iwmo:DebetCredit>
    </wmo325:TotaalToegekendBedrag>
    <wmo325:Clienten>
      <wmo325:Client>
        <wmo325:Bsn>999900018</wmo325:Bsn>
        <wmo325:Prestaties>
          <wmo325:Prestatie>
            <wmo325:ProductReferentie>
              <iwmo:ReferentieNummer>W-7002</iwmo:ReferentieNummer>
            </wmo325:ProductReferentie>
            <wmo325:ToewijzingNummer>88002</wmo325:ToewijzingNummer>
            <wmo325:ProductCategorie>01</wmo325:ProductCategorie>
            <wmo325:ProductCode>01A01</wmo325:ProductCode>
            <wmo325:ProductPeriode>
              <iwmo:Begindatum>2025-02-01</iwmo:Begindatum>
              <iwmo:Einddatum>2025-02-28</iwmo:Einddatum>
            </wmo325:ProductPeriode>
            <wmo325:GeleverdVolume>4</wmo325:GeleverdVolume>
            <wmo325:Eenheid>04</wmo325:Eenheid>
            <wmo325:ProductTarief>3800</wmo325:ProductTarief>
            <wmo325:IngediendBedrag>
              <iwmo:Bedrag>15200</iwmo:Bedrag>
              <iwmo:DebetCredit>D</iwmo:DebetCredit>
            </wmo325:IngediendBedrag>
            <wmo325:RetourCodes>
              <wmo325:RetourCode>0611</wmo325:RetourCode>
            </wmo325:RetourCodes>
          </wmo325:Prestatie>
        </wmo325:Prestaties>
        <wmo325:RetourCodes>
          <wmo325:RetourCode>0200</wmo325:RetourCode>
        </wmo325:RetourCodes>
      </wmo325:Client>
    </wmo325:Clienten>
    <wmo325:RetourCodes>
      <wmo325:RetourCode>0200</wmo325:RetourCode>
    </wmo325:RetourCodes>
  </wmo325:DeclaratieAntwoord>
</wmo325:Bericht>
"""
