"""Extraction rules on small hand-built sentences, parsed with the real model."""

import pandas as pd
import pytest

from analysis.sourcing import ATTRIBUTION_COLUMNS, attributions

pytestmark = pytest.mark.slow

TEXTS = {
    "after": "The economy will grow next year, the finance minister said on Monday.",
    "that": "Sergei Lavrov said that talks with Kyiv had stalled.",
    "according": "According to the UN, more than a million people have fled the region.",
    "nominal": "Analysts doubted Boris Johnson’s claim that the deal was already done.",
    "partial": "Grushko underscored that any dialogue must be based on “sovereign equality and mutual respect.”",
    "pronoun": "Angela Merkel arrived in Paris on Tuesday.\n“We will not give in to pressure,” she said.",
    "inside": "“We are ready,” Zelensky said, “but only if the attacks stop.”",
    "guillemets": "«We will not surrender», the minister said.",
    "unbalanced": "Peskov spoke to reporters.\n“The operation will continue until its goals are met, Peskov said.\n"
    "The Kremlin gave no date.",
    "multi_paragraph": "Mayor Vitali Klitschko spoke on Monday.\n“The city is holding.\n“We have power and water "
    "again in most districts,” he added.",
    "anonymous": "The talks collapsed late on Friday, a senior official who asked not to be named said.",
    "sources": "The president is expected to resign, sources said.",
    "told": "The deal is dead, Senator Lindsey Graham told CNN on Sunday.",
    "credit": "Soldiers march during a rehearsal in Moscow (AP)\nThe parade will take place on May 9, the "
    "Defense Ministry said.",
    "floating": "Jens Stoltenberg said the alliance would respond. “NATO will defend every inch of allied territory.”",
    "loaded": "The company admitted that its figures were wrong.",
    "alias": "Deputy Foreign Minister Alexander Grushko spoke on Monday. Grushko said that Moscow was open to dialogue.",
    "empty": "Nothing here is attributed to anyone.",
}


@pytest.fixture(scope="module")
def table(nlp_pipeline):
    docs = [(key, nlp_pipeline(text)) for key, text in TEXTS.items()]
    corpus = pd.DataFrame({"doc_id": list(TEXTS), "outlet": "test", "source_file": "rules.txt"})
    return attributions(docs, corpus)


def _rows(table, doc_id):
    return table[table["doc_id"] == doc_id].to_dict("records")


def test_columns_and_metadata(table):
    assert tuple(table.columns) == ATTRIBUTION_COLUMNS
    assert set(table["outlet"]) == {"test"} and set(table["source_file"]) == {"rules.txt"}
    assert _rows(table, "empty") == []


def test_indirect_after_and_that(table):
    [after] = _rows(table, "after")
    assert (after["kind"], after["content"], after["cue_lemma"]) == (
        "indirect",
        "The economy will grow next year",
        "say",
    )
    assert after["speaker_text"] == "the finance minister" and after["source_type"] == "government"
    [that] = _rows(table, "that")
    assert (that["content"], that["speaker"], that["speaker_type"]) == (
        "that talks with Kyiv had stalled",
        "Sergei Lavrov",
        "person",
    )


def test_according_to_and_nominal(table):
    [acc] = _rows(table, "according")
    assert (acc["kind"], acc["cue_lemma"], acc["speaker"], acc["source_type"]) == (
        "according_to", "according to", "UN", "international_organisation",
    )  # fmt: skip
    nominal = [r for r in _rows(table, "nominal") if r["kind"] == "nominal"]
    assert [(r["content"], r["speaker"], r["cue_lemma"], r["cue_stance"]) for r in nominal] == [
        ("that the deal was already done", "Boris Johnson", "claim", "loaded")
    ]


def test_partial_and_direct_kinds(table):
    [partial] = _rows(table, "partial")
    assert partial["kind"] == "partial" and partial["cue_lemma"] == "underscore"
    [pronoun] = _rows(table, "pronoun")
    assert (pronoun["kind"], pronoun["speaker_text"], pronoun["speaker"]) == (
        "direct",
        "she",
        "Angela Merkel",
    )
    assert pronoun["content"] == "“We will not give in to pressure,”"


def test_speaker_inside_the_quote_is_one_statement(table):
    [row] = _rows(table, "inside")
    assert row["kind"] == "direct" and row["speaker"] == "Zelensky"
    assert row["content"].startswith("“We are ready,”") and row["content"].endswith(
        "attacks stop.”"
    )


def test_guillemets_and_unbalanced_quotes(table):
    [guillemets] = _rows(table, "guillemets")
    assert (guillemets["kind"], guillemets["content"], guillemets["speaker"]) == (
        "direct",
        "«We will not surrender»",
        "minister",
    )
    [unbalanced] = _rows(table, "unbalanced")
    assert unbalanced["speaker"] == "Peskov" and unbalanced["kind"] == "direct"
    assert unbalanced["content"] == "“The operation will continue until its goals are met"


def test_multi_paragraph_quote_keeps_the_speaker(table):
    rows = _rows(table, "multi_paragraph")
    assert rows and {r["speaker"] for r in rows} == {"Vitali Klitschko"}
    assert "We have power and water" in " ".join(r["content"] for r in rows)


def test_anonymous_sources(table):
    [official] = _rows(table, "anonymous")
    assert (official["source_type"], official["speaker_type"]) == ("anonymous", "anonymous")
    assert official["content"] == "The talks collapsed late on Friday"
    [sources] = _rows(table, "sources")
    assert sources["source_type"] == "anonymous"


def test_medium_and_photo_credit(table):
    [told] = _rows(table, "told")
    assert (told["medium"], told["speaker"], told["speaker_title"]) == (
        "CNN",
        "Lindsey Graham",
        "Senator",
    )
    rows = _rows(table, "credit")
    assert [(r["speaker"], r["source_type"]) for r in rows] == [("Defense Ministry", "military")]
    assert not (table["speaker"] == "AP").any()


def test_floating_quote_takes_the_last_speaker(table):
    rows = _rows(table, "floating")
    floating = [r for r in rows if r["content"].startswith("“NATO")]
    assert [(r["kind"], r["speaker"], r["speaker_text"]) for r in floating] == [
        ("direct", "Jens Stoltenberg", "")
    ]


def test_loaded_verb_and_alias(table):
    [loaded] = _rows(table, "loaded")
    assert (loaded["cue_lemma"], loaded["cue_stance"], loaded["source_type"]) == (
        "admit",
        "loaded",
        "business",
    )
    [alias] = _rows(table, "alias")
    assert (alias["speaker_text"], alias["speaker"], alias["speaker_title"]) == (
        "Grushko",
        "Alexander Grushko",
        "Deputy Foreign Minister",
    )


def test_deterministic(nlp_pipeline, table):
    docs = [(key, nlp_pipeline(text)) for key, text in TEXTS.items()]
    again = attributions(
        docs, pd.DataFrame({"doc_id": list(TEXTS), "outlet": "test", "source_file": "rules.txt"})
    )
    pd.testing.assert_frame_equal(table, again)


@pytest.mark.parametrize(
    "text",
    [
        "",
        '"',
        '“ « » ” " " “',
        'He said "yes.\n\n"No," she said. "Maybe',
        "«»" * 50 + " said the man.",
    ],
)
def test_odd_inputs_never_raise_and_keep_the_document(nlp_pipeline, text):
    table = attributions([("odd", nlp_pipeline(text))])
    assert tuple(table.columns) == ATTRIBUTION_COLUMNS
    assert (table["content_start"] <= table["content_end"]).all()


def test_unbalanced_document_still_yields_its_other_attributions(nlp_pipeline):
    text = (
        "“We will win, the mayor said.\nThe minister said that the bridge would reopen on Friday."
    )
    table = attributions([("d", nlp_pipeline(text))])
    assert "that the bridge would reopen on Friday" in set(table["content"])


def test_the_rule_registry_runs_registered_rules_in_order(monkeypatch):
    import spacy

    from analysis.errors import InputError
    from analysis.sourcing import rules
    from analysis.sourcing.lexicons import load_reporting_verbs

    assert list(rules.RULES) == [
        "reporting_verbs", "according_to", "nominal", "adjectives", "evidence", "headlines",
    ]  # fmt: skip
    monkeypatch.setattr(rules, "RULES", dict(rules.RULES))  # registering below stays local
    seen = []

    @rules.register_rule("test_rule")
    def _rule(doc, verbs):
        seen.append(doc.text)
        return []

    doc = spacy.blank("en")("Nothing is said here.")
    assert rules.rule_candidates(doc, load_reporting_verbs(), rules=["test_rule"]) == []
    assert seen == ["Nothing is said here."] and list(rules.RULES)[-1] == "test_rule"
    with pytest.raises(InputError, match="unknown attribution rule"):
        rules.rule_candidates(doc, load_reporting_verbs(), rules=["no_such_rule"])
