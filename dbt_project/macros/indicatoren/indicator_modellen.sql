{# Every indicator model by name: the serving layer ref()s each one, so dbt orders serving after all of
   them. A literal list, because dbt records refs at parse time (a loop over graph.nodes finds nothing
   then). Adding an indicator: its SQL model, its YAML with meta.indicator, and its name here;
   tests/dbt_project/test_dbt_graph.py fails when this list and the YAML disagree. #}
{% macro indicator_modellen() -%}
    {{ return([
        'ind_beeindigd_volgens_plan',
        'ind_bijstand_per_10000',
        'ind_bijstand_uitstroom_werk',
        'ind_budgetuitputting',
        'ind_declaraties_afgewezen',
        'ind_doelen_bereikt',
        'ind_ervaren_effect',
        'ind_geen_nieuwe_start_12m',
        'ind_geen_nieuwe_start_6m',
        'ind_gemiddelde_duur',
        'ind_instroom',
        'ind_jeugdbescherming_aandeel',
        'ind_jeugdhulp_aandeel_0_17',
        'ind_jeugdhulp_aandeel_0_22',
        'ind_jeugdreclassering_aandeel',
        'ind_kosten_per_client',
        'ind_kosten_per_inwoner',
        'ind_kosten_per_succesvol_traject',
        'ind_lasten_begroting_ytd',
        'ind_lasten_per_financieringsvorm',
        'ind_lasten_prognose',
        'ind_lopende_trajecten',
        'ind_schuldhulp_aanmeldingen',
        'ind_schuldhulp_afgerond',
        'ind_schuldhulp_gesprek_binnen_termijn',
        'ind_stapeling',
        'ind_start_stop_tijdig',
        'ind_uitstroom',
        'ind_verzoek_binnen_termijn',
        'ind_wachtend_nu',
        'ind_wachttijd_aanbieder_p80',
        'ind_wachttijd_aanbieder_p95',
        'ind_wachttijd_besluit_mediaan',
        'ind_wachttijd_besluit_p80',
        'ind_wachttijd_besluit_p95',
        'ind_wachttijd_binnen_norm',
        'ind_wachttijd_mediaan',
        'ind_wmo_beschikking_binnen_2_weken',
        'ind_wmo_maatwerk_per_1000',
        'ind_wmo_onderzoek_binnen_6_weken',
        'ind_wmo_onderzoek_doorlooptijd'
    ]) }}
{%- endmacro %}
