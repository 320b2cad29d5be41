{# The serving models built per indicator (materialized 'incremental', pre-hook per_indicator_wissen). A load whose
   deliveries feed only some indicator models (a corrected budget or contract list) has the pipeline's dbt step name
   those models in the environment variable STUURWIEL_INDICATOREN (pipelines/bouwstand.py, per_indicator), and these
   models then replace only the rows of those indicators. That is exact: each of their rows is computed from rows of
   its own indicator only (the small-cell relations and the hypercube, the region, the comparison group, the previous
   period and the CBS figure all join on indicator_id), and the pipeline names indicators only when nothing else they
   read changed. Every other build is a full refresh (`--full-refresh`, which the seeds ignore: dbt_project.yml).
   A build by hand without the variable replaces every row.

   Read at run time only (`execute`): a variable read while parsing would make dbt re-parse whenever it changes. #}

{# The indicator models whose rows this build replaces, or none for every row. #}
{% macro gewijzigde_modellen() -%}
    {%- set modellen = env_var('STUURWIEL_INDICATOREN', '') if execute else '' -%}
    {%- if not modellen or not is_incremental() -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set namen = modellen.split(',') -%}
    {%- set onbekend = namen | reject('in', indicator_modellen()) | list -%}
    {%- if onbekend -%}
        {{ exceptions.raise_compiler_error("STUURWIEL_INDICATOREN names no indicator model: " ~ onbekend | join(', ')) }}
    {%- endif -%}
    {{ return(namen) }}
{%- endmacro %}

{# Their indicator ids, or none for every row. #}
{% macro gewijzigde_indicatoren() -%}
    {%- set namen = gewijzigde_modellen() -%}
    {%- if namen is none -%}
        {{ return(none) }}
    {%- endif -%}
    {{ return(indicator_nodes() | selectattr('name', 'in', namen) | map(attribute='config.meta.indicator.id') | list) }}
{%- endmacro %}

{# A condition on the indicator id column: true for the rows this build replaces. #}
{% macro per_indicator_filter(kolom='indicator_id') -%}
    {%- set ids = gewijzigde_indicatoren() -%}
    {%- if ids is none -%}
        true
    {%- else -%}
        {{ kolom }} in ({% for id in ids %}'{{ id }}'{{ ', ' if not loop.last }}{% endfor %})
    {%- endif -%}
{%- endmacro %}

{# The pre-hook: on an incremental build, delete the rows about to be replaced, in the transaction of the insert
   that follows, so a failed build leaves the table as it was. #}
{% macro per_indicator_wissen() -%}
    {%- if is_incremental() -%}
        delete from {{ this }} where {{ per_indicator_filter() }}
    {%- endif -%}
{%- endmacro %}
