{{ doorgelaten_rijen('zaaksysteem', 'reintegratievoorzieningen', [
    'identificatie as voorziening_id', 'gemeentecode', 'client_id', 'soort', 'datum_start', 'datum_einde',
]) }}
{{ laatste_levering('gemeentecode') }}
