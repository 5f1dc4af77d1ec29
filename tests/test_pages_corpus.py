"""Entity pages over a real Ofsted PDF: the quoted passage comes with its page number."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from flask import Flask

from graph.build import build
from graph.store import EmbeddedStore
from tests.conftest import CORPUS, requires_corpus
from tests.endpoint_server import running_app

WESTMINSTER_2025 = "80519_westminster/children's services inspection - 13 january 2025.pdf"
INSPECTION = "/id/inspection/E09000033/ilacs/2024-11-11"

pytestmark = [requires_corpus, pytest.mark.corpus]


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    path = tmp_path_factory.mktemp("pages-corpus") / "store"
    result = build(EmbeddedStore(path), [str(CORPUS / WESTMINSTER_2025)], workers=1)
    assert not result.failed, result.failed
    with running_app(path) as app:
        yield app


def _html(app: Flask, path: str) -> str:
    response = app.test_client().get(path, headers={"Accept": "text/html"})
    assert response.status_code == 200, path
    return response.get_data(as_text=True)


def test_a_judgement_page_gives_the_page_of_its_passage(app: Flask) -> None:
    # Page 1 of the PDF holds the judgement table: "Overall effectiveness Outstanding".
    html = _html(app, INSPECTION + "/judgement/overall")
    assert ", page 1" in html
    assert "<blockquote>Overall effectiveness" in html


def test_a_recommendation_page_gives_the_page_of_its_passage(app: Flask) -> None:
    # Page 2: "What needs to improve? ... designated officer (LADO) service."
    html = _html(app, INSPECTION + "/recommendation/local_authority/1")
    assert ", page 2" in html
    assert "LADO" in html


def test_the_report_page_lists_findings_with_pages(app: Flask) -> None:
    html = _html(app, INSPECTION + "/judgement/overall")
    key = re.search(r'href="/id/report/([0-9a-f]{16})"', html).group(1)
    report = _html(app, "/id/report/" + key)
    # Paragraph 16 (page 4): "The LADO service provides wider training and awareness-raising".
    row = report.split("The LADO service provides wider training", 1)[0].rsplit("<tr>", 1)[1]
    assert ">16</a>" in row and "<td>4</td>" in row
