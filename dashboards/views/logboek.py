"""TODO(helper): page logboek."""

import streamlit as st

st.title("logboek")
