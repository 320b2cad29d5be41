"""Writing delivered files in tests, and the format variations every CSV reader must read alike."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path


def csv_text(header, rows, delimiter=";", line_end="\r\n") -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator=line_end)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def without_bestand(result, table):
    return result.tables[table].drop_columns(["_bestand"])


def assert_counts_add_up(result):
    assert result.rows_in == result.rows_loaded + len(result.quarantine)


def format_variants(header: list[str], rows: list[list[str]]) -> dict[str, bytes]:
    """The same rows as systems export them: encodings, delimiters, line ends, column order, extra columns."""
    text = csv_text(header, rows)
    order = list(reversed(range(len(header))))
    reordered = csv_text(
        [header[i].upper() for i in order] + ["Opmerking"],
        [[row[i] for i in order] + ["vrije tekst; met puntkomma"] for row in rows],
    )
    blank = ";" * (len(header) - 1)
    return {
        "cp1252": text.encode("cp1252"),
        "utf8": text.encode("utf-8"),
        "utf8-bom": text.encode("utf-8-sig"),
        "comma": csv_text(header, rows, delimiter=",").encode("utf-8"),
        "tab": csv_text(header, rows, delimiter="\t").encode("cp1252"),
        "lf-and-trailing-blank-lines": text.replace("\r\n", "\n").encode("utf-8-sig") + f"\n\n{blank}\n \n".encode(),
        "reordered-extra-columns": reordered.encode("utf-8-sig"),
    }


def respelled_variants(header: list[str], rows: list[list[str]]) -> dict[str, bytes]:
    """``format_variants``, and the values respelled: ISO or unpadded dates, no thousands dots, 8-digit BSN."""

    def respell(value: str, iso: bool) -> str:
        if len(value) == 9 and value.isdigit() and value.startswith("0"):
            return value[1:]
        parts = value.split("-")
        if len(parts) == 3 and len(parts[2]) == 4:
            return f"{parts[2]}-{parts[1]}-{parts[0]}" if iso else f"{int(parts[0])}-{int(parts[1])}-{parts[2]}"
        return value.replace(".", "") if "," in value else value

    return {
        **format_variants(header, rows),
        "iso-dates": csv_text(header, [[respell(v, True) for v in row] for row in rows]).encode("cp1252"),
        "unpadded-dates": csv_text(header, [[respell(v, False) for v in row] for row in rows]).encode("cp1252"),
    }


def assert_variants_read_alike(
    tmp_path: Path, variants: dict[str, bytes], read: Callable, table: str, detect: Callable[[Path, bytes], bool]
) -> None:
    """Every variant is detected as its source and gives the table of the first, row for row."""
    tables = {}
    for name, data in variants.items():
        path = write(tmp_path, f"{name}.csv", data)
        assert detect(path, data), name
        result = read(path)
        assert not result.quarantine, (name, result.quarantine)
        tables[name] = without_bestand(result, table)
    [(_, reference), *others] = tables.items()
    for name, other in others:
        assert other.equals(reference), name
