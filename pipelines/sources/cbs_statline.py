"""CBS Kerncijfers wijken en buurten exactly as StatLine exports it, as benchmark figures.

StatLine CSV: `;`-separated and quoted, region codes padded with spaces (`"GM0153    "`), column names
with a numeric suffix that changes every year (`JongerenMetJeugdzorgInNatura_98`), and suppressed
cells shown as `.`. Columns are mapped by their base name, so every year's table reads the same way.
The year is not in the rows: it is taken from the file name (`kwb_2024.csv`, `85984NED_2024...`).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa

from pipelines.privacy import Pseudonymiser
from pipelines.sources.base import RAW_SCHEMAS, FileRejected, QuarantineRow, ReadResult, RowRejected

NAME = "cbs_kwb"
TABLES = ("cbs_kwb",)
SCHEMA = RAW_SCHEMAS["cbs_kwb"]

# Base names of the figures Stuurwiel uses as benchmarks (CBS KWB, section 5.8 and uitkeringen).
BENCHMARKS = (
    "AantalInwoners",
    "JongerenMetJeugdzorgInNatura",
    "PercentageJongerenMetJeugdzorg",
    "WmoClienten",
    "WmoClientenRelatief",
    "PersonenPerSoortUitkeringBijstand",
)
# What a figure can be, so an obviously broken export is caught at the gate (quarantined per line): a
# percentage lies in 0-100, a rate per 1,000 in 0-1,000, and a count of persons is never negative nor
# more than the region's own AantalInwoners on the same line.
PERCENTAGES = ("PercentageJongerenMetJeugdzorg",)
PER_1000 = ("WmoClientenRelatief",)
AANTALLEN = ("JongerenMetJeugdzorgInNatura", "WmoClienten", "PersonenPerSoortUitkeringBijstand")
_REGION_COLUMN = "WijkenEnBuurten"
_SUFFIX = re.compile(r"^(?P<base>[A-Za-z]+?)_\d+$")
_YEAR = re.compile(r"(?<!\d)(20\d\d)(?!\d)")
_SOORT = {"GM": "gemeente", "WK": "wijk", "BU": "buurt", "NL": "land"}
_SUPPRESSED = {".", ""}


def base_name(column: str) -> str:
    match = _SUFFIX.match(column.strip())
    return match.group("base") if match else column.strip()


def detect(path: str | Path, head: bytes) -> bool:
    first = head.decode("utf-8-sig", errors="replace").partition("\n")[0]
    names = {base_name(n.strip().strip('"')) for n in first.split(";")}
    return _REGION_COLUMN in names and bool(names & set(BENCHMARKS))


def read(path: str | Path, pseudonymiser: Pseudonymiser | None) -> ReadResult:
    path = Path(path)
    year = _year_from_name(path)
    text = _decode(path)
    reader = _lines(path, csv.reader(io.StringIO(text), delimiter=";"))
    header = next(reader, None)
    if header is None:
        raise FileRejected(str(path), 1, "leeg bestand")
    names = [base_name(h) for h in header]
    if _REGION_COLUMN not in names:
        raise FileRejected(str(path), 1, f"kolom {_REGION_COLUMN} ontbreekt")
    region_at = names.index(_REGION_COLUMN)
    wanted = [(i, n) for i, n in enumerate(names) if n in BENCHMARKS]
    columns: dict[str, list] = {field.name: [] for field in SCHEMA}
    quarantine: list[QuarantineRow] = []
    rows_in = 0
    for line_number, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        rows_in += 1
        try:
            _check(row, len(header), region_at)
            values = [(variabele, *_value(row[i], variabele)) for i, variabele in wanted]
            _plausible({variabele: waarde for variabele, waarde, _ in values if waarde is not None})
        except RowRejected as exc:
            quarantine.append(QuarantineRow(str(path), line_number, ";".join(row), exc.rule, exc.message, exc.value))
            continue
        code = row[region_at].strip()
        for variabele, waarde, geheim in values:
            for name, value in zip(
                SCHEMA.names,
                (code, _SOORT[code[:2]], year, variabele, waarde, geheim, str(path), line_number),
                strict=False,
            ):
                columns[name].append(value)
    table = pa.table(columns, schema=SCHEMA)
    # Counted per figure: a region line becomes one raw row per benchmark figure it holds.
    return ReadResult(tables={"cbs_kwb": table}, quarantine=quarantine, rows_in=table.num_rows + len(quarantine))


def _lines(path: Path, reader) -> Iterator[list[str]]:
    """The reader's rows; a line it cannot split (a field over csv's 128 KiB limit) rejects the file."""
    try:
        yield from reader
    except csv.Error as error:
        too_long = "field larger" in str(error)
        problem = f"veld langer dan {csv.field_size_limit()} tekens" if too_long else "opbouw niet te lezen"
        raise FileRejected(str(path), reader.line_num, f"CSV niet te lezen: {problem}") from None


def _year_from_name(path: Path) -> int:
    years = _YEAR.findall(path.name)
    if not years:
        raise FileRejected(str(path), None, "jaar onbekend: noem het jaar in de bestandsnaam (bijv. kwb_2024.csv)")
    return int(years[-1])


def _decode(path: Path) -> str:
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError as error:  # 0x81, 0x8d, 0x8f, 0x90, 0x9d: no Windows-1252 character either
        raise FileRejected(
            str(path), None, f"teken 0x{raw[error.start]:02x} niet te lezen als UTF-8 of Windows-1252"
        ) from None


def _check(row: list[str], width: int, region_at: int) -> None:
    if len(row) != width:
        raise RowRejected("aantal_kolommen", f"{len(row)} kolommen, de kopregel heeft er {width}")
    if row[region_at].strip()[:2] not in _SOORT:
        raise RowRejected("regiocode_ongeldig", "geen CBS-regiocode", row[region_at].strip())


def _value(cell: str, variabele: str) -> tuple[float | None, bool]:
    """A figure, or None with geheim=True where CBS suppressed the cell ('.')."""
    cell = cell.strip()
    if cell in _SUPPRESSED:
        return None, cell == "."
    try:
        return float(cell.replace(",", ".")), False
    except ValueError:
        raise RowRejected("getal_ongeldig", f"{variabele} is geen getal", cell) from None


def _plausible(figures: dict[str, float]) -> None:
    """Rejects a line whose figures cannot be true: they name the rule, the figure and its value."""
    for variabele, waarde in figures.items():
        if variabele in PERCENTAGES and not 0 <= waarde <= 100:
            raise RowRejected(
                "percentage_buiten_0_100", f"{variabele} is een percentage, maar {_getal(waarde)}", str(waarde)
            )
        if variabele in PER_1000 and not 0 <= waarde <= 1000:
            raise RowRejected(
                "per_1000_buiten_bereik", f"{variabele} is per 1.000 inwoners, maar {_getal(waarde)}", str(waarde)
            )
        if variabele in (*AANTALLEN, "AantalInwoners") and waarde < 0:
            raise RowRejected("aantal_negatief", f"{variabele} is een aantal personen, maar negatief", str(waarde))
    inwoners = figures.get("AantalInwoners")
    for variabele in AANTALLEN:
        if inwoners is not None and figures.get(variabele, 0) > inwoners:
            raise RowRejected(
                "aantal_boven_inwoners",
                f"{variabele} ({_getal(figures[variabele])}) is meer dan het aantal inwoners "
                f"({_getal(inwoners)}) van de regio",
                str(figures[variabele]),
            )


def _getal(x: float) -> str:
    """A figure as a Dutch reader writes it: 28.505 and 104,5."""
    tekst = f"{int(x):,}" if x.is_integer() else f"{x:,}"
    return tekst.translate(str.maketrans(",.", ".,"))
