{{ doorgelaten_rijen('berichten', 'stop', [
    'wet', 'gemeentecode', 'aanbieder', 'bericht_id', 'dagtekening', 'client_id', 'geboortemaand',
    'toewijzingnummer', 'productcategorie', 'productcode', 'begindatum', 'einddatum', 'reden_beeindiging',
    'status_aanlevering',
]) }}
