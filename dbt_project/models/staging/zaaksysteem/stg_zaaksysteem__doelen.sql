{{ doorgelaten_rijen('zaaksysteem', 'doelen', [
    'beschikkingnummer', 'gemeentecode', 'client_id', 'doelnummer', 'leefgebied', 'datum_vastgesteld',
    'datum_evaluatie', 'behaald',
]) }}
{{ laatste_levering('gemeentecode') }}
