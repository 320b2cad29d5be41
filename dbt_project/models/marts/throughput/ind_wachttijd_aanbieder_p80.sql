-- Waiting for a provider, p80: days from the toewijzing's Ingangsdatum (301) to the first day of care
-- (305), for care that started in the period, per wet, aanbieder and productcategorie.
{{ wachttijd_verdeling('wachttijd_aanbieder_p80', ref('int_wachttijden'), 'startdatum', 'wachtdagen', 0.8) }}
