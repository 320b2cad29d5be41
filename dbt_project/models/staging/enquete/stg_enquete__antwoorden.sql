{{ doorgelaten_rijen('enquete', 'antwoorden', [
    'respondentnummer', 'gemeentecode', 'onderzoek', 'jaar', 'datum_invulling', 'toestemming', 'client_id',
    'vraagcode', 'antwoord', 'antwoord >= 4 as mee_eens',
]) }}
{{ laatste_levering('gemeentecode, onderzoek, jaar') }}
