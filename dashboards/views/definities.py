"""TODO(helper): page definities."""

import streamlit as st

st.title("definities")
