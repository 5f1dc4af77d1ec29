"""The quick query-string reader gives exactly what the standard library's parse_qsl gives."""

from __future__ import annotations

from urllib.parse import parse_qsl, quote_plus, urlencode

from hypothesis import given, settings
from hypothesis import strategies as st

from web.query_string import parse_pairs

# Characters that matter to the decoding, and enough others to make up text.
_PIECES = st.sampled_from(
    [
        "%",
        "=",
        "&",
        "+",
        " ",
        "%2",
        "%3D",
        "%3d",
        "%25",
        "%C3%A9",
        "%E9",
        "%ff",
        "%FG",
        "%0",
        "a",
        "Z",
        "9",
        "-",
        "\t",
        "\r\n",
        "\n",
        "\r",
        "%\n",
        "%\r\n",
        "%=",
        "=%",
        "%A",
        "é",
        "\x00",
        ";",
        "?",
        "#",
        "%%",
        "=3D",
        "_",
    ]
)


@settings(max_examples=2000, deadline=None)
@given(st.lists(_PIECES, max_size=40).map("".join))
def test_any_text_reads_as_parse_qsl_reads_it(text: str) -> None:
    assert parse_pairs(text) == parse_qsl(text, keep_blank_values=True)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.tuples(st.text(max_size=30), st.text(max_size=200)), max_size=5))
def test_encoded_parameters_come_back_as_they_were_sent(params: list[tuple[str, str]]) -> None:
    assert parse_pairs(urlencode(params)) == params


def test_a_sparql_query_sent_by_get_is_read_whole() -> None:
    query = (
        'PREFIX okg: <https://w3id.org/ofsted-kg/def#>\nSELECT * WHERE { ?s okg:quote "a=b & c%d" }'
    )
    text = "query=" + quote_plus(query) + "&format=json&timeout="
    assert parse_pairs(text) == [("query", query), ("format", "json"), ("timeout", "")]


def test_bytes_that_are_not_utf8_become_replacement_characters() -> None:
    assert parse_pairs("q=%E9t%C3%A9") == [("q", "\ufffdt\u00e9")]
