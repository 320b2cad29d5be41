-- Outflow: trajectories of care that ended (307 Einddatum) in the period, per wet; with the mean
-- duration of those trajectories in ind_gemiddelde_duur.
{{ aantal_per_periode('uitstroom', ref('int_trajecten'), 'stopdatum', ['wet']) }}
