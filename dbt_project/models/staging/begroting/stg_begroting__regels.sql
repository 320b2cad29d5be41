{{ doorgelaten_rijen('begroting', 'regels', [
    'begrotingsjaar', 'gemeentecode', 'taakveld', 'soort', 'wijzigingnummer', 'datum', 'bedrag',
]) }}
