from collections import Counter

from triage.features import KnownTerms, analyze


def known(text: str, vocabulary: dict[str, int]) -> Counter[str]:
    terms = {i: t for t, i in vocabulary.items()}
    return Counter(terms[i] for i in KnownTerms(vocabulary).indices(text).tolist())


def test_known_words_are_found_by_longest_match_and_unknown_ones_skipped() -> None:
    vocabulary = {"w:湟水河": 0, "w:湟水": 1, "w:死鱼": 2, "w:排污": 3}
    assert known("湟水河里好多死鱼，工厂夜里偷偷排", vocabulary) == Counter(["w:湟水河", "w:死鱼"])


def test_words_never_overlap_the_word_matched_before_them() -> None:
    vocabulary = {"w:油烟机": 0, "w:烟机": 1, "w:机器": 2}
    assert known("油烟机器", vocabulary) == Counter(["w:油烟机"])


def test_known_terms_count_every_character_gram_the_full_analysis_keeps() -> None:
    text = "楼下烧烤店油烟直排，窗户都不敢开！！ 烧烤店 abc"
    grams = Counter(t for t in analyze(text) if not t.startswith("w:"))
    vocabulary = {t: i for i, t in enumerate(grams)}
    assert known(text, vocabulary) == grams


def test_grams_never_span_punctuation_or_spaces() -> None:
    vocabulary = {"烟，": 0, "直排": 1, "排窗": 2, "烟直": 3}
    assert known("油烟，直排 窗户", vocabulary) == Counter(["直排"])


def test_a_text_of_nothing_known_gives_no_terms() -> None:
    assert known("", {"w:噪音": 0, "噪": 1}) == Counter()
    assert known("😀 123 ...", {"w:噪音": 0, "噪": 1}) == Counter()
