{{ doorgelaten_rijen('berichten', 'antwoord', [
    'wet', 'gemeentecode', 'aanbieder', 'bericht_id', 'dagtekening', 'referentie_aanbieder', 'verzoek_antwoord',
    'reden_afwijzing', 'woonplaatsbeginsel_gemeente',
]) }}
