{{ doorgelaten_rijen('zaaksysteem', 'voorzieningen', [
    'beschikkingnummer', 'gemeentecode', 'client_id', 'wet', 'datum_afgifte', 'productcategorie', 'productcode',
    'leveringsvorm', 'datum_start', 'datum_einde', 'toewijzingnummer', 'pgb_budget',
]) }}
{{ laatste_levering('gemeentecode') }}
