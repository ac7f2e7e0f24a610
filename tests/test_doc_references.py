"""Every document the code points at is in the repository, and every section it names exists.

The code explains wire behaviour by pointing at ``tui/jitsi/PROTOCOL.md §N.N``; a reader who
follows a pointer to a section (or a file) that is not there has been lied to. These tests read
the sources as text, so a comment, a docstring and a string count alike: the console's Python
in ``tui/``, and the tests and benchmarks in ``tests/`` and ``bench/`` (Python, and the test
stack's Lua stand-ins, whose headers say which upstream behaviour they copy).
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TUI = ROOT / "tui"
PROTOCOL = TUI / "jitsi" / "PROTOCOL.md"
# (folder, file patterns) whose text is checked
SOURCE_TREES = (
    (TUI, ("*.py",)),
    (ROOT / "tests", ("*.py", "*.lua")),
    (ROOT / "bench", ("*.py", "*.lua")),
)
# this file spells out the stale forms it looks for, so it is the one source left out
SELF = Path(__file__).resolve()

SECTION = r"§\d+(?:\.\d+)*"
# "PROTOCOL.md §5.1", "PROTOCOL.md §5.6, §5.9", "PROTOCOL.md §5.1 to §5.5", across a line break
CHAIN = re.compile(rf"PROTOCOL\.md((?:\s*(?:,|to|and)?\s*{SECTION})+)")
# "doc §6", "protocol doc 1.3" (across a line break too), "jitsi-protocol.md", "(doc 5.2)",
# "stock Prosody ignores them, doc 1.8": the notes outside the repository, in any spelling
OUTSIDE = re.compile(r"\bdoc\s+§|protocol\s+doc\b|jitsi-protocol\.md|\bdocs?:?\s+\d+\.\d")
MD_PATH = re.compile(r"(?<![\w/.-])((?:[\w-]+/)*[\w-]+\.md)\b")
# 'README "Quick start"' is ours; 'owner/repo README "…"' names another repository's README
README_SECTION = re.compile(r'(?:([\w.-]+/[\w.-]+)\s+)?README "([^"]+)"')


def sources() -> dict[Path, str]:
    paths = {
        path
        for folder, patterns in SOURCE_TREES
        for pattern in patterns
        for path in folder.rglob(pattern)
        if path.resolve() != SELF
    }
    return {path: path.read_text(encoding="utf-8") for path in sorted(paths)}


def test_the_sources_cover_code_tests_benchmarks_and_stand_ins() -> None:
    # guards the checks below against a glob that silently stops matching
    names = {path.relative_to(ROOT).as_posix() for path in sources()}
    assert {
        "tui/jitsi/focus.py",
        "tests/stack/focus.py",
        "tests/stack/lua/mod_jitsi_breakout_rooms.lua",
        "bench/run.py",
    } <= names
    assert "tests/test_doc_references.py" not in names


def headings(markdown: Path) -> list[str]:
    return [
        line.lstrip("#").strip()
        for line in markdown.read_text(encoding="utf-8").splitlines()
        if line.startswith("#")
    ]


def protocol_sections() -> set[str]:
    """``"5.1"`` for a heading ``### 5.1 Mute someone …``."""
    return {title.split()[0] for title in headings(PROTOCOL) if title[:1].isdigit()}


def test_the_protocol_file_has_numbered_sections() -> None:
    assert {"1.3", "2.3", "4.2", "5", "5.1", "6"} <= protocol_sections()


def test_every_protocol_reference_names_a_section_that_exists() -> None:
    known = protocol_sections()
    missing = []
    for path, text in sources().items():
        for chain in CHAIN.finditer(text):
            for number in re.findall(r"§(\d+(?:\.\d+)*)", chain.group(1)):
                if number not in known:
                    missing.append(f"{path.relative_to(ROOT)}: PROTOCOL.md §{number}")
    assert not missing, "references to sections PROTOCOL.md does not have:\n" + "\n".join(missing)


def test_no_section_sign_without_the_document_it_belongs_to() -> None:
    # a bare "(§5.1)" leaves the reader guessing which document; RFC sections name their RFC
    orphans = []
    for path, text in sources().items():
        covered = [match.span() for match in CHAIN.finditer(text)]
        for match in re.finditer(SECTION, text):
            inside = any(start <= match.start() < end for start, end in covered)
            after_rfc = "RFC" in text[max(0, match.start() - 16) : match.start()]
            if not inside and not after_rfc:
                line = text.count("\n", 0, match.start()) + 1
                orphans.append(f"{path.relative_to(ROOT)}:{line}: {match.group()}")
    assert not orphans, "section signs that name no document:\n" + "\n".join(orphans)


def test_nothing_points_at_the_protocol_notes_outside_the_repository() -> None:
    stale = [
        f"{path.relative_to(ROOT)}:{text.count(chr(10), 0, match.start()) + 1}: {match.group()}"
        for path, text in sources().items()
        for match in OUTSIDE.finditer(text)
    ]
    assert not stale, "references to a document the repository does not hold:\n" + "\n".join(stale)


def test_every_markdown_file_named_in_the_code_exists() -> None:
    missing = []
    for path, text in sources().items():
        for name in set(MD_PATH.findall(text)):
            candidates = [ROOT / name, path.parent / name, TUI / "jitsi" / name]
            if not any(candidate.is_file() for candidate in candidates):
                missing.append(f"{path.relative_to(ROOT)}: {name}")
    assert not missing, "markdown files named in the code but absent:\n" + "\n".join(missing)


def test_every_readme_section_named_in_the_code_exists() -> None:
    titles = set(headings(ROOT / "README.md"))
    missing = [
        f"{path.relative_to(ROOT)}: README {title!r}"
        for path, text in sources().items()
        for repository, title in README_SECTION.findall(text)
        if not repository and title not in titles
    ]
    assert not missing, "README sections named in the code but absent:\n" + "\n".join(missing)


def test_links_between_the_wire_documents_resolve() -> None:
    broken = []
    for markdown in sorted((TUI / "jitsi").glob("*.md")):
        text = markdown.read_text(encoding="utf-8")
        for target in re.findall(r"\]\(([^)#]+)\)", text):
            if "://" not in target and not (markdown.parent / target).is_file():
                broken.append(f"{markdown.relative_to(ROOT)}: {target}")
        for name in re.findall(r"`(tests/[\w/]+\.py)`", text):
            if not (ROOT / name).is_file():
                broken.append(f"{markdown.relative_to(ROOT)}: {name}")
    assert not broken, "links that lead nowhere:\n" + "\n".join(broken)
