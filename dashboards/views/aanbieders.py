"""TODO(helper): page aanbieders."""

import streamlit as st

st.title("aanbieders")
