{# Indicators are data: every model whose YAML has meta.indicator is one. The serving layer discovers
   them here, so adding an indicator is one SQL model plus one YAML file and nothing else.
   dbt fills `graph` only at execution time, so at parse time this returns nothing; the serving models
   therefore run as a separate Dagster asset definition after all indicator models
   (pipelines/assets/dbt.py). #}
{% macro indicator_nodes() -%}
    {%- set nodes = [] -%}
    {%- if execute -%}
        {%- for node in graph.nodes.values() -%}
            {%- if node.resource_type == 'model' and node.config.meta.get('indicator') -%}
                {%- do nodes.append(node) -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endif -%}
    {{ return(nodes | sort(attribute='name')) }}
{%- endmacro %}

{% macro sql_tekst(value) -%}
    {%- if value is none -%}null{%- else -%}'{{ value | string | replace("'", "''") }}'{%- endif -%}
{%- endmacro %}
