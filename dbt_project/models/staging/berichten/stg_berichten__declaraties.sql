{{ doorgelaten_rijen('berichten', 'declaratie', [
    'wet', 'gemeentecode', 'aanbieder', 'bericht_id', 'dagtekening', 'declaratienummer', 'declaratie_dagtekening',
    'client_id', 'productreferentie', 'toewijzingnummer', 'productcategorie', 'productcode', 'productperiode_begin',
    'productperiode_eind', 'geleverd_volume', 'eenheid', 'producttarief_cent', 'ingediend_bedrag_cent',
]) }}
