"""The reconciliation with CBS (fct_cbs_vergelijking) for the Verkennen panel: one row beside CBS's 2024 figure."""

REDEN = "CBS rekent een jongere toe aan de gemeente van het woonplaatsbeginsel."


def voeg_toe(con) -> None:
    con.execute(
        "CREATE TABLE fct_cbs_vergelijking (indicator_id VARCHAR, gemeentecode VARCHAR, wijkcode VARCHAR,"
        " periode_type VARCHAR, periode DATE, waarde_stuurwiel DOUBLE, waarde_cbs DOUBLE, verschil DOUBLE,"
        " verschil_relatief DOUBLE, jaar_laatste_cbs INTEGER, reden VARCHAR)"
    )
    con.execute(
        "INSERT INTO fct_cbs_vergelijking SELECT indicator_id, gemeentecode, wijkcode, periode_type, periode,"
        " waarde, waarde_cbs, waarde - waarde_cbs, (waarde - waarde_cbs) / waarde_cbs, NULL, ?"
        " FROM fct_indicator_publicatie WHERE waarde_cbs IS NOT NULL",
        [REDEN],
    )
