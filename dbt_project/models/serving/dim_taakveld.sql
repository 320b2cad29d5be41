-- Iv3 taakvelden per boekjaar with their name and stable reporting group, for labels in the dashboards.
select boekjaar, taakveld, omschrijving, rapportagegroep, nullif(wet, '') as wet
from {{ ref('iv3_taakvelden') }}
