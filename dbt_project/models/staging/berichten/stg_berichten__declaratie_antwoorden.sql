{{ doorgelaten_rijen('berichten', 'declaratie_antwoord', [
    'wet', 'gemeentecode', 'aanbieder', 'bericht_id', 'dagtekening', 'declaratie_identificatie', 'declaratienummer',
    'totaal_ingediend_cent', 'totaal_toegekend_cent', 'declaratie_retourcodes', 'client_id', 'productreferentie',
    'toewijzingnummer', 'productcategorie', 'productcode', 'productperiode_begin', 'productperiode_eind',
    'ingediend_bedrag_cent', 'retourcodes',
]) }}
