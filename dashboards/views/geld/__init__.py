"""The sections of the Geld en resultaat page (the page script is views/geld.py): one module per section.

opmaak.py holds how amounts, hidden cells and the data's status read; begroting.py the budget position,
prognosis and waterfall; drill.py where the money goes; plafonds.py the contract ceilings; kosten.py cost
per client and per successful trajectory, and cost against result.
"""
