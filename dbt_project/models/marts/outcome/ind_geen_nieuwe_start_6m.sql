-- Jeugdhulp trajectories ended in the period without a new start within 6 months (CBS outcome).
{{ geen_nieuwe_start('geen_nieuwe_start_6m', 6) }}
