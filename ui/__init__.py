"""The Streamlit app's pieces (no page of its own: app.py lays them out): actions, router, tables, counts editor."""
