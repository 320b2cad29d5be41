{{ doorgelaten_rijen('berichten', 'start', [
    'wet', 'gemeentecode', 'aanbieder', 'bericht_id', 'dagtekening', 'client_id', 'geboortemaand',
    'toewijzingnummer', 'productcategorie', 'productcode', 'begindatum', 'status_aanlevering',
]) }}
