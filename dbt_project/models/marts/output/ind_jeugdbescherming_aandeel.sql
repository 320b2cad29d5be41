-- Young people aged 0-17 with jeugdbescherming (JZ020 48: ondertoezichtstelling or voogdij) in the
-- period, as a share of residents aged 0-17 (BBV indicator "jongeren met jeugdbescherming").
{{ jeugd_categorie_aandeel('jeugdbescherming_aandeel', '48', 0, 18, 'inwoners_0_17') }}
