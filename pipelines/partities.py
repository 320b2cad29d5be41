"""Monthly partitions of the periodic sources (messages, ledger): which months a load covers.

A delivery's months come from its content (Dagtekening, boekdatum), not from when it arrived, so a
late or corrected delivery lands on the month it is about. One load becomes one run over the range
of months it covers (a single-run backfill): every run ends with a dbt build and a publish, and one
of those per load is plenty. Which assets a load runs, and over which months: pipelines/laadplan.py.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path

import dagster as dg
from dagster._core.storage.tags import ASSET_PARTITION_RANGE_END_TAG, ASSET_PARTITION_RANGE_START_TAG

from pipelines import ingest

# The decentralisation of 2015 is the oldest period a gemeente can deliver; end_offset=1 keeps the
# current month open for deliveries about it.
MAANDEN = dg.MonthlyPartitionsDefinition(start_date="2015-01-01", timezone="Europe/Amsterdam", end_offset=1)


def maand(day: date) -> str:
    return day.replace(day=1).isoformat()


def bereik(files: Iterable[tuple[str, Path]], vandaag: date | None = None) -> dg.PartitionKeyRange | None:
    """The partition range covering (source, file) deliveries of periodic sources, or None if none.

    A file whose period cannot be read counts for the month it arrived in; the loader will say what is
    wrong with it. Months outside the partitions (a typo like 2052) are clamped to the ends.
    """
    keys = MAANDEN.get_partition_keys()
    months: list[str] = []
    for source, path in files:
        if source not in ingest.PERIODIC:
            continue
        periode = ingest.periode(source, path)
        first, last = periode or ((vandaag or date.today()),) * 2
        months += [maand(first), maand(last)]
    if not months:
        return None

    def clamp(key: str) -> str:  # ISO keys sort as the dates they are
        return min(max(key, keys[0]), keys[-1])

    return dg.PartitionKeyRange(clamp(min(months)), clamp(max(months)))


def tags(window: dg.PartitionKeyRange) -> dict[str, str]:
    """Run tags that make a run materialize every partition of the window at once."""
    return {ASSET_PARTITION_RANGE_START_TAG: window.start, ASSET_PARTITION_RANGE_END_TAG: window.end}


def in_window(periode: tuple[date, date] | None, window: dg.TimeWindow) -> bool:
    """Does a delivery fall in a run's window? A file without a readable period goes with any run."""
    if periode is None:
        return True
    first, last = (maand(d) for d in periode)
    return first < window.end.date().isoformat() and last >= window.start.date().isoformat()
