"""``report``, ``framing``, ``framing-train`` and ``sourcing`` through ``analysis.cli.main``.

Each command runs on a three-article corpus written here (two outlets) with the real model,
papermill and scikit-learn; the tests read back the files the command wrote. Each command also
gets one unusable argument, which must exit with code 2, name the argument, and fail before
anything is parsed (no annotation store appears).

Hand counts for the frame dictionary (generic_frames; hits per 1,000 word tokens, title and
body, punctuation not counted):

- c1: Budget (title), budget, tax, prices, Inflation, debt, economy, economist: 8 hits in 27
  words, all Economic_consequences -> 296.2963
- c2: clash (title), clashed, war, opposition, condemned, attack, rejected, accusations: 8 hits
  in 20 words, all Conflict -> 400.0
- c3: Church (title), prayer, faith, conscience, church, pray: 6 hits in 19 words, all
  Morality -> 315.7895
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from analysis.cli import main

ARTICLES = [
    (
        "c1", "Daily Example", "2024-05-02", "Budget talks",
        "The finance minister said the budget would cut the sales tax and lower prices. "
        "Inflation and debt weigh on the economy, an economist told Reuters.",
    ),
    (
        "c2", "Daily Example", "2024-05-03", "Border clash",
        "Troops clashed at the border as the war continued. "
        "The opposition condemned the attack and rejected the accusations.",
    ),
    (
        "c3", "Evening Sample", "2024-05-04", "Church appeal",
        'Bishop John Hale said prayer, faith and conscience would guide the church. '
        '"We will pray," he said.',
    ),
]  # fmt: skip

#: Coded articles for framing-train: nine per frame, with the words of the corpus above.
CODED = [
    *(
        (text, "Economic")
        for text in (
            "The budget deficit grew as the tax take fell and prices rose",
            "Inflation pushed prices and costs higher for business",
            "The market fell and investors lost money on debt",
            "Spending cuts and a tax rise hit the budget",
            "Unemployment rose and jobs were lost as trade slowed",
            "The economy shrank and the budget gap widened",
            "A higher tax raised costs for every business",
            "Prices and inflation rose as the market slowed",
            "The budget relies on debt and a new tax",
        )
    ),
    *(
        (text, "Conflict")
        for text in (
            "Troops attacked the border town and the war spread",
            "The army clashed with rebels in a fierce battle",
            "Fighting continued as soldiers attacked the village",
            "The war killed soldiers and troops retreated",
            "Artillery shelled the front line in the conflict",
            "Rebels attacked an army convoy near the front",
            "Soldiers fought a battle for the bridge",
            "The conflict escalated as troops attacked again",
            "Shelling hit the town as the war went on",
        )
    ),
]


@pytest.fixture(scope="module")
def corpus_csv(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("cli-corpus") / "articles.csv"
    frame = pd.DataFrame(ARTICLES, columns=["id", "outlet", "date", "title", "text"])
    frame.to_csv(path, index=False)
    return path


@pytest.fixture(scope="module")
def coded_csv(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("cli-coded") / "coded.csv"
    pd.DataFrame(CODED, columns=["story", "codes"]).to_csv(path, index=False)
    return path


@pytest.fixture(scope="module")
def model_file(coded_csv, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("cli-model") / "frames.joblib"
    argv = ["framing-train", str(coded_csv), "--text-col", "story", "--labels-col", "codes"]
    assert main([*argv, "-o", str(path)]) == 0
    return path


def _fails_with_2(capsys, argv: list[str]) -> str:
    """Run a command that must be refused; its one-line message (argparse's or ours)."""
    try:
        code = main(argv)
    except SystemExit as exc:  # argparse refuses bad values itself, with exit code 2
        code = exc.code
    assert code == 2, argv
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return err.strip().splitlines()[-1]


# -- framing-train (no spaCy model) --------------------------------------------------------


def test_framing_train_writes_model_and_metadata(coded_csv, tmp_path, capsys):
    target = tmp_path / "models" / "frames.joblib"
    argv = ["framing-train", str(coded_csv), "--text-col", "story", "--labels-col", "codes"]
    assert main([*argv, "--cv", "3", "-o", str(target)]) == 0
    printed = capsys.readouterr().out
    assert f"trained on 18 articles, 2 frames; wrote {target}" in printed
    rows = (line.split() for line in printed.splitlines())  # the CV summary table, printed
    methods = {r[0]: float(r[1]) for r in rows if r and r[0] in ("frequent_frames", "classifier")}
    assert set(methods) == {"frequent_frames", "classifier"}, printed
    assert methods["classifier"] > methods["frequent_frames"], (
        "the classifier must beat the baseline"
    )
    assert target.is_file()
    meta = json.loads(Path(f"{target}.json").read_text(encoding="utf-8"))
    assert meta["labels"] == ["Conflict", "Economic"]
    assert meta["label_counts"] == {"Conflict": 9, "Economic": 9} and meta["n_train"] == 18


def test_framing_train_bad_labels_column_exits_2(coded_csv, tmp_path, capsys):
    target = tmp_path / "frames.joblib"
    message = _fails_with_2(
        capsys, ["framing-train", str(coded_csv), "--text-col", "story", "-o", str(target)]
    )
    assert "no column 'frames'" in message and "--labels-col" in message
    assert not target.exists()


# -- framing ----------------------------------------------------------------------------


@pytest.mark.slow
def test_framing_scores_documents_with_dictionary_and_classifier(
    corpus_csv, model_file, session_store, tmp_path, capsys
):
    frames, evidence = tmp_path / "frames.csv", tmp_path / "evidence.parquet"
    argv = [
        "framing",
        str(corpus_csv),
        "--store",
        str(session_store),
        "--dictionary",
        "generic_frames",
    ]
    argv += ["--classifier", str(model_file), "--evidence", str(evidence), "-o", str(frames)]
    assert main(argv) == 0
    assert f"3 documents scored on 22 dictionary hits; wrote {frames}" in capsys.readouterr().out
    table = pd.read_csv(frames).set_index("doc_id")
    assert table["n_tokens"].to_dict() == {"c1": 27, "c2": 20, "c3": 19}
    assert table["dominant_frames"].to_dict() == {
        "c1": "Economic_consequences",
        "c2": "Conflict",
        "c3": "Morality",
    }
    assert table.loc["c1", "Economic_consequences"] == pytest.approx(8 / 27 * 1000)
    assert table.loc["c2", "Conflict"] == pytest.approx(400.0)
    assert table.loc["c3", "Morality"] == pytest.approx(6 / 19 * 1000)
    assert table.loc["c1", "Conflict"] == 0 and table.loc["c2", "Economic_consequences"] == 0
    assert table.loc["c1", "predicted_frames"] == "Economic"
    assert table.loc["c2", "predicted_frames"] == "Conflict"
    assert table.loc["c1", "p_Economic"] > table.loc["c1", "p_Conflict"]
    hits = pd.read_parquet(evidence)
    assert hits.groupby("doc_id").size().to_dict() == {"c1": 8, "c2": 8, "c3": 6}
    assert sorted(hits.loc[hits["doc_id"] == "c3", "text"].str.lower()) == [
        "church", "church", "conscience", "faith", "pray", "prayer",
    ]  # fmt: skip


def test_framing_unknown_dictionary_exits_2_before_parsing(corpus_csv, tmp_path, capsys):
    store = tmp_path / "store"
    argv = ["framing", str(corpus_csv), "--store", str(store), "--dictionary", "generic_framez"]
    message = _fails_with_2(capsys, [*argv, "-o", str(tmp_path / "f.csv")])
    assert "frame dictionary 'generic_framez'" in message and "generic_frames" in message
    assert not store.exists(), "a bad --dictionary must be refused before the corpus is parsed"


def test_framing_missing_classifier_exits_2_before_parsing(corpus_csv, tmp_path, capsys):
    store, missing = tmp_path / "store", tmp_path / "nothing.joblib"
    argv = ["framing", str(corpus_csv), "--store", str(store), "--classifier", str(missing)]
    message = _fails_with_2(capsys, [*argv, "-o", str(tmp_path / "f.csv")])
    assert str(missing) in message and "framing-train" in message
    assert not store.exists(), "a bad --classifier must be refused before the corpus is parsed"


# -- sourcing ---------------------------------------------------------------------------


@pytest.mark.slow
def test_sourcing_writes_every_attribution(corpus_csv, session_store, tmp_path, capsys):
    target = tmp_path / "attributions.parquet"
    argv = ["sourcing", str(corpus_csv), "--store", str(session_store), "--acts", "speech"]
    assert main([*argv, "-o", str(target)]) == 0
    assert (
        f"6 attributions in 3 of 3 documents (direct 1, indirect 5); wrote {target}"
        in capsys.readouterr().out
    )
    table = pd.read_parquet(target)
    rows = table[["doc_id", "kind", "speaker", "source_type", "cue_lemma", "medium"]]
    by_doc = {doc: group.to_dict("records") for doc, group in rows.groupby("doc_id")}
    assert by_doc["c1"] == [
        {"doc_id": "c1", "kind": "indirect", "speaker": "finance minister",
         "source_type": "government", "cue_lemma": "say", "medium": ""},
        {"doc_id": "c1", "kind": "indirect", "speaker": "economist",
         "source_type": "expert", "cue_lemma": "tell", "medium": "Reuters"},
    ]  # fmt: skip
    assert [(r["kind"], r["speaker"], r["source_type"]) for r in by_doc["c3"]] == [
        ("indirect", "John Hale", "civil_society"),  # "Bishop John Hale said ..."
        ("direct", "John Hale", "civil_society"),  # '"We will pray," he said.'
    ]
    assert set(table["act"]) == {"speech"} and set(table["outlet"]) == {
        "Daily Example",
        "Evening Sample",
    }

    beliefs = tmp_path / "beliefs.csv"
    assert main([*argv[:-1], "belief", "-o", str(beliefs)]) == 0
    assert "0 attributions in 0 of 3 documents (none)" in capsys.readouterr().out
    assert len(pd.read_csv(beliefs)) == 0


@pytest.mark.slow
def test_sourcing_speaker_column_gives_first_person_its_speaker(session_store, tmp_path):
    source = tmp_path / "addresses.csv"
    pd.DataFrame(
        {
            "id": ["a1"],
            "speaker_uk": ["Денис Шмигаль"],
            "title": ["Government measures"],
            "text": ["Denys Shmyhal spoke today. I am sure that the economy will recover."],
        }
    ).to_csv(source, index=False)
    target = tmp_path / "attributions.csv"
    argv = ["sourcing", str(source), "--store", str(session_store), "--outlet", "Government"]
    assert main([*argv, "--speaker-col", "speaker_uk", "-o", str(target)]) == 0
    table = pd.read_csv(target, keep_default_na=False)
    first = table[table["speaker_text"] == "I"]
    assert first["speaker"].tolist() == ["Denys Shmyhal"]


def test_sourcing_unknown_act_exits_2_before_parsing(corpus_csv, tmp_path, capsys):
    store = tmp_path / "store"
    argv = ["sourcing", str(corpus_csv), "--store", str(store), "--acts", "speech,speeches"]
    message = _fails_with_2(capsys, [*argv, "-o", str(tmp_path / "a.csv")])
    assert "--acts" in message and "'speeches'" in message and "belief" in message
    assert not store.exists(), "a bad --acts must be refused before the corpus is parsed"


# -- report -----------------------------------------------------------------------------


@pytest.mark.slow
def test_report_writes_the_report_then_reuses_it(corpus_csv, session_store, tmp_path, capsys):
    out = tmp_path / "reports" / "cli"
    argv = ["report", str(corpus_csv), "--store", str(session_store), "--out", str(out)]
    argv += ["--notebook", "00_corpus_overview", "-p", "top_n_entities=2"]
    assert main(argv) == 0
    printed = capsys.readouterr().out
    assert "3 documents (" in printed and "ran 00_corpus_overview" in printed
    assert f"open {out / 'index.html'}" in printed
    for name in ("index.html", "00_corpus_overview.html", "provenance.json", "data/corpus.parquet"):
        assert (out / name).is_file(), name
    per_outlet = pd.read_csv(out / "tables" / "documents_per_outlet.csv")
    assert dict(zip(per_outlet["outlet"], per_outlet["documents"], strict=True)) == {
        "Daily Example": 2,
        "Evening Sample": 1,
    }
    provenance = json.loads((out / "provenance.json").read_text(encoding="utf-8"))
    assert provenance["parameters"] == {"top_n_entities": 2}, "-p values are read as YAML"
    assert provenance["share"] == {"mode": "full", "max_words": 0}

    assert main(argv) == 0
    printed = capsys.readouterr().out
    assert "ran no notebook; reused unchanged 00_corpus_overview (--rerun to execute)" in printed
    runs = json.loads((out / "provenance.json").read_text(encoding="utf-8"))["notebook_runs"]
    assert [run["reused"] for run in runs] == [True], "the second report publishes the stored run"


@pytest.mark.dask
def test_report_parses_on_a_dask_scheduler(corpus_csv, session_store, tmp_path, capsys):
    from analysis.annotation.dask_backend import connect

    client = connect(n_workers=2)
    try:
        address = client.scheduler.address
        store, out = tmp_path / "store", tmp_path / "report"
        argv = ["report", str(corpus_csv), "--store", str(store), "--out", str(out)]
        argv += [*_EVERY_NOTEBOOK, "--scheduler", address]
        assert main(argv) == 0
        assert "3 documents (0 from cache, 3 parsed" in capsys.readouterr().out
        (results,) = (p for p in store.glob("*/results/sourcing-*"))  # the workers' records
        assert pq.read_table(results, columns=["key"]).num_rows == 3
        tasks = client.run_on_scheduler(lambda dask_scheduler: list(dask_scheduler.task_prefixes))
        # parse, sourcing records, and the kernels' frame scores and loaded language
        assert {"annotate_partition", "extract_on_worker", "run_batch"} <= set(tasks)
    finally:
        cluster = client.cluster
        client.close()
        cluster.close()
    local = tmp_path / "local"
    argv = ["report", str(corpus_csv), "--store", str(session_store), "--out", str(local)]
    assert main([*argv, *_EVERY_NOTEBOOK]) == 0
    tables = ("documents_per_outlet", "top_entities", "attributions", "framing_doc_scores")
    for name in (*tables, "framing_evidence", "wordchoice_loaded_rates"):
        pd.testing.assert_frame_equal(
            pd.read_parquet(out / "tables" / f"{name}.parquet"),
            pd.read_parquet(local / "tables" / f"{name}.parquet"),
        )
    again = ["report", str(corpus_csv), "--store", str(store), "--out", str(tmp_path / "again")]
    assert main([*again, *_EVERY_NOTEBOOK]) == 0
    printed = capsys.readouterr().out
    assert "(3 from cache, 0 parsed)" in printed, "the cluster wrote the store the local run reads"
    reused = "reused unchanged 00_corpus_overview, 01_sourcing, 02_framing, 03_word_choice"
    assert reused in printed, "the scheduler is not in the key"


_EVERY_NOTEBOOK = [
    "--notebook", "00_corpus_overview", "--notebook", "01_sourcing",
    "--notebook", "02_framing", "--notebook", "03_word_choice",
]  # fmt: skip


def test_report_unknown_parameter_exits_2_before_parsing(corpus_csv, tmp_path, capsys):
    store, out = tmp_path / "store", tmp_path / "report"
    argv = ["report", str(corpus_csv), "--store", str(store), "--out", str(out)]
    message = _fails_with_2(capsys, [*argv, "--notebook", "00_corpus_overview", "-p", "colour=red"])
    assert "unknown report parameter(s) ['colour']" in message and "top_n_entities" in message
    assert not store.exists() and not out.exists()


def test_report_bad_share_mode_is_refused_by_the_parser(corpus_csv, tmp_path, capsys):
    argv = ["report", str(corpus_csv), "--out", str(tmp_path / "r"), "--share", "everything"]
    message = _fails_with_2(capsys, argv)
    assert "argument --share: invalid choice: 'everything'" in message
