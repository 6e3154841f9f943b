"""`--sections` chooses what the web page holds as it chooses the PDF's pages, and `--role`
(one role's PDF page) is never combined silently with options it would ignore."""

from __future__ import annotations

import re

import pytest
from journeyapp.export.atomic_file import ExportError
from journeyapp.export.html.playbook_html import build_html
from journeyapp.models.templates import load_template

from journeyapp.cli import main


@pytest.fixture(scope="module")
def sample():
    return load_template("b2b-saas")


def section_ids(page: str) -> list[str]:
    return re.findall(r'<section id="([a-z]+)"', page)


def test_the_web_page_holds_only_the_sections_asked_for(sample):
    page = build_html(sample, sections=("contents", "map", "handoffs", "glossary"))
    assert section_ids(page) == ["map", "handoffs", "definitions"]
    contents = re.search(r"<nav .*?</nav>", page).group(0)
    assert 'href="#handoffs"' in contents and 'href="#stages"' not in contents


def test_the_web_page_leaves_out_its_cover_and_contents_when_not_asked_for(sample):
    page = build_html(sample, sections=("stages",))
    assert '<header class="cover">' not in page and "<nav " not in page
    assert section_ids(page) == ["stages"]
    whole = build_html(sample)
    assert '<header class="cover">' in whole and "<nav " in whole


def test_a_section_the_exports_do_not_know_is_refused_in_a_sentence(sample):
    with pytest.raises(ExportError, match="There is no section “maps”; choose from cover, "):
        build_html(sample, sections=("maps",))


def _run(capsys, *argv) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_command_line_writes_the_chosen_sections_to_the_web_page(capsys, tmp_path):
    path = tmp_path / "s.journey"
    assert _run(capsys, "new", path, "--template", "b2b-saas")[0] == 0
    page = tmp_path / "p.html"
    code, _, err = _run(capsys, "export", path, "--html", page, "--sections", "raci,roles")
    assert code == 0, err
    assert section_ids(page.read_text(encoding="utf-8")) == ["roles", "raci"]


@pytest.mark.parametrize(
    "extra, said",
    [
        (("--sections", "map"), "--role prints one role's page alone"),
        (("--html", "out.html"), "--role makes a PDF"),
    ],
)
def test_role_with_an_option_it_would_ignore_is_refused(capsys, tmp_path, extra, said):
    path = tmp_path / "s.journey"
    assert _run(capsys, "new", path, "--template", "b2b-saas")[0] == 0
    extra = [tmp_path / e if e.endswith(".html") else e for e in extra]
    pdf = tmp_path / "r.pdf"
    code, _, err = _run(capsys, "export", path, "--pdf", pdf, "--role", "SDR", *extra)
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and said in err
    assert not pdf.exists() and not (tmp_path / "out.html").exists()


def test_a_web_page_of_sections_with_nothing_in_them_is_refused_as_the_pdf_is(sample):
    assert not sample.snapshots
    with pytest.raises(ExportError, match="nothing to print: this playbook has no snapshots yet"):
        build_html(sample, sections=("contents", "history"))
