{{ doorgelaten_rijen('berichten', 'verzoek_toewijzing', [
    'wet', 'gemeentecode', 'aanbieder', 'bericht_id', 'dagtekening', 'client_id', 'geboortemaand',
    'referentie_aanbieder', 'beschikkingnummer', 'beschikking_ingangsdatum', 'verwijzer_type', 'productcategorie',
    'productcode', 'toewijzing_ingangsdatum', 'toewijzing_einddatum', 'volume', 'eenheid', 'frequentie',
    'budget_cent',
]) }}
