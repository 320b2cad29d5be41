"""CBS beside our figures: a second half-year of 2024 with CBS's half-year figure (the grain CBS and the GMSD
publish in), and the reconciliation (fct_cbs_vergelijking) for every row that has a CBS figure."""

REDEN = "CBS rekent een jongere toe aan de gemeente van het woonplaatsbeginsel."
CBS_H2_2024 = 108.0


def voeg_toe(con) -> None:
    con.execute(
        "INSERT INTO fct_indicator_publicatie BY NAME SELECT * REPLACE ("
        " 'halfjaar' AS periode_type, DATE '2024-07-01' AS periode,"
        " CASE WHEN waarde_cbs IS NOT NULL THEN ? END AS waarde_cbs)"
        " FROM fct_indicator_publicatie"
        " WHERE indicator_id = 'bereik_jeugdhulp' AND periode_type = 'jaar' AND periode = DATE '2024-01-01'",
        [CBS_H2_2024],
    )
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
