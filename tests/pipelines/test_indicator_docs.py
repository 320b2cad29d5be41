"""docs/indicators.md is generated from the indicator YAML and must be kept in step with it."""

from pipelines import indicatoren


def test_every_layer_has_an_indicator_with_a_complete_definition():
    found = indicatoren.definitions()
    assert {d["laag"] for d in found} == set(indicatoren.LAGEN)
    required = {
        "id",
        "naam",
        "laag",
        "definitie",
        "formule",
        "teller",
        "noemer",
        "eenheid",
        "schaal",
        "richting",
        "norm",
        "norm_bron",
        "kleine_aantallen",
        "bronnen",
        "kanttekeningen",
        "volgorde",
    }
    for d in found:
        assert required <= set(d), (d["model"], required - set(d))
        assert d["model"] == f"ind_{d['id']}"
        assert d["kleine_aantallen"] in indicatoren.KLEINE_AANTALLEN, d["model"]
        assert d["bestand"].split("/")[-2] == d["laag"], d["model"]  # the folder is the layer
        # A ratio names its denominator and its scale; a value that is not a ratio has neither.
        assert (d["noemer"] is None) == (d["schaal"] is None), d["model"]


def test_the_indicator_page_is_up_to_date():
    assert indicatoren.DOC.read_text(encoding="utf-8") == indicatoren.page(), (
        "run: .venv/bin/python -m pipelines.indicatoren"
    )


def test_every_indicator_names_its_official_source_and_how_it_compares():
    for d in indicatoren.definitions():
        assert str(d.get("officiele_bron") or "").strip(), (d["model"], "officiele_bron ontbreekt")
        assert d.get("vergelijking") in indicatoren.VERGELIJKINGEN, (d["model"], d.get("vergelijking"))
        # A difference is explained in one sentence; a figure that is the same (or has no official twin) has none.
        assert bool(str(d.get("verschil") or "").strip()) == (d["vergelijking"] == "wijkt_af"), d["model"]
        assert (d["vergelijking"] == "geen_officiele") == d["officiele_bron"].startswith("geen"), d["model"]


def test_a_cbs_benchmark_stands_only_beside_an_indicator_with_an_official_twin():
    for d in indicatoren.definitions():
        if d.get("cbs_variabele"):
            assert d.get("vergelijking") != "geen_officiele", d["model"]


def test_a_cbs_count_is_only_declared_beside_a_rate_it_can_be_divided_into():
    """cbs_maat aantal turns the CBS count into schaal x count / our noemer: it needs the CBS figure and a schaal."""
    for d in indicatoren.definitions():
        if d.get("cbs_maat") is not None:
            assert d["cbs_maat"] == "aantal", d["model"]
            assert d.get("cbs_variabele") and d.get("schaal"), d["model"]
