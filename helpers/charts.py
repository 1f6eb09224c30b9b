"""Charts: pure functions from data to an ``alt.Chart``. They never call ``display``.

:func:`to_svg` draws a chart offline with vl-convert (no CDN, no browser), for notebooks,
app mode and exported files alike.
"""
from __future__ import annotations

import altair as alt


def to_svg(chart: alt.TopLevelMixin) -> str:
    import vl_convert as vlc

    return vlc.vegalite_to_svg(chart.to_dict())
