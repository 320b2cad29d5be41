{{ doorgelaten_rijen('berichten', 'stop', [
    'wet', 'gemeentecode', 'aanbieder', 'bericht_id', 'dagtekening', 'client_id', 'geboortedatum',
    'toewijzingnummer', 'productcategorie', 'productcode', 'begindatum', 'einddatum', 'reden_beeindiging',
    'status_aanlevering',
]) }}
