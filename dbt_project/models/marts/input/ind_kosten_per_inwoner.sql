-- Lasten per resident, year to date: the wet's ledger lasten from 1 January to the period's end, divided
-- by the residents on 1 January.
{{ lasten_per('kosten_per_inwoner', ref('int_bevolking'), ['gemeentecode', 'jaar'], 'n.inwoners') }}
