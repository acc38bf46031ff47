"""Attention over time: normalisation by the outlet's documents, and the spike detector."""

from __future__ import annotations

import math

import matplotlib
import pandas as pd
import pytest

from analysis.overview.attention import attention_over_time, detect_spikes, plot_attention

matplotlib.use("Agg")


def test_attention_counts_and_shares_per_outlet_week(tiny):
    corpus, _, _ = tiny
    table = attention_over_time(["d1", "d4"], corpus, freq="W")
    assert table.attrs == {"freq": "W", "undated": 1}
    rt = table[table["outlet"] == "RT"]
    assert [str(p.date()) for p in rt["period"]] == ["2022-01-03", "2022-01-10"]
    assert rt[["matching", "documents", "share"]].values.tolist() == [[1, 1, 1.0], [0, 1, 0.0]]
    bbc = table[table["outlet"] == "BBC"]
    assert len(bbc) == 7  # every week from 3 Jan to 14 Feb, empty ones included
    assert bbc["documents"].tolist() == [1, 0, 0, 0, 0, 0, 1]
    assert bbc["matching"].tolist() == [0, 0, 0, 0, 0, 0, 1]
    assert bbc["share"].iloc[0] == 0.0 and bbc["share"].iloc[-1] == 1.0
    assert bbc["share"].iloc[1:6].isna().all()  # no documents: share unknown, not zero


def _synthetic(values, outlet="X", start="2022-01-03"):
    periods = pd.date_range(start, periods=len(values), freq="W-MON")
    frame = pd.DataFrame({"outlet": outlet, "period": periods, "matching": values, "documents": 10})
    frame["share"] = frame["matching"] / 10
    frame.attrs["freq"] = "W"
    return frame


def test_spike_detector_finds_the_burst():
    values = [2, 3, 2, 3, 2, 3, 2, 3, 20, 3, 2, 9]
    spikes = detect_spikes(_synthetic(values), window=8, threshold=3.5)
    assert spikes["matching"].tolist() == [20, 9]
    first = spikes.iloc[0]
    assert first["baseline"] == 2.5  # median of the 8 weeks before
    assert first["scale"] == 1.0  # 1.4826 * MAD 0.5 = 0.74, floored at one document
    assert first["z"] == 17.5
    # the burst does not inflate the baseline of the next spike much (median, not mean)
    assert spikes.iloc[1]["baseline"] == 3.0


def test_spike_detector_uses_mad_when_history_varies_and_respects_threshold():
    values = [0, 10, 0, 10, 0, 10, 0, 10, 12]
    scored = detect_spikes(_synthetic(values), window=8, threshold=0.0, top=50)
    last = scored[scored["matching"] == 12].iloc[0]
    assert last["baseline"] == 5.0
    assert math.isclose(last["scale"], 1.4826 * 5.0)
    assert math.isclose(last["z"], round(7 / (1.4826 * 5), 2))
    assert detect_spikes(_synthetic(values), window=8, threshold=3.5).empty


def test_spikes_list_headlines_and_plot(tiny):
    corpus, _, _ = tiny
    table = attention_over_time(["d1", "d2"], corpus, freq="D")
    spikes = detect_spikes(table, window=3, threshold=0.5, corpus=corpus, matched_ids=["d1", "d2"])
    assert "Sanctions widen" in spikes["headlines"].tolist()
    fig = plot_attention(table, spikes=spikes)
    assert fig.axes[0].get_title() == "Attention over time"
    with pytest.raises(ValueError, match="window"):
        detect_spikes(table, window=2)
