{{ doorgelaten_rijen('zaaksysteem', 'meldingen', [
    'identificatie as melding_id', 'gemeentecode', 'client_id', 'wet', 'datum_melding', 'datum_start_onderzoek',
    'datum_einde_onderzoek', 'datum_aanvraag', 'datum_beschikking', 'beschikkingnummer',
]) }}
{{ laatste_levering('gemeentecode') }}
