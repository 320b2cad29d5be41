"""The sections of the Aanbieders page (the page script is views/aanbieders.py): one module per section.

opmaak.py holds how a figure reads and the styled tables; overzicht.py the table of all aanbieders and the
70% signal; detail.py one aanbieder's key figures; verloop.py and wachttijd.py its charts over time, which
share grafiek.py.
"""
