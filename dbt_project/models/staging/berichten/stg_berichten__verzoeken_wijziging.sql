{{ doorgelaten_rijen('berichten', 'verzoek_wijziging', [
    'wet', 'gemeentecode', 'aanbieder', 'bericht_id', 'dagtekening', 'client_id', 'referentie_aanbieder',
    'reden_verzoek', 'soort_regel', 'toewijzingnummer', 'productcategorie', 'productcode', 'ingangsdatum',
    'einddatum', 'volume', 'eenheid', 'frequentie', 'budget_cent',
]) }}
