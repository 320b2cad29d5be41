-- Inflow: trajectories of care that started (first 305 Begindatum) in the period, per wet.
{{ aantal_per_periode('instroom', ref('int_trajecten'), 'startdatum', ['wet']) }}
