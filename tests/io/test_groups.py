"""Groups files and folding: 170 outlets become a readable dozen, deterministically."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.errors import InputError
from analysis.io.groups import assign_groups, fold_groups, group_summary, read_groups
from analysis.overview import documents_per_outlet, plot_documents_per_outlet


def _corpus(n_outlets: int = 170) -> pd.DataFrame:
    rows = []
    for k in range(n_outlets):
        for j in range(1 + (k % 7)):  # outlet k has 1..7 documents
            rows.append(
                {
                    "doc_id": f"o{k}-{j}",
                    "outlet": f"Outlet {k:03d}",
                    "text": "word " * (10 + j),
                    "published": pd.Timestamp("2024-01-01") + pd.Timedelta(days=j),
                    "leaning": ("left", "center", "right")[k % 3],
                }
            )
    return pd.DataFrame(rows)


def test_fold_keeps_the_largest_and_names_the_rest():
    corpus = _corpus()
    view = fold_groups(corpus, by="outlet", max_groups=12)
    assert len(view.shown) == 11 and len(view.folded) == 159
    assert view.other_label == "other outlets (159)"
    assert view.corpus["outlet"].nunique() == 12
    # the largest have 7 documents (k % 7 == 6); ties broken by name
    assert view.shown[:3] == ["Outlet 006", "Outlet 013", "Outlet 020"]
    assert view.note.startswith("170 outlets: figures and summary tables show the 11 largest")
    assert fold_groups(corpus.sample(frac=1, random_state=3)).shown == view.shown
    relabelled = view.relabel(corpus[["doc_id"]])
    assert set(relabelled["outlet"]) == set(view.corpus["outlet"])
    assert view.unfolded(relabelled)["outlet"].nunique() == 170


def test_few_groups_are_not_folded_and_one_group_says_what_needs_two():
    corpus = _corpus(3)
    assert fold_groups(corpus, by="leaning").note == "3 leanings: all shown."
    single = fold_groups(corpus.assign(outlet="RT"), by="outlet")
    assert single.n_groups == 1 and not single.folded
    assert "this corpus has one outlet (RT)" in single.needs_two("Keyness")
    with pytest.raises(InputError, match="no column 'country'"):
        fold_groups(corpus, by="country")


def test_folded_figure_shows_at_most_max_groups():
    view = fold_groups(_corpus(), by="outlet", max_groups=12)
    figure = plot_documents_per_outlet(documents_per_outlet(view.corpus), by="outlet")
    labels = [t.get_text() for t in figure.axes[0].get_yticklabels()]
    assert len(labels) == 12 and any("other outlets" in label for label in labels)


def test_groups_file_csv_and_yaml(tmp_path):
    csv_file = tmp_path / "groups.csv"
    csv_file.write_text("outlet,group\nRT,state media\nTASS,state media\nBBC,public\n")
    yaml_file = tmp_path / "groups.yml"
    yaml_file.write_text("RT: state media\nTASS: state media\nBBC: public\n")
    assert (
        read_groups(csv_file)
        == read_groups(yaml_file)
        == {
            "RT": "state media",
            "TASS": "state media",
            "BBC": "public",
        }
    )
    corpus = pd.DataFrame({"doc_id": ["a", "b", "c"], "outlet": ["RT", "BBC", "CNN"]})
    assert assign_groups(corpus, csv_file)["group"].tolist() == [
        "state media",
        "public",
        "(no group)",
    ]


def test_groups_file_errors_name_the_row(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("outlet,group\nRT,state media\nRT,public\n")
    with pytest.raises(InputError, match=r"bad.csv row 3: outlet 'RT' is mapped to both"):
        read_groups(bad)
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("name,kind\nRT,state\n")
    with pytest.raises(InputError, match="needs the columns outlet,group"):
        read_groups(wrong)


def test_load_corpus_adds_groups_from_a_spec(tmp_path):
    from analysis import load_corpus

    (tmp_path / "a.csv").write_text(
        "id,outlet,text\n1,RT,The ministry said the talks would resume next week in Minsk.\n"
        "2,BBC,The minister said on Monday that the talks had stalled again.\n"
    )
    (tmp_path / "groups.yml").write_text("RT: state media\nBBC: public\n")
    (tmp_path / "corpus.yml").write_text("inputs:\n  - path: a.csv\ngroups: groups.yml\n")
    corpus, _ = load_corpus(tmp_path / "corpus.yml")
    assert dict(zip(corpus["outlet"], corpus["group"], strict=True)) == {
        "RT": "state media",
        "BBC": "public",
    }


def test_header_summary_lists_the_largest_only():
    counts = {f"Outlet {k}": k for k in range(1, 171)}
    assert group_summary(counts) == (
        "170 outlets; largest: Outlet 170 (170), Outlet 169 (169), Outlet 168 (168), "
        "Outlet 167 (167), Outlet 166 (166), …"
    )
    assert group_summary({"RT": 2, "Wikinews": 40}) == "Wikinews (40), RT (2)"
