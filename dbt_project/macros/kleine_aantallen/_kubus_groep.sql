{# Secondary suppression that also withstands chains of relations (the hypercube method, as in CBS's
   tau-ARGUS). Per group (indicator, period; numbered `groep`, so every join compares one integer) the
   gemeente-level cells form a table: rows are the gemeenten
   and REGIO (their sum), columns are the values of each breakdown and 'totaal' (their sum, shared by all
   breakdowns). A hidden cell is safe when a pattern of hidden cells around it can change by +d/-d while
   every total stays as published; then no combination of published cells pins it. Two patterns do that:
   - a rectangle: rows g, g' x two values of the same breakdown (g' may be REGIO);
   - a star, for a hidden totaal: rows g, g' x totaal and, in every breakdown, one value hidden in both rows.
   Adding hidden cells never breaks a pattern, so the method only ever adds cells until every hidden cell
   lies in one. The rectangle and star tests below are the proof; tests/dbt_project/serving checks it with linear
   algebra. #}

{% macro _kubus_groep(a, b) -%}
    {{ a }}.groep = {{ b }}.groep
{%- endmacro %}
