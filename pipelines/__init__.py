from pipelines.telemetrie import zet_uit

zet_uit()  # before any tool is imported or started: see pipelines/telemetrie.py
