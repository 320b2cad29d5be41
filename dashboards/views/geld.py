"""TODO(helper): page geld."""

import streamlit as st

st.title("geld")
