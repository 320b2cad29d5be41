"""The sections of the Verkennen page (the page script is views/verkennen.py): one module per section.

labels.py holds how a value reads (value, 'geheim', provisional mark, breakdown labels); zijbalk.py the
page's own sidebar choices; toelichting.py the panel beside every chart; kaart.py, uitsplitsing.py,
trend.py and wijken.py one section each; download.py the data behind a section as a download.
"""
