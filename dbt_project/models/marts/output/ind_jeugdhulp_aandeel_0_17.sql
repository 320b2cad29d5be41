-- Young people aged 0-17 with jeugdhulp in the period, as a share of residents aged 0-17 (BBV).
{{ jeugdhulp_aandeel('jeugdhulp_aandeel_0_17', 18, 'inwoners_0_17') }}
