{{ doorgelaten_rijen('zaaksysteem', 'inkomensvoorzieningen', [
    'identificatie as uitkering_id', 'gemeentecode', 'client_id', 'partner_client_id', 'regeling', 'soort_uitkering',
    'datum_aanvraag', 'datum_toekenning', 'ingangsdatum', 'einddatum', 'reden_instroom', 'reden_uitstroom',
    'bedrag as maandbedrag',
]) }}
{{ laatste_levering('gemeentecode') }}
