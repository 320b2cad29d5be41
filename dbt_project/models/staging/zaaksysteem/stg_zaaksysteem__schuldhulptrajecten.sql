{{ doorgelaten_rijen('zaaksysteem', 'schuldhulptrajecten', [
    'identificatie as traject_id', 'gemeentecode', 'client_id', 'datum_aanmelding', 'spoed', 'datum_eerste_gesprek',
    'fase', 'einddatum', 'uitstroomreden', 'schuldbedrag',
]) }}
{{ laatste_levering('gemeentecode') }}
