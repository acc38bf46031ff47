"""Quote-mark scanning: curly, straight, guillemets, unbalanced and multi-paragraph quotes."""

from analysis.sourcing.quotes import quote_spans


def _texts(text: str) -> list[str]:
    return [text[q.start : q.end] for q in quote_spans(text)]


def test_curly_and_straight_quotes_pair_up():
    text = 'He said “we won” and she said "we lost".'
    assert _texts(text) == ["“we won”", '"we lost"']


def test_guillemets_are_quote_marks():
    text = "Lavrov said «the West must listen» on Monday."
    assert _texts(text) == ["«the West must listen»"]


def test_apostrophes_are_not_quotes():
    assert _texts("Russia’s minister didn't say 'no'.") == []


def test_doubled_apostrophes_are_straight_quote_marks():
    text = "''We need Chapter 9,'' said Ms. Acosta, who didn't ''give up.''"
    assert _texts(text) == ["''We need Chapter 9,''", "''give up.''"]


def test_doubled_apostrophe_opening_the_next_paragraph_continues_the_quote():
    quotes = quote_spans("''We will win.\n''And we will govern.''")
    assert [(q.closed, q.continued) for q in quotes] == [(False, True), (True, False)]


def test_unbalanced_opening_mark_closes_at_paragraph_end():
    text = "“We will never give up, he said.\nThe next paragraph has no quote."
    spans = quote_spans(text)
    assert [(text[s.start : s.end], s.closed, s.continued) for s in spans] == [
        ("“We will never give up, he said.", False, False)
    ]


def test_missing_opening_mark_starts_at_paragraph_start():
    text = "We are ready for dialogue,” he said."
    assert _texts(text) == ["We are ready for dialogue,”"]


def test_multi_paragraph_quote_is_marked_continued():
    text = "“First paragraph of the quote.\n“Second paragraph,” she said."
    spans = quote_spans(text)
    assert [(s.closed, s.continued) for s in spans] == [(False, True), (True, False)]
    assert text[spans[1].start : spans[1].end] == "“Second paragraph,”"


def test_quote_marks_without_words_are_ignored():
    assert _texts("Marks “ ” alone.") == []
