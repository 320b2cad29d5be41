{# The graph nodes of the indicator models (indicator_modellen()), for their meta.indicator: dim_indicator
   reads the definitions from here. dbt fills `graph` only at execution time, so at parse time this
   returns nothing: use it for metadata only, and ref() the models for their rows and their order. #}
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
