{{ doorgelaten_rijen('grootboek', 'boekingen', [
    'boekjaar', 'boekdatum', 'gemeentecode', 'taakveld', 'categorie', 'kostenplaats', 'crediteurnummer',
    'crediteurnaam', 'bedrag',
]) }}
