"""Calibration of the synthetic region. Tags as in shared/domain.md:
[V] verified in the cited source, [S] secondary, [B] the author's assumption.
Every value is explained in docs/demo-assumptions.md.
"""

from __future__ import annotations

# New care episodes per inhabitant of the age band per year (before the
# gemeente factor and trend). Tuned so that about 10 % of 0-17 year olds have
# jeugdhulp in a year [V domain.md §8 / §3.2] and about 60 Wmo maatwerk clients
# per 1,000 inhabitants, mostly 75+ [V domain.md §8 / §3.3].
START_RATE: dict[str, dict[str, float]] = {
    "jeugd": {"0-3": 0.025, "4-11": 0.052, "12-17": 0.067},
    "wmo": {"0-3": 0.0005, "4-11": 0.001, "12-17": 0.001, "18-64": 0.008, "65-74": 0.026, "75-84": 0.068, "85+": 0.145},
}

# Yearly growth of the start rate from the first year [B]: jeugd keeps growing,
# Wmo grows with ageing and the HbH abonnementstarief.
TREND = {"jeugd": 0.02, "wmo": 0.02}

# Spread between gemeenten of the start rate (lognormal sigma) [B].
GEMEENTE_SPREAD = 0.12

# Product mix of new episodes by age band [B].
_JEUGD_MIX = {
    "45A01": 0.24,
    "45A02": 0.14,
    "45A10": 0.08,
    "45A05": 0.10,
    "54A01": 0.14,
    "41A01": 0.04,
    "44A01": 0.04,
    "44A02": 0.01,
    "43A01": 0.03,
    "46A01": 0.02,
    "43A05": 0.003,
    "55A01": 0.007,
    "48A01": 0.05,
}
_WMO_ADULT = {
    "01A01": 0.12,
    "01A02": 0.08,
    "02A01": 0.25,
    "02A05": 0.07,
    "07A01": 0.14,
    "15A01": 0.08,
    "11X02": 0.06,
    "12X01": 0.05,
    "13X12": 0.07,
    "08A01": 0.08,
}
_WMO_SENIOR = {
    "01A01": 0.20,
    "01A02": 0.15,
    "02A01": 0.08,
    "02A05": 0.03,
    "07A01": 0.07,
    "15A01": 0.005,
    "11X02": 0.10,
    "12X01": 0.12,
    "13X12": 0.10,
    "08A01": 0.145,
}
_WMO_CHILD = {"11X02": 0.3, "13X12": 0.3, "08A01": 0.4}
PRODUCT_MIX: dict[str, dict[str, dict[str, float]]] = {
    "jeugd": {"0-3": _JEUGD_MIX, "4-11": _JEUGD_MIX, "12-17": {**_JEUGD_MIX, "47A01": 0.03}},
    "wmo": {
        "0-3": _WMO_CHILD,
        "4-11": _WMO_CHILD,
        "12-17": _WMO_CHILD,
        "18-64": _WMO_ADULT,
        "65-74": _WMO_SENIOR,
        "75-84": _WMO_SENIOR,
        "85+": _WMO_SENIOR,
    },
}

# Chance that an episode gets a second product at the same time, and which [B]:
# ambulant jeugdhulp next to other help; a hulpmiddel or vervoer next to HbH.
SECOND_PRODUCT = {
    "jeugd": (0.15, {"45A01": 0.4, "54A01": 0.35, "45A02": 0.25}),
    "wmo": (0.30, {"11X02": 0.2, "12X01": 0.25, "13X12": 0.2, "08A01": 0.35}),
}

# Stop reasons (JZ588 / WMO588) with their chance [B]. Drop-out codes end care
# early. 38/39 exist from 1 April 2022 [V JZ588 ingangsdatum]; earlier they
# are replaced by FALLBACK_REASON.
REASONS = {
    "jeugd": {
        "31": 0.655,
        "32": 0.07,
        "33": 0.03,
        "34": 0.09,
        "35": 0.03,
        "36": 0.03,
        "37": 0.02,
        "38": 0.035,
        "39": 0.035,
        "02": 0.002,
    },
    "jeugd_justitieel": {"31": 0.85, "36": 0.10, "35": 0.05},
    "wmo": {
        "19": 0.58,
        "21": 0.12,
        "22": 0.05,
        "23": 0.10,
        "31": 0.03,
        "36": 0.02,
        "37": 0.01,
        "38": 0.02,
        "39": 0.04,
        "02": 0.03,
    },
    "wmo_75plus": {
        "19": 0.40,
        "21": 0.06,
        "22": 0.03,
        "23": 0.06,
        "31": 0.02,
        "36": 0.03,
        "37": 0.01,
        "38": 0.02,
        "39": 0.15,
        "02": 0.22,
    },
}
DROPOUT = {"32", "33", "34", "21", "22", "23"}
# The client leaves: every running toewijzing stops on the same day for the same reason.
EXIT = {"jeugd": {"02", "35", "39"}, "wmo": {"02", "31", "39"}}
NEW_CODES_FROM = "2022-04-01"
FALLBACK_REASON = {"jeugd": {"38": "34", "39": "31"}, "wmo": {"38": "23", "39": "19"}}
# Reason of the 301 with which the gemeente ends the toewijzing after a stop
# (the "Reden wijziging toewijzing" column of JZ588 / WMO588) [V].
REDEN_WIJZIGING = {"02": "02", "35": "07", "36": "05", "37": "12", "38": "09", "39": "06"}
REDEN_WIJZIGING_WMO = {"02": "02", "31": "07", "36": "05", "37": "12", "38": "09", "39": "06"}

# A new episode for the same client after a stop [B]: (chance, median gap in days).
FOLLOW_UP = {"plan": (0.12, 240), "dropout": (0.30, 90), "overstap": (1.0, 5), "crisis": (0.6, 3)}

# Share of toewijzingen that never start (no 305) [B]; part of those is later
# withdrawn with RedenWijziging 13 'Verwijderd' [B].
NEVER_START = 0.03
WITHDRAWN = 0.25

# Waits grew with staff shortages [B]; multiplier on the median wait per year.
WAIT_TREND = {2021: 0.9, 2022: 1.1, 2023: 1.25, 2024: 1.15, 2025: 1.05}
WAIT_SIGMA = 0.8

# Delivered share of the allocated weekly volume [B]; share of allocated
# Wmo-vervoer rides actually made [B].
DELIVERED = (0.70, 1.0)
RIDES_USED = 0.8

# Tariff indexation per year (OVA-like) [B] and spread between aanbieders [B].
INDEX = 0.035
AANBIEDER_SPREAD = 0.04

# Declarations: share sent one to five months late [B, domain.md §8 "part of a
# year's claims arrive the next year" V]; share of lines later credited and
# re-declared [B].
LATE = 0.05
CREDIT = 0.003

# Messages leave this many days after the event: most within the 5 werkdagen
# of OP271/OP272 [V], a tail later [B].
MESSAGE_DELAY = (0.85, 6, 45)  # share on time, max days on time, max days late

# Toegang / wijkteam cost per inhabitant per year in the first year [B].
TOEGANG_PER_INWONER_CENT = 5800
TOEGANG_GROWTH = 0.04

# Budget against the realised spend [V domain.md §8: about three quarters of
# gemeenten spend more on jeugd than budgeted]: chance of a jeugd overrun and
# the final budget as a share of the spend.
JEUGD_OVERRUN = 0.75
JEUGD_BUDGET_OVERRUN = (0.86, 0.97)
JEUGD_BUDGET_UNDERRUN = (1.01, 1.08)
WMO_BUDGET = (0.96, 1.05)
TOEGANG_BUDGET = (0.99, 1.02)

# What follows a crisis placement [B].
AFTER_CRISIS = {"44A01": 0.4, "43A01": 0.3, "45A01": 0.3}

# Years simulated before the first year so that the first day already has a
# realistic stock of running care [B: long enough for most Wmo durations].
WARMUP_YEARS = 8
