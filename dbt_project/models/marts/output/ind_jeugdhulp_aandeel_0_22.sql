-- Young people aged 0-22 with jeugdhulp in the period, as a share of residents aged 0-22: the age range
-- of the Jeugdwet's extended care and of CBS's "jongeren met jeugdhulp".
{{ jeugdhulp_aandeel('jeugdhulp_aandeel_0_22', 23, 'inwoners_0_22') }}
