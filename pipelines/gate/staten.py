"""Every state a delivery can be in, named once. Python compares and stores these; SQL gets them by value.

The dbt macro `doorgelaten()` (dbt_project/macros/doorgelaten.sql) spells Poort.DOORGELATEN in SQL:
change both together.
"""

from __future__ import annotations

from enum import StrEnum


class Poort(StrEnum):
    """The gate's verdict on a delivery (meta.loads.poort). Staging reads only DOORGELATEN."""

    WACHT = "wacht"  # read and stored, the gate has not judged it yet
    DOORGELATEN = "doorgelaten"  # passed the gate, or accepted by a steward (`stuurwiel accept`)
    GEBLOKKEERD = "geblokkeerd"  # failed a blocking rule, or rejected whole at ingest


class Status(StrEnum):
    """What ingest did with a file (meta.loads.status)."""

    LOADED = "loaded"
    PARTIALLY_LOADED = "partially_loaded"  # some rows in quarantine
    REJECTED = "rejected"  # the file as a whole: unreadable, or no source recognises it
    SKIPPED_DUPLICATE = "skipped_duplicate"


class Reden(StrEnum):
    """Why a whole file was rejected or skipped (meta.loads.reden)."""

    ONBEKEND_BESTAND = "onbekend_bestand"  # no source recognises it
    BESTAND_ONLEESBAAR = "bestand_onleesbaar"  # its source could not read it
    AL_GELADEN = "al_geladen"  # the same content was loaded before


GELADEN = (Status.LOADED, Status.PARTIALLY_LOADED)
