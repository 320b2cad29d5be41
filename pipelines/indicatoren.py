"""The indicator definitions, read from their YAML files, and the page that documents them.

`python -m pipelines.indicatoren` rewrites docs/indicators.md; a test keeps it in step with the YAML.
"""

from __future__ import annotations

import yaml

from pipelines.config import DBT_PROJECT_DIR, PROJECT_ROOT

MARTS = DBT_PROJECT_DIR / "models" / "marts"
DOC = PROJECT_ROOT / "docs" / "indicators.md"
LAGEN = ("input", "throughput", "output", "outcome")
KLEINE_AANTALLEN = {  # docs/contracts/indicatoren.md: what the serving layer rounds and suppresses
    "teller": "teller telt personen: afronden en onderdrukken",
    "teller_en_noemer": "teller en noemer tellen personen: afronden en onderdrukken",
    "geen": "geen persoonsaantallen (geld)",
}
# docs/contracts/indicatoren.md: how a definition compares with the official one named in officiele_bron
VERGELIJKINGEN = {
    "gelijk": "gelijk aan de officiële definitie",
    "wijkt_af": "wijkt af van de officiële definitie",
    "geen_officiele": "geen officiële tegenhanger",
}


def definitions() -> list[dict]:
    """Every model's meta.indicator, in layer and volgorde order."""
    found = []
    for path in sorted(MARTS.rglob("*.yml")):
        for model in yaml.safe_load(path.read_text(encoding="utf-8")).get("models", []):
            meta = model.get("config", {}).get("meta", {}).get("indicator")
            if meta:
                found.append({**meta, "model": model["name"], "bestand": path.relative_to(DBT_PROJECT_DIR).as_posix()})
    return sorted(found, key=lambda m: (LAGEN.index(m["laag"]), m["volgorde"]))


def vergelijking(m: dict) -> str:
    """How the definition compares with the official one, with the reason when it differs."""
    tekst = VERGELIJKINGEN[m["vergelijking"]]
    return f"{tekst}: {m['verschil']}" if m.get("verschil") else tekst


def page() -> str:
    lines = [
        "# Indicators",
        "",
        "Generated from the YAML definitions in `dbt_project/models/marts/` by `python -m pipelines.indicatoren`;",
        "do not edit by hand. Definitions are in Dutch, as the dashboards show them.",
    ]
    for laag in LAGEN:
        lines += ["", f"## {laag.capitalize()}"]
        for m in (d for d in definitions() if d["laag"] == laag):
            norm = m["norm_bron"] if m.get("norm") is None else f"{m['norm']:g} {m['eenheid']} — {m['norm_bron']}"
            lines += [
                "",
                f"### {m['naam']} (`{m['id']}`)",
                "",
                m["definitie"],
                "",
                f"- Formule: {m['formule']}",
                f"- Teller: {m['teller']}",
                *([f"- Noemer: {m['noemer']}"] if m.get("noemer") else []),
                f"- Eenheid: {m['eenheid']}; richting: {m['richting'].replace('_', ' ')}",
                f"- Norm: {norm}",
                f"- Kleine aantallen: {KLEINE_AANTALLEN[m['kleine_aantallen']]}",
                f"- Bronnen: {m['bronnen']}",
                *([f"- Officiële bron: {m['officiele_bron']}"] if m.get("officiele_bron") else []),
                *([f"- Vergelijking: {vergelijking(m)}"] if m.get("vergelijking") else []),
                *([f"- Kanttekeningen: {m['kanttekeningen']}"] if m.get("kanttekeningen") else []),
                f"- Model: `{m['model']}` (`{m['bestand']}`)",
            ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    DOC.write_text(page(), encoding="utf-8")
    print(f"{DOC} geschreven ({len(definitions())} indicatoren)")
