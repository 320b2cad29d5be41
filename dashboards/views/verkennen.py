"""TODO(helper): page verkennen."""

import streamlit as st

st.title("verkennen")
