{# The age columns of int_bevolking with their first and last year of age (105 stands for 105 and older):
   the one list int_bevolking computes them from and per_inwoners() checks its noemer against. #}
{% macro bevolking_leeftijden() -%}
    {{ return({
        'inwoners_0_17': (0, 17),
        'inwoners_0_22': (0, 22),
        'inwoners_12_22': (12, 22),
        'inwoners_15_64': (15, 64),
        'inwoners_18_plus': (18, 105),
    }) }}
{%- endmacro %}
