-- Waiting for a decision, p80: calendar days from the provider's request (315/317) to the gemeente's
-- toewijzing (301) with the same ReferentieAanbieder, for toewijzingen sent in the period.
{{ wachttijd_verdeling('wachttijd_besluit_p80', ref('int_verzoeken'), 'toewijzingdatum', 'besluit_dagen', 0.8) }}
