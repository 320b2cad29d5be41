"""docs/indicators.md is generated from the indicator YAML and must be kept in step with it."""

from pipelines import indicatoren


def test_every_layer_has_an_indicator_with_a_complete_definition():
    found = indicatoren.definitions()
    assert {d["laag"] for d in found} == set(indicatoren.LAGEN)
    required = {"id", "naam", "laag", "definitie", "formule", "eenheid", "richting", "norm_bron", "volgorde", "bronnen"}
    for d in found:
        assert required <= set(d), d["model"]
        assert d["model"] == f"ind_{d['id']}"


def test_the_indicator_page_is_up_to_date():
    assert indicatoren.DOC.read_text(encoding="utf-8") == indicatoren.page(), \
        "run: .venv/bin/python -m pipelines.indicatoren"
