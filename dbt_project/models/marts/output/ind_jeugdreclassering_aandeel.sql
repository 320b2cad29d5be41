-- Young people aged 12-22 with jeugdreclassering (JZ020 47) in the period, as a share of residents aged
-- 12-22 (BBV indicator "jongeren met jeugdreclassering", % 12-22).
{{ jeugd_categorie_aandeel('jeugdreclassering_aandeel', '47', 12, 23, 'inwoners_12_22') }}
