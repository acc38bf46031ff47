"""Batched metrics on a real two-worker ``distributed.LocalCluster``: the same tables as here.

The workers read the slices' tables from the (shared, here local) store themselves.
"""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import scheduler_client
from analysis.annotation.dask_backend import SCHEDULER_ENV, connect
from analysis.framing import batched_frame_scores
from analysis.wordchoice import batched_loaded_language

pytestmark = [pytest.mark.dask, pytest.mark.slow]

BATCH = 9  # several slices, so order and row offsets across slices are exercised


@pytest.fixture(scope="module")
def client():
    client = connect(n_workers=2)
    yield client
    cluster = client.cluster
    client.close()
    cluster.close()


def test_frame_scores_on_the_cluster_equal_local(sample_annotations, client):
    local = batched_frame_scores(sample_annotations, batch_docs=BATCH)
    remote = batched_frame_scores(sample_annotations, batch_docs=BATCH, client=client)
    assert len(local.evidence) > 100
    for name in ("doc", "sentence", "evidence"):
        pd.testing.assert_frame_equal(getattr(remote, name), getattr(local, name))
    prefixes = client.run_on_scheduler(lambda dask_scheduler: list(dask_scheduler.task_prefixes))
    assert "run_batch" in prefixes, "the slices ran as cluster tasks"


def test_loaded_language_on_the_cluster_equals_local(sample_annotations, client):
    flagged, words = batched_loaded_language(sample_annotations, batch_docs=BATCH)
    remote_flagged, remote_words = batched_loaded_language(
        sample_annotations, batch_docs=BATCH, client=client
    )
    assert len(flagged) > 20
    pd.testing.assert_frame_equal(remote_flagged, flagged)
    pd.testing.assert_series_equal(remote_words, words)


def test_scheduler_client_follows_the_environment(client, monkeypatch):
    monkeypatch.delenv(SCHEDULER_ENV, raising=False)
    assert scheduler_client() is None  # a laptop run computes here
    monkeypatch.setenv(SCHEDULER_ENV, client.scheduler.address)
    connected = scheduler_client()
    try:
        assert connected.scheduler.address == client.scheduler.address
    finally:
        connected.close()
