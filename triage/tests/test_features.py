from triage.features import analyze, analyze_known


def test_known_words_are_found_by_longest_match_and_unknown_ones_skipped() -> None:
    lexicon = frozenset({"湟水河", "湟水", "死鱼", "排污"})
    tokens = analyze_known("湟水河里好多死鱼，工厂夜里偷偷排", lexicon, 3)
    assert [t for t in tokens if t.startswith("w:")] == ["w:湟水河", "w:死鱼"]


def test_fast_features_keep_every_character_gram_of_the_full_analysis() -> None:
    text = "楼下烧烤店油烟直排，窗户都不敢开"
    grams = [t for t in analyze(text) if not t.startswith("w:")]
    assert [t for t in analyze_known(text, frozenset(), 2) if not t.startswith("w:")] == grams
