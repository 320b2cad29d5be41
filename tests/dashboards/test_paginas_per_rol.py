"""Every role opens every page it may without an error, and never sees a page it may not."""

import pytest
from ingelogd import GEBRUIKERS

from dashboards.app import PAGINAS
from dashboards.toegang import PAGINA_ROL, Rol

TITELS = {sleutel: titel for sleutel, (titel, _) in PAGINAS.items()}


@pytest.mark.parametrize("gebruiker", list(GEBRUIKERS))
@pytest.mark.parametrize("pagina", list(PAGINA_ROL))
def test_page_per_role(app_als, gebruiker, pagina):
    at = app_als(gebruiker, pagina=pagina)
    at.run()
    assert not at.exception, at.exception
    titels = [t.value for t in at.title]
    mag = Rol[GEBRUIKERS[gebruiker][0]] >= PAGINA_ROL[pagina]
    overzicht = any(" · " in t for t in titels)  # the Stuurwiel title names area and period
    if mag:
        assert overzicht == (pagina == "stuurwiel"), titels
    else:
        # a page outside the role falls back to the overview: none of its own content is drawn
        assert not any(TITELS[pagina] == t for t in titels), titels
        assert overzicht, "the Stuurwiel overview is shown instead"
