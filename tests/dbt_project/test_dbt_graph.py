"""The dbt graph orders itself: the serving layer ref()s every indicator model by name, so a plain
`dbt build` runs serving after the marts. The names come from one literal list
(dbt_project/macros/indicatoren/indicator_modellen.sql); it must hold exactly the models whose YAML has
meta.indicator, or an indicator would silently be left out of (or break) the long table."""

import re

import yaml

from pipelines import indicatoren
from pipelines.config import DBT_PROJECT_DIR

LIST = DBT_PROJECT_DIR / "macros" / "indicatoren" / "indicator_modellen.sql"


def listed_models() -> list[str]:
    body = LIST.read_text(encoding="utf-8").split("return([", 1)[1].split("])", 1)[0]
    return re.findall(r"'([a-z0-9_]+)'", body)


def test_the_indicator_list_is_exactly_the_models_with_meta_indicator():
    listed = listed_models()
    defined = {d["model"] for d in indicatoren.definitions()}
    assert len(listed) == len(set(listed)), "a name is listed twice"
    assert set(listed) == defined, (
        f"add to {LIST.name}: {sorted(defined - set(listed))}; remove: {sorted(set(listed) - defined)}"
    )


def test_every_indicator_model_has_its_sql_file():
    models = {p.stem for p in (DBT_PROJECT_DIR / "models" / "marts").rglob("ind_*.sql")}
    assert set(listed_models()) == models


def test_the_serving_model_refs_the_list_not_the_graph():
    sql = (DBT_PROJECT_DIR / "models" / "serving" / "fct_indicator_values.sql").read_text(encoding="utf-8")
    assert "indicator_modellen()" in sql and "ref(naam)" in sql
    assert "graph.nodes" not in sql and "indicator_nodes()" not in sql


def test_every_indicator_yaml_names_the_contract_test():
    for d in indicatoren.definitions():
        models = yaml.safe_load((DBT_PROJECT_DIR / d["bestand"]).read_text(encoding="utf-8"))["models"]
        model = next(m for m in models if m["name"] == d["model"])
        assert "indicator_contract" in (model.get("data_tests") or []), d["model"]
