"""What every chart shares: the colour-blind-safe palette and the Plotly configuration."""

# Okabe-Ito: distinguishable with every common colour-vision deficiency, so pages mix them freely.
BLAUW = "#0072B2"
ORANJE = "#E69F00"
VERMILJOEN = "#D55E00"
GROEN = "#009E73"
HEMELBLAUW = "#56B4E9"
PAARS = "#CC79A7"
GEEL = "#F0E442"
ZWART = "#000000"
# The project's own line colour, and the grey of norms and provisional values.
KLEUR_LIJN = "#2F6F8F"
KLEUR_NORM = "#8A949E"
PLOTLY_CONFIG = {"displayModeBar": False}
