{{ doorgelaten_rijen('brp', 'bevolking', ['gemeentecode', 'wijkcode', 'peildatum', 'leeftijd', 'aantal']) }}
{{ laatste_levering('gemeentecode, peildatum') }}
