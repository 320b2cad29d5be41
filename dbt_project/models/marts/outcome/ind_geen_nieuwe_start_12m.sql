-- Jeugdhulp trajectories ended in the period without a new start within 12 months (CBS outcome).
{{ geen_nieuwe_start('geen_nieuwe_start_12m', 12) }}
