{{ doorgelaten_rijen('aanbieders', 'contracten', [
    'agb_code', 'kvk_nummer', 'naam', 'wet', 'gemeentecode', 'financieringsvorm', 'productcategorie', 'productcode',
    'eenheid', 'tarief', 'ingangsdatum', 'einddatum', 'contractplafond',
]) }}
