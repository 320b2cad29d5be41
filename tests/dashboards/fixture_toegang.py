"""Rows only some roles may see: a wijk row and an aanbieder row of Enschede's jeugdhulp figure."""

WIJK = ("bereik_jeugdhulp", "GM0153", "WK015399", 131.0)
AANBIEDER = ("bereik_jeugdhulp", "GM0153", "aanbieder", "87654321", 44.0)


def voeg_toe(con) -> None:
    con.execute(
        "create table if not exists dim_aanbieder (agb_code varchar, naam varchar, kvk_nummer varchar, "
        "wet varchar, financieringsvorm varchar)"
    )
    con.execute(
        "insert into dim_aanbieder values (?, 'Zorg Toegang BV', '12345678', 'jeugd', 'inspanningsgericht')",
        [AANBIEDER[3]],
    )
    con.execute(
        """
        insert into fct_indicator_publicatie by name
        select indicator_id, gemeentecode, ? as wijkcode, periode_type, periode, dimensie, dimensie_waarde,
               ? as waarde, norm, status, false as onderdrukt, vintage, volledigheid
        from fct_indicator_publicatie
        where indicator_id = ? and gemeentecode = ? and dimensie = 'totaal' and wijkcode is null
        """,
        [WIJK[2], WIJK[3], WIJK[0], WIJK[1]],
    )
    con.execute(
        """
        insert into fct_indicator_publicatie by name
        select indicator_id, gemeentecode, null as wijkcode, periode_type, periode, ? as dimensie,
               ? as dimensie_waarde, ? as waarde, norm, status, false as onderdrukt, vintage, volledigheid
        from fct_indicator_publicatie
        where indicator_id = ? and gemeentecode = ? and dimensie = 'totaal' and wijkcode is null
        """,
        [AANBIEDER[2], AANBIEDER[3], AANBIEDER[4], AANBIEDER[0], AANBIEDER[1]],
    )
