{{ doorgelaten_rijen('berichten', 'toewijzing', [
    'wet', 'gemeentecode', 'aanbieder', 'bericht_id', 'dagtekening', 'client_id', 'geboortemaand',
    'toewijzingnummer', 'referentie_aanbieder', 'productcategorie', 'productcode', 'toewijzingsdatum',
    'toewijzingstijd', 'ingangsdatum', 'einddatum', 'volume', 'eenheid', 'frequentie', 'budget_cent',
    'reden_wijziging',
]) }}
