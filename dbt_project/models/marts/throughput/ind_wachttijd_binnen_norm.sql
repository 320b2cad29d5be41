-- Share of care started in the period that started within the gemeente's waiting-time norm.
{{ aandeel_per_periode(
    'wachttijd_binnen_norm', ref('int_wachttijden'), 'startdatum', 'wachtdagen <= wachttijd_norm_dagen', ['wet']
) }}
