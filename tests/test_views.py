"""Graph views as pages: what they hold, that they are self-contained and escaped, the API and the CLI.
(Behaviour in a real browser is in test_views_browser.py.)"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from support.views import EDGE_COUNT, NODE_COUNT, SCRIPT, XSS, count, hostile_store, page_data, script_blocks

from kg.cli import cli
from kg.errors import UnknownEntityError, ViewError
from kg.model import ASSERTED, STATUSES
from kg.namespaces import KG
from kg.network import extract_graph
from kg.store import open_store
from kg.synthetic import synthetic_store
from kg.views import View, kinds, make_view
from kg.views.page import DEFAULT_MAX_NODES, vis_assets
from kg.views.site import DEFAULT_VIEWS

# URL strings inside vis-network's own source (licence header, an error message, the SVG namespace
# passed to createElementNS). They are text, never fetched; no other URL may appear in a page.
VIS_INERT_URLS = {
    "http://almende.com",
    "http://opensource.org/licenses/MIT",
    "http://www.apache.org/licenses/LICENSE-2.0",
    "http://www.w3.org/2000/svg",
    "https://github.com/uuidjs/uuid#getrandomvalues-not-supported",
    "https://github.com/visjs",
    "https://github.com/zloirock/core-js",
    "https://github.com/zloirock/core-js/blob/v3.21.1/LICENSE",
    "https://visjs.github.io/vis-network/",
}
URL = re.compile(r"https?://[^\s\"'<>)\\]*")
FETCHING_REFERENCE = re.compile(
    r"""(?:src|href|action|srcset|poster)\s*=\s*["']?\s*https?:|url\(\s*["']?\s*https?:|@import"""
)


class Graph:
    """Stands for kg.api.KnowledgeGraph: anything with a .store."""

    def __init__(self, store):
        self.store = store


@pytest.fixture(scope="module")
def store(built):
    return open_store()


@pytest.fixture(scope="module")
def pages(store) -> dict[str, str]:
    return {kind: make_view(store, kind, **options).html for kind, options in DEFAULT_VIEWS}


def test_overview_holds_every_node_and_edge_the_graph_has(store):
    data = page_data(make_view(store, "overview").html)
    assert len(data["nodes"]) == count(store, NODE_COUNT)
    assert len(data["edges"]) == count(store, EDGE_COUNT)


def test_overview_legend_counts_every_class_shown(store):
    data = page_data(make_view(store, "overview").html)
    node_classes = {c["name"]: c["count"] for c in data["classes"] if c["symbol"]}
    assert sum(node_classes.values()) == len(data["nodes"])
    assert node_classes["State"] >= 10 and node_classes["RedLine"] == 1


def test_every_edge_and_claim_node_carries_a_quote_and_its_source(store):
    data = page_data(make_view(store, "overview").html)
    for edge in data["edges"]:
        fact = data["facts"][edge["fact"]]
        assert fact["quotes"] and fact["source"]["title"] and fact["status"], edge["id"]


def test_a_transfer_edge_is_labelled_with_its_item(store):
    data = page_data(make_view(store, "overview").html)
    backfill = [e for e in data["edges"] if e["fact"] == "kgf:f002w-rok-shells-to-us-backfill"]
    assert [(e["from"], e["to"], e["label"]) for e in backfill] == [
        ("kgr:ROK", "kgr:USA", "155 mm artillery shell (backfill)")
    ]
    fact = data["facts"]["kgf:f002w-rok-shells-to-us-backfill"]
    assert "550,000 155-mm shells to the US" in fact["quotes"][0]
    assert fact["source"]["publisher"] and fact["source"]["date"] == "2024-12"


@pytest.mark.parametrize("kind", [kind for kind, _ in DEFAULT_VIEWS])
def test_no_page_references_anything_outside_itself(pages, kind):
    page = pages[kind]
    assert not FETCHING_REFERENCE.search(page)
    vis_js, vis_css = vis_assets()
    outside_vis = page.replace(vis_js, "").replace(vis_css, "")
    assert set(URL.findall(outside_vis)) <= {"http://www.w3.org/2000/svg"}  # SVG export's namespace
    assert set(URL.findall(page)) <= VIS_INERT_URLS


def test_the_index_page_has_no_url_either(tmp_path):
    runner = CliRunner()
    result = runner.invoke(cli, ["view", "treaty", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    index = (tmp_path / "index.html").read_text()
    assert "treaty.html" in index and not URL.findall(index)


def test_markup_in_labels_and_quotes_never_reaches_the_page_as_markup():
    page = make_view(hostile_store(), "overview").html
    assert XSS not in page and "<img" not in page
    ours = page.replace(vis_assets()[0], "")
    assert ours.count("<script") == ours.count("</script>") == 3  # data, vis-network, view.js
    data = page_data(page)
    assert data["facts"]["kgf:x"]["quotes"] == [f"They said {XSS} and {SCRIPT} in one breath."]
    assert {n["full"] for n in data["nodes"]} == {f"Evil {XSS} state", f"Other {SCRIPT} state"}


def test_view_script_never_uses_innerhtml(pages):
    ours = script_blocks(pages["overview"])[-1]
    assert not re.search(r"\.(innerHTML|outerHTML)\s*=|insertAdjacentHTML|document\.write", ours)
    assert "textContent" in ours


def test_repr_html_is_a_sandboxed_iframe_with_the_page_escaped():
    view = make_view(hostile_store(), "overview")
    frame = view._repr_html_()
    assert frame.startswith("<iframe") and 'sandbox="allow-scripts"' in frame
    assert "<script" not in frame and "&lt;script" in frame


def test_save_writes_the_page(tmp_path, store):
    view = make_view(store, "treaty")
    path = view.save(tmp_path / "sub" / "treaty.html")
    assert path.read_text() == view.html
    assert [p.name for p in path.parent.iterdir()] == ["treaty.html"]  # no temporary file left


def test_make_view_accepts_an_object_with_a_store(store):
    assert make_view(Graph(store), "treaty").title == make_view(store, "treaty").title


def test_knowledge_graph_view_is_make_view(built):
    import kg

    view = kg.load().view("ego", entity="Seoul", depth=1)
    assert view.title == "Ego view: South Korea (depth 1)"


def test_busy_classes_start_hidden_in_big_ego_views(store):
    data = page_data(make_view(store, "ego", entity="ROK", depth=1).html)
    hidden = {c["name"] for c in data["classes"] if c["hidden"]}
    assert hidden == {"Statement", "RoleAssignment"} and "tick them in the legend" in data["note"]


def test_ego_view_reaches_article4_cross_references(store):
    data = page_data(make_view(store, "ego", entity="Article 4", depth=1).html)
    ids = {n["id"] for n in data["nodes"]}
    assert {"kgr:DPRKRussiaTreatyArt4", "kgr:UNCharterArt51", "kgr:DPRKRussiaTreaty"} <= ids
    assert "kgr:Ukraine" not in ids
    assert [n["id"] for n in data["nodes"] if n["highlight"]] == ["kgr:DPRKRussiaTreatyArt4"]


def test_deeper_ego_view_reaches_further(store):
    one = make_view(store, "ego", entity="Article 4", depth=1)
    two = make_view(store, "ego", entity="Article 4", depth=2)
    assert two.node_count > one.node_count


def test_paths_view_highlights_the_backfill_chain_and_dims_the_rest(store):
    data = page_data(make_view(store, "paths", source="Seoul", target="Kyiv").html)
    highlighted = {e["fact"] for e in data["edges"] if e["highlight"]}
    assert {"kgf:f002w-rok-shells-to-us-backfill", "kgf:f002w-us-shells-to-ukraine"} <= highlighted
    dimmed = [e for e in data["edges"] if not e["highlight"]]
    assert dimmed and all(e["label"] == "" for e in dimmed)


def test_treaty_view_shows_parties_articles_and_article4_references(store):
    data = page_data(make_view(store, "treaty").html)
    ids = {n["id"] for n in data["nodes"]}
    assert {"kgr:DPRK", "kgr:Russia", "kgr:DPRKRussiaTreatyArt4", "kgr:UNCharterArt51"} <= ids
    party = {(e["from"], e["label"]) for e in data["edges"] if e["to"] == "kgr:DPRKRussiaTreaty"}
    assert {("kgr:DPRK", "party to"), ("kgr:Russia", "party to")} <= party
    refs = {e["to"] for e in data["edges"] if e["highlight"]}
    assert refs == {"kgr:UNCharterArt51", "kgr:DPRKLaws", "kgr:RussianFederationLaws"}
    article = next(n for n in data["nodes"] if n["id"] == "kgr:DPRKRussiaTreatyArt4")
    assert "kgf:f001-art4-provision-text" in article["notes"]


def test_redline_view_shows_technologies_and_assessments(store):
    data = page_data(make_view(store, "redline").html)
    classes = [n["cls"] for n in data["nodes"]]
    assert classes.count("RedLine") == 1 and classes.count("Technology") >= 5
    assert classes.count("RedLineAssessment") >= 2
    drawn = {(e["from"], e["to"]) for e in data["edges"] if e["label"] == "drawn by"}
    assert ("kgr:ROKTechTransferRedLine", "kgr:ROK") in drawn


def test_views_pick_edges_by_predicate_not_by_the_words_drawn(store):
    data = extract_graph(store)
    expected = kinds.treaty(data), kinds.redline(data)
    for edge in data.edges:
        edge.label = "relabelled"  # as if the ontology's words had changed
    for before, after in zip(expected, (kinds.treaty(data), kinds.redline(data)), strict=True):
        assert (
            after.highlight_nodes == before.highlight_nodes
            and after.highlight_edges == before.highlight_edges
        )
        assert set(after.data.nodes) == set(before.data.nodes)
    assert {e.predicate for e in data.edges if e.cls == "RelationClaim"} >= {str(KG.partOf), str(KG.drawnBy)}


def test_statuses_travel_as_model_words_and_the_page_gets_the_status_groups(store):
    data = page_data(make_view(store, "overview").html)
    assert {f["status"] for f in data["facts"].values()} <= set(STATUSES)
    assert data["statuses"] == {"firm": list(ASSERTED), "dashed": [s for s in STATUSES if s not in ASSERTED]}
    dashed = {e["dashes"] for e in data["edges"] if data["facts"][e["fact"]]["status"] == "alleged"}
    assert dashed == {True}


def test_large_graph_is_capped_with_a_visible_note():
    view = make_view(synthetic_store(1000), "overview")
    data = page_data(view.html)
    assert len(data["nodes"]) == view.node_count == DEFAULT_MAX_NODES
    assert "showing the 400 best-connected of 1,000 nodes" in data["note"]
    assert data["physics"]["iterations"] <= 300


def test_max_nodes_option_lowers_the_cap(store):
    assert make_view(store, "overview", max_nodes=50).node_count == 50


def test_unknown_entity_names_the_problem(store):
    with pytest.raises(UnknownEntityError, match="Nowhere"):
        make_view(store, "ego", entity="Nowhere")


def test_unknown_kind_and_option_are_view_errors(store):
    with pytest.raises(ViewError, match="unknown view kind"):
        make_view(store, "pie")
    with pytest.raises(ViewError, match="colour"):
        make_view(store, "treaty", colour="red")


def test_kg_view_writes_the_standard_views_and_an_index(tmp_path):
    result = CliRunner().invoke(cli, ["view", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    names = {p.name for p in tmp_path.glob("*.html")}
    assert {
        "ego-ROK-d1.html",
        "ego-DPRK-d1.html",
        "entities.html",
        "index.html",
        "overview.html",
        "paths-ROK-Ukraine.html",
        "redline.html",
        "source-001.html",
        "timeline.html",
        "treaty.html",
    } <= names
    assert f"open {tmp_path / 'index.html'}" in result.output


def test_kg_view_ego_names_the_file_after_the_entity(tmp_path):
    result = CliRunner().invoke(cli, ["view", "ego", "Seoul", "--depth", "2", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "ego-ROK-d2.html").is_file()
    assert "ego-ROK-d2.html" in (tmp_path / "index.html").read_text()


def test_kg_view_unknown_entity_is_one_error_line():
    result = CliRunner().invoke(cli, ["view", "paths", "Atlantis", "Ukraine", "--out", "/nonexistent"])
    assert result.exit_code == 6
    [line] = result.output.strip().splitlines()
    assert line.startswith("Error: no entity is named 'Atlantis'")


def test_view_repr_names_kind_and_size(store):
    assert repr(make_view(store, "treaty")).startswith("View(kind='treaty', title='Treaty: DPRK-Russia")


def test_view_is_a_plain_value():
    assert isinstance(make_view(hostile_store(), "overview"), View)


def test_view_file_is_written_under_given_folder(tmp_path: Path):
    result = CliRunner().invoke(cli, ["view", "redline", "--out", str(tmp_path / "v")])
    assert result.exit_code == 0 and (tmp_path / "v" / "redline.html").is_file()


@pytest.mark.parametrize(
    ("kind", "options"),
    [
        ("overview", {"max_nodes": -5}),
        ("overview", {"max_nodes": 0}),
        ("ego", {"entity": "ROK", "depth": -1}),
        ("paths", {"source": "ROK", "target": "Ukraine", "max_hops": -2}),
        ("paths", {"source": "ROK", "target": "Ukraine", "max_hops": 1, "min_hops": 2}),
    ],
)
def test_a_view_refuses_counts_that_cannot_be_drawn(store, kind, options):
    with pytest.raises(ViewError, match=r"max_nodes|depth|max_hops|min_hops"):
        make_view(store, kind, **options)


@pytest.mark.parametrize(
    "args",
    [
        ["overview", "--max-nodes", "-5"],
        ["ego", "ROK", "--depth", "-1"],
        ["paths", "ROK", "Ukraine", "--max-hops", "-2"],
    ],
)
def test_the_view_command_refuses_negative_counts_as_usage_errors(args):
    result = CliRunner().invoke(cli, ["view", *args])
    assert result.exit_code == 2 and "Invalid value" in result.output


def test_a_paths_view_with_max_below_min_says_why(tmp_path):
    result = CliRunner().invoke(
        cli, ["view", "paths", "ROK", "Ukraine", "--max-hops", "1", "--min-hops", "2", "--out", str(tmp_path)]
    )
    assert result.exit_code == 1 and "min_hops 2 is more than max_hops 1" in result.output


def test_views_are_byte_identical_whatever_the_hash_seed(built, repo_paths, tmp_path):
    import os
    import subprocess
    import sys

    folders = []
    for seed in ("1", "2"):
        out = tmp_path / seed
        env = {**os.environ, "PYTHONHASHSEED": seed}
        command = [sys.executable, "-m", "kg", "--root", str(repo_paths.root), "view", "--out", str(out)]
        subprocess.run(command, check=True, env=env, capture_output=True)
        folders.append({p.name: p.read_bytes() for p in sorted(out.iterdir())})
    assert folders[0] == folders[1] and len(folders[0]) > 5


def test_the_site_reads_an_imported_latin1_register_as_it_was_imported(project_copy, tmp_path):
    # the SIPRI export is Latin-1 (its document says so in dcterms:format); its reader must not crash
    from kg.build import build
    from kg.importers.sipri import import_sipri
    from kg.views.site import write_standard_views

    register = Path(__file__).parent / "fixtures" / "sipri_trade_register.csv"
    import_sipri(register, project_copy)
    build(project_copy)
    from kg.api import load

    write_standard_views(load(project_copy), tmp_path)
    reader = next(tmp_path.glob("source-sipri-*.html"))
    assert reader.is_file() and "Hwasong-11" in reader.read_text(encoding="utf-8")
