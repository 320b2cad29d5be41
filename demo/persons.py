"""Synthetic clients: BSN, name, address. Nothing here is linked to a real person."""

from __future__ import annotations

import numpy as np

from demo.frame import FrameGemeente
from demo.model import Persons

_BSN_WEIGHTS = np.array([9, 8, 7, 6, 5, 4, 3, 2], dtype=np.int64)
# A BSN without its check digit, from .. to (excluded): every demo BSN starts with 9.
BSN_PREFIXES = (90_000_000, 100_000_000)

_VOORNAMEN = {
    "1": [
        "Daan",
        "Sem",
        "Lucas",
        "Noah",
        "Levi",
        "Finn",
        "Milan",
        "Bram",
        "Thijs",
        "Jesse",
        "Ruben",
        "Mohammed",
        "Adam",
        "Noël",
        "René",
        "André",
        "Gerrit",
        "Henk",
        "Jan",
        "Willem",
        "Hendrik",
        "Bart",
    ],
    "2": [
        "Emma",
        "Julia",
        "Sophie",
        "Tess",
        "Zoë",
        "Mila",
        "Sara",
        "Anna",
        "Fleur",
        "Lotte",
        "Noor",
        "Chloë",
        "Ilse",
        "Maria",
        "Johanna",
        "Hendrika",
        "Anneke",
        "Ria",
        "Wilhelmina",
        "Fatima",
        "Inès",
    ],
}
_ACHTERNAMEN = [
    ("de", "Jong"),
    ("", "Jansen"),
    ("de", "Vries"),
    ("van den", "Berg"),
    ("van", "Dijk"),
    ("", "Bakker"),
    ("", "Visser"),
    ("", "Smit"),
    ("", "Meijer"),
    ("de", "Boer"),
    ("", "Mulder"),
    ("de", "Groot"),
    ("", "Bos"),
    ("", "Vos"),
    ("", "Peters"),
    ("", "Hendriks"),
    ("van", "Leeuwen"),
    ("", "Dekker"),
    ("", "Brouwer"),
    ("de", "Wit"),
    ("", "Dijkstra"),
    ("van der", "Meer"),
    ("", "Kok"),
    ("", "Haverkamp"),
    ("", "Oude Luttikhuis"),
    ("", "Nijhuis"),
    ("", "Lammertink"),
    ("ter", "Horst"),
    ("", "Kösters"),
    ("", "Özdemir"),
    ("", "El Amrani"),
    ("", "Nguyen"),
    ("", "Wolters"),
    ("ten", "Brinke"),
]
_STRATEN = [
    "Kerkstraat",
    "Dorpsstraat",
    "Molenweg",
    "Beukenlaan",
    "Esweg",
    "Stationsstraat",
    "Julianastraat",
    "Wilhelminastraat",
    "Schoolstraat",
    "Lindelaan",
    "Brinkstraat",
    "Oldenzaalsestraat",
    "Burgemeester Jansenlaan",
    "Noorderhagen",
    "Eikenlaan",
    "Marktstraat",
]
# Postcode letter pairs SA, SD and SS are not used in Dutch postcodes.
_LETTERS = np.array(
    [
        a + b
        for a in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
        for b in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
        if a + b not in ("SA", "SD", "SS")
    ]
)


def with_check_digit(prefix: np.ndarray) -> np.ndarray:
    """The BSNs (integers) made of those 8-digit ``prefix``es that have an elfproef check digit (10 does not exist)."""
    digits = (prefix[:, None] // 10 ** np.arange(7, -1, -1)) % 10
    check = (digits @ _BSN_WEIGHTS) % 11
    return prefix[check < 10] * 10 + check[check < 10]


def bsn_numbers(rng: np.random.Generator, n: int) -> np.ndarray:
    """``n`` distinct 9-digit numbers starting with 9 that pass the elfproef."""
    found = np.empty(0, dtype=np.int64)
    while len(found) < n:
        prefix = rng.integers(BSN_PREFIXES[0], BSN_PREFIXES[1], size=int((n - len(found)) * 1.2) + 64)
        merged = np.concatenate([found, with_check_digit(prefix)])
        _, first = np.unique(merged, return_index=True)
        found = merged[np.sort(first)]  # keep draw order: it is what the seed fixes
    return found[:n].astype("U9")


def make_persons(
    rng: np.random.Generator, frame: list[FrameGemeente], gemeente: np.ndarray, geboortedatum: np.ndarray
) -> Persons:
    """Clients living in ``frame[gemeente[i]]``, each in a real wijk drawn by its population."""
    n = len(gemeente)
    wijkcode = np.empty(n, dtype="U8")
    pc4 = np.empty(n, dtype=np.int64)
    for g, fg in enumerate(frame):
        rows = np.flatnonzero(gemeente == g)
        weights = np.array([w.inwoners for w in fg.wijken], dtype=float)
        pick = rng.choice(len(fg.wijken), size=len(rows), p=weights / weights.sum())
        wijkcode[rows] = np.array([w.code for w in fg.wijken])[pick]
        pc4[rows] = np.array([w.pc4 for w in fg.wijken])[pick]
    geslacht = np.where(rng.random(n) < 0.5, "1", "2")
    voornaam = np.where(
        geslacht == "1",
        np.array(_VOORNAMEN["1"])[rng.integers(0, len(_VOORNAMEN["1"]), n)],
        np.array(_VOORNAMEN["2"])[rng.integers(0, len(_VOORNAMEN["2"]), n)],
    )
    naam = rng.integers(0, len(_ACHTERNAMEN), n)
    return Persons(
        bsn=bsn_numbers(rng, n),
        geboortedatum=geboortedatum,
        geslacht=geslacht,
        gemeentecode=np.array([fg.code for fg in frame])[gemeente],
        wijkcode=wijkcode,
        postcode=np.char.add(pc4.astype("U4"), _LETTERS[rng.integers(0, len(_LETTERS), n)]),
        huisnummer=rng.integers(1, 200, n),
        straatnaam=np.array(_STRATEN)[rng.integers(0, len(_STRATEN), n)],
        voornaam=voornaam,
        voorvoegsel=np.array([v for v, _ in _ACHTERNAMEN])[naam],
        achternaam=np.array([a for _, a in _ACHTERNAMEN])[naam],
    )
