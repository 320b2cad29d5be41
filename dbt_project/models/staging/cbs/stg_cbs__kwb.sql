{#- A synthetic export (the demo's kwb_<jaar>_synthetisch.csv: what CBS would publish about the demo world)
    says so in its file name, the only place a StatLine export leaves for it; the comparison then says so too. #}
{{ doorgelaten_rijen('cbs', 'kwb', [
    'regiocode', 'soort', 'jaar', 'variabele', 'waarde', 'geheim',
    "contains(lower(_bestand), 'synthetisch') as synthetisch",
]) }}
