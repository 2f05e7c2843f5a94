from __future__ import annotations

import os
from pathlib import Path

import pytest

from rsd_checklist.corpus import Corpus, key, load_corpus
from rsd_checklist.errors import InputError

CHARNY = "charny-2004"


def test_the_reports_are_the_seed_files_unchanged(corpus: Corpus) -> None:
    seeds = Path(os.environ.get("RSD_CHECKLIST_SEEDS", Path(__file__).resolve().parents[2] / "shared" / "seeds"))
    if not seeds.is_dir():
        pytest.skip("the seed reports are not beside this checkout")
    for doc in corpus.documents.values():
        assert doc.path.read_bytes() == (seeds / doc.meta.file).read_bytes()


def test_every_region_still_opens_where_it_says(corpus: Corpus) -> None:
    assert corpus.check_regions() == []


def test_a_shifted_report_is_caught(tmp_path: Path) -> None:
    import shutil

    src = Path(__file__).resolve().parent / "fixtures" / "mini" / "corpus"
    shutil.copytree(src, tmp_path / "c")
    text = (tmp_path / "c" / "memo.txt").read_text()
    (tmp_path / "c" / "memo.txt").write_text("An inserted line\n" + text)
    problems = load_corpus(tmp_path / "c").check_regions()
    assert problems and "does not begin with" in problems[0].message


# The Charny page map: pages 75-97, tested against the three explicit running heads, the
# last page, and breaks between them (a page opens on a line that begins with one space).
@pytest.mark.parametrize(
    ("line_text", "page"),
    [
        (" 76  North Koreans in China", "running head, p. 76"),
        ("Joel R. Charny  83", "running head, p. 83"),
        ("94  North Koreans in China", "running head, p. 94"),
        (" employment or emergency relief from support networks in China, ", "p. 77"),
        (" other way, often for months. Indeed, several North Koreans ", "p. 82"),
        (" These options share the advantage of allowing North Koreans", "p. 97"),
    ],
)
def test_charny_page_map(corpus: Corpus, line_text: str, page: str) -> None:
    doc = corpus.documents[CHARNY]
    lines = doc.text.split("\n")
    hits = [i + 1 for i, line in enumerate(lines) if line.startswith(line_text.rstrip())]
    assert len(hits) == 1, line_text
    region = doc.region_at_line(hits[0])
    assert region is not None and region.locator == page


def test_charny_has_23_pages_and_ends_on_97(corpus: Corpus) -> None:
    doc = corpus.documents[CHARNY]
    pages = {r.locator for r in doc.meta.regions if r.kind == "text"}
    assert pages == {f"p. {n}" for n in range(75, 98)}
    last_line = len(doc.text.rstrip("\n").split("\n"))
    assert doc.region_at_line(last_line).locator == "p. 97"


@pytest.mark.parametrize(
    ("doc", "quote", "locator"),
    [
        # line-end hyphenation joined ("in-" / "ward" style) and typographic quotes typed straight
        (CHARNY, 'they "would now probably face a', "p. 94"),
        # a real compound split at the line end, quoted with its hyphen
        (CHARNY, "inseparable from the all-pervasive system of political persecution", "p. 92"),
        # a footnote marker glued to a word may be left out
        (CHARNY, "where 854,000 ethnic Koreans with Chinese citizenship reside.", "p. 77"),
        # ... or kept
        (CHARNY, "where 854,000 ethnic Koreans with Chinese citizenship reside.1", "p. 77"),
        # a footnote has its own pinpoint
        (CHARNY, "The North Korean penal code was amended in April 2004.", "p. 75 n. *"),
        # across a page break, skipping the footnotes and the running head between
        (CHARNY, "before returning to their homes with cash and goods", "p. 77"),
        (CHARNY, "bi-directional. Many North Koreans seek temporary employment or emergency relief", "pp. 76-77"),
        ("hrw-2002", "China is party to the 1951 U.N. Convention on the Status of Refugees", "Summary"),
        ("hrw-2002", "Everyone has the rights to leave any country, including his own", "n. 8"),
        ("state-2005", "SECTION 301(B)(2)", "s. 301(b)(2)"),
        ("nautilus-2003", "Among the most vulnerable are unaccompanied minors, women, the elderly", "para 3"),
        ("nautilus-2003", "North Korea should be urged to repeal all laws", "Recommendation 3"),
    ],
)
def test_quotations_are_found_at_their_pinpoint(corpus: Corpus, doc: str, quote: str, locator: str) -> None:
    matches = corpus.find(doc, quote)
    assert [m.locator for m in matches] == [locator]


def test_ellipsis_joins_fragments_in_order(corpus: Corpus) -> None:
    quote = "Migrants who are caught crossing repeatedly ... are liable to severe punishments"
    (match,) = corpus.find("hrw-2002", quote)
    assert match.locator == "Summary"
    assert match.text.startswith("Migrants who are caught crossing repeatedly ... are liable")
    assert corpus.find("hrw-2002", "are liable to severe punishments ... Migrants who are caught") == []


def test_wrong_words_are_not_found(corpus: Corpus) -> None:
    assert corpus.find(CHARNY, "all North Koreans are refugees under international law") == []
    assert corpus.find("hrw-2002", "China is party to the 1967 Convention") == []


def test_match_gives_the_reports_own_wording(corpus: Corpus) -> None:
    (match,) = corpus.find(CHARNY, 'they "would now probably face a')
    assert match.text == "they “would now probably face a"
    (match,) = corpus.find(CHARNY, "where 854,000 ethnic Koreans with Chinese citizenship reside.1")
    assert match.text.endswith("reside.")


def test_key_normalisation() -> None:
    assert key("in-\n ward") == key("inward")
    assert key("all-\npervasive") == key("all-pervasive")
    assert key("“quoted” – it’s") == key('"quoted" - it\'s')
    assert key("property.5 The") == key("property. The")
    assert key("1,100 in 2002") != key("1, in 2002")  # numbers are not footnote markers


def test_search_ranks_passages_with_pinpoints(corpus: Corpus, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    hits = corpus.search("Bible study Musan")
    assert hits and hits[0].doc_id == CHARNY and hits[0].locator == "p. 90"
    assert "[Bible]" in hits[0].snippet
    index_files = list(tmp_path.rglob("corpus-*.sqlite"))
    assert len(index_files) == 1 and (index_files[0].stat().st_mode & 0o777) == 0o600
    assert corpus.search("Bible study Musan")[0] == hits[0]  # the cached index answers the same
    assert isinstance(corpus.search('"; DROP TABLE passages; -- NEAR( *'), list)  # only words reach FTS5
    assert corpus.search("") == []


def test_a_changed_corpus_replaces_its_search_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    folder = tmp_path / "c"
    shutil.copytree(Path(__file__).resolve().parent / "fixtures" / "mini" / "corpus", folder)
    first = load_corpus(folder).search("punished")
    assert first
    meta = folder / "corpus.yaml"
    meta.write_text(meta.read_text() + "# reviewed\n")
    assert load_corpus(folder).search("punished") == first
    indexes = list((tmp_path / "cache").rglob("corpus-*.sqlite"))
    assert len(indexes) == 1, indexes  # the index of the earlier version is gone
    assert not list((tmp_path / "cache").rglob("*.tmp"))


def test_missing_corpus_folder_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not a corpus folder"):
        load_corpus(tmp_path / "nowhere")


@pytest.mark.parametrize(
    ("quote", "goes_on"),
    [
        ("as specified in the Convention definition", True),  # ", China considers ..." follows
        ("Among the 65 people that RI interviewed in Yanbian, only two cited political reasons for leaving.", False),
        ("only two cited political reasons for leaving", False),  # only the full stop is left out
        ('a fate "worse than death."', False),  # the sentence ends inside the quotation marks
        ("Almost all North Korean refugees face severe punishment", True),
    ],
)
def test_a_match_knows_whether_the_reports_sentence_goes_on(corpus: Corpus, quote: str, goes_on: bool) -> None:
    matches = [m for doc in corpus.documents.values() for m in doc.find_all(quote)]
    assert matches, quote
    assert all(m.sentence_goes_on is goes_on for m in matches)


@pytest.mark.parametrize(
    ("tail", "after", "goes_on"),
    [
        ("forced labour", ", torture and death", True),
        ("forced labour", "\n\n· Torture", False),  # a list item or heading ends with its paragraph
        ("forced labour", "”12\n  \nNext paragraph", False),
        ("forced labour", "\nand torture", True),  # one line break inside a paragraph
        ("of treason.", " It went on", False),
        ("“worse than death.”", " We conclude", False),
    ],
)
def test_where_a_sentence_ends(tail: str, after: str, goes_on: bool) -> None:
    from rsd_checklist.corpus import _sentence_goes_on

    assert _sentence_goes_on(tail, after) is goes_on
