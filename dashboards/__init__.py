"""Stuurwiel dashboards: a read-only Streamlit view on the serving snapshot."""
