{{ doorgelaten_rijen('cbs', 'kwb', [
    'regiocode', 'soort', 'jaar', 'variabele', 'waarde', 'geheim',
]) }}
