"""The app's one place where the project's errors become a Chinese error box instead of a traceback."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st

from nianbao.errors import NianbaoError


@contextmanager
def errors_shown() -> Iterator[None]:
    """Run a part of the page; a NianbaoError is shown as its message and the rest of the page still renders."""
    try:
        yield
    except NianbaoError as exc:
        st.error(str(exc))
