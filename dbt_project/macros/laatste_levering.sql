{# A case-system or survey export is a full snapshot of its entity: the latest delivery that passed the
   gate replaces every earlier one, per partition (a gemeente, or a gemeente's survey year). Load ids
   start with their load time, so the greatest is the latest. #}
{% macro laatste_levering(partition_by) -%}
    qualify _load_id = max(_load_id) over (partition by {{ partition_by }})
{%- endmacro %}
