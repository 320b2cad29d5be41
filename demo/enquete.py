"""The client survey (cliëntervaringsonderzoek), drawn from the clients of the case system's voorzieningen.

Drawn after the case system, from the region's generator, so the other source files stay byte-identical.
"""

from __future__ import annotations

import numpy as np

from demo.helpers import days, numbered
from demo.model import Enquete, Voorzieningen

# Survey: a tenth of each year's clients answer; two thirds agree to be linked by BSN.
ENQUETE_RESPONS = 0.10
TOESTEMMING = 0.65
WEET_NIET = 0.04
VRAGEN = {
    "wmo": {
        "wist_waar": 0.70,
        "snel_geholpen": 0.68,
        "serieus_genomen": 0.85,
        "samen_oplossing": 0.78,
        "past_bij_vraag": 0.80,
        "kwaliteit_goed": 0.82,
        "effect_doen_wat_ik_wil": 0.70,
        "effect_beter_redden": 0.75,
        "effect_kwaliteit_van_leven": 0.72,
    },
    "jeugd": {"serieus_genomen": 0.82, "tevreden_nut_effect": 0.74, "beter_redden": 0.68, "zonder_hulp_verder": 0.55},
}


def build_enquete(rng, v: Voorzieningen, start_year: int, end_year: int) -> Enquete:
    """Respondents drawn each year from the clients with a voorziening running that year."""
    parts = []
    nummer = 0
    for jaar in range(start_year, end_year + 1):
        begin, eind = np.datetime64(f"{jaar}-01-01"), np.datetime64(f"{jaar}-12-31")
        for onderzoek, vragen in VRAGEN.items():
            active = (
                (v.wet == onderzoek) & (v.datum_start <= eind) & (np.isnat(v.datum_einde) | (v.datum_einde >= begin))
            )
            clients = np.unique(v.bsn[active])
            respondent_bsn = clients[rng.random(len(clients)) < ENQUETE_RESPONS]
            r = len(respondent_bsn)
            gemeente = _gemeente_of(v, respondent_bsn)
            toestemming = rng.random(r) < TOESTEMMING
            datum = np.datetime64(f"{jaar}-10-01") + days(rng.integers(0, 61, r))
            stemming = rng.standard_normal(r)  # one respondent tends to answer all items alike
            for vraag, basis in vragen.items():
                eens = rng.random(r) < 1 / (1 + np.exp(-(np.log(basis / (1 - basis)) + 0.9 * stemming)))
                antwoord = np.where(
                    eens,
                    np.where(rng.random(r) < 0.35, 5, 4),
                    np.array([3, 2, 1])[rng.choice(3, size=r, p=[0.5, 0.35, 0.15])],
                )
                antwoord = np.where(rng.random(r) < WEET_NIET, 9, antwoord)
                parts.append(
                    {
                        "respondentnummer": numbered("R", r, after=nummer),
                        "gemeentecode": gemeente,
                        "onderzoek": np.full(r, onderzoek),
                        "jaar": np.full(r, jaar),
                        "datum": datum,
                        "toestemming": toestemming,
                        "bsn": np.where(toestemming, respondent_bsn, ""),
                        "vraagcode": np.full(r, vraag),
                        "antwoord": antwoord,
                    }
                )
            nummer += r
    return Enquete(**{k: np.concatenate([p[k] for p in parts]) for k in parts[0]})


def _gemeente_of(v: Voorzieningen, bsn: np.ndarray) -> np.ndarray:
    order = np.argsort(v.bsn, kind="stable")
    return v.gemeentecode[order][np.searchsorted(v.bsn[order], bsn)]
