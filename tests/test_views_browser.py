"""Graph views in a real browser: Debian's headless Chromium driven by Playwright, with every
network request blocked. Screenshots go to test-artifacts/ for people to look at."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright
from support.views import EDGE_COUNT, NODE_COUNT, SCRIPT, XSS, count, hostile_store

from kg.store import open_store
from kg.views import make_view
from kg.views.site import DEFAULT_VIEWS, view_filename, write_standard_views

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
LOCAL = ("file:", "data:", "about:", "blob:")


class Visit:
    """A loaded page with what it logged: console errors, requests that tried to leave, dialogs."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.errors: list[str] = []
        self.blocked: list[str] = []
        self.dialogs: list[str] = []

    def count(self, name: str) -> int:
        return int(self.page.get_attribute("#kg-graph", f"data-{name}"))

    def point_of(self, node_id: str) -> tuple[float, float]:
        """Where a node is drawn, in page coordinates."""
        x, y = self.page.evaluate(
            """id => { const n = window.kgView.network; const p = n.canvasToDOM(n.getPositions([id])[id]);
                       const r = document.getElementById('kg-graph').getBoundingClientRect();
                       return [r.left + p.x, r.top + p.y]; }""",
            node_id,
        )
        return x, y


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def store(built):
    return open_store()


@pytest.fixture(scope="module")
def view_dir(store, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("views")
    write_standard_views(store, folder)  # the whole linked site
    make_view(hostile_store(), "overview").save(folder / "hostile.html")
    return folder


def visit(
    browser: Browser, path: Path, ready: str = "#kg-graph[data-stable=true]", size=(1400, 900), hash: str = ""
) -> Visit:
    page = browser.new_page(viewport={"width": size[0], "height": size[1]}, accept_downloads=True)
    seen = Visit(page)
    page.on("console", lambda m: seen.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: seen.errors.append(str(e)))

    def on_dialog(dialog):
        seen.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)

    def route(r):
        if r.request.url.startswith(LOCAL):
            r.continue_()
        else:
            seen.blocked.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.goto(path.as_uri() + hash)
    page.wait_for_selector(ready, timeout=60_000, state="attached")
    return seen


@pytest.fixture
def opened(browser, view_dir):
    pages: list[Page] = []

    def open_view(name: str, **kwargs) -> Visit:
        seen = visit(browser, view_dir / name, **kwargs)
        pages.append(seen.page)
        return seen

    yield open_view
    for page in pages:
        page.close()


@pytest.mark.parametrize("kind,options", DEFAULT_VIEWS, ids=[kind for kind, _ in DEFAULT_VIEWS])
def test_view_settles_offline_without_errors_or_requests(opened, kind, options):
    seen = opened(view_filename(kind, **options))
    ARTIFACTS.mkdir(exist_ok=True)
    seen.page.screenshot(path=str(ARTIFACTS / f"view-{kind}.png"))
    assert seen.errors == []
    assert seen.blocked == []
    assert seen.count("visible-nodes") > 0


def test_overview_draws_as_many_nodes_and_edges_as_the_graph_has(opened, store):
    seen = opened("overview.html")
    drawn = seen.page.evaluate(  # merged links are extra edges drawn instead of their parallels
        "[window.kgView.nodes.length, "
        "window.kgView.edges.get({filter: e => !e.id.startsWith('merged:')}).length]"
    )
    assert drawn == [count(store, NODE_COUNT), count(store, EDGE_COUNT)]
    assert [seen.count("node-count"), seen.count("edge-count")] == drawn


def test_clicking_article4_shows_its_quoted_text_and_source(opened):
    seen = opened("treaty.html")
    seen.page.mouse.click(*seen.point_of("kgr:DPRKRussiaTreatyArt4"))
    details = seen.page.inner_text("#kg-details")
    assert "Article 4 of the DPRK-Russia treaty" in details
    assert "in accordance with Article 51 of the UN Charter" in details
    assert "Source: " in details


def test_hovering_a_claim_node_shows_its_quote(opened):
    seen = opened("redline.html")
    assessment = seen.page.evaluate("window.kgView.data.nodes.find(n => n.cls === 'RedLineAssessment').id")
    seen.page.mouse.move(*seen.point_of(assessment))
    seen.page.wait_for_selector("#kg-tooltip:not([hidden])")
    tip = seen.page.inner_text("#kg-tooltip")
    quote = seen.page.evaluate(
        "id => { const d = window.kgView.data; "
        "return d.facts[d.nodes.find(n => n.id === id).fact].quotes[0]; }",
        assessment,
    )
    assert quote and quote[:40] in tip
    assert "RedLineAssessment" in tip


def test_time_filter_hides_facts_outside_the_range(opened):
    seen = opened("overview.html")
    before = seen.count("visible-edges")
    seen.page.select_option("#kg-undated", "hide")
    seen.page.fill("#kg-from", "2024-06-01")
    seen.page.fill("#kg-to", "2024-06-30")
    after = seen.count("visible-edges")
    assert 0 < after < before
    assert seen.count("visible-nodes") < seen.count("node-count")
    seen.page.click("#kg-reset")
    assert seen.count("visible-edges") == before


def test_time_slider_shows_fewer_facts_at_its_left_end(opened):
    seen = opened("overview.html")
    before = seen.count("visible-edges")
    seen.page.select_option("#kg-undated", "hide")
    seen.page.eval_on_selector("#kg-slider", "s => { s.value = '3'; s.dispatchEvent(new Event('input')); }")
    assert seen.count("visible-edges") < before


def test_class_filter_hides_a_class(opened):
    seen = opened("treaty.html")
    before = seen.count("visible-nodes")
    seen.page.uncheck("#kg-legend input[data-cls=Signing]")
    shown = seen.page.evaluate(
        "window.kgView.data.nodes"
        ".filter(n => n.cls === 'Signing' && !window.kgView.nodes.get(n.id).hidden).length"
    )
    assert shown == 0
    assert seen.count("visible-nodes") <= before - 4  # and places named only by a signing go too


def test_markup_in_a_quote_is_shown_as_text_and_never_runs(opened):
    seen = opened("hostile.html")
    seen.page.mouse.move(*seen.point_of("kgr:Evil"))
    seen.page.wait_for_selector("#kg-tooltip:not([hidden])")
    assert f"Evil {XSS} state" in seen.page.inner_text("#kg-tooltip")
    seen.page.mouse.click(*seen.point_of("kgr:Evil"))
    assert f"Evil {XSS} state" in seen.page.inner_text("#kg-details")
    edge = seen.page.evaluate("window.kgView.data.edges[0].id")  # what hovering the edge shows
    seen.page.evaluate(
        "id => document.getElementById('kg-details').replaceChildren(window.kgView.describeEdge(id))", edge
    )
    details = seen.page.inner_text("#kg-details")
    assert f"They said {XSS} and {SCRIPT} in one breath." in details
    assert f"Title {SCRIPT}" in details
    assert seen.page.evaluate("document.querySelectorAll('img').length") == 0
    assert seen.page.evaluate("document.querySelectorAll('script').length") == 3
    ARTIFACTS.mkdir(exist_ok=True)
    seen.page.screenshot(path=str(ARTIFACTS / "view-xss-probe.png"))
    assert seen.dialogs == []
    assert seen.errors == [] and seen.blocked == []


# ---------------------------------------------------------------- issue 14, point by point


def _june(seen: Visit) -> dict[str, int]:
    seen.page.fill("#kg-from", "2024-06-01")
    seen.page.fill("#kg-to", "2024-06-30")
    return {k: seen.count(k) for k in ("facts-certain", "facts-possible", "facts-by-source", "visible-nodes")}


def test_1_a_june_filter_counts_certain_possible_and_by_source_facts_as_the_spec_says(opened):
    seen = opened("overview.html")
    counts = _june(seen)
    expected = seen.page.evaluate(
        """() => { const d = window.kgView.data, st = window.KG.state;
           const c = {certain: 0, possible: 0, bysource: 0};
           const shown = new Set();
           d.edges.forEach(e => { if (window.KG.seen.edges[e.id]) shown.add(e.fact); });
           d.nodes.forEach(n => { if (n.fact && window.KG.seen.nodes[n.id]) shown.add(n.fact); });
           shown.forEach(k => { const f = d.facts[k];
             const lo = f.earliest || (f.source.earliest), hi = f.latest || (f.source.latest);
             if (!f.earliest) c.bysource++;
             else if (lo >= st.from && hi <= st.to) c.certain++; else c.possible++; });
           return c; }"""
    )
    assert counts["facts-certain"] == expected["certain"] > 0
    assert counts["facts-possible"] == expected["possible"] > 0  # year- and month-precision dates
    assert counts["facts-by-source"] == expected["bysource"] > 0  # undated: documents 001 and 003
    text = seen.page.inner_text("#kg-counts")
    assert f"{counts['facts-by-source']} undated, placed at their source's publication date" in text
    assert counts["visible-nodes"] < 113  # the review saw 113 of 176 before
    # a year-precision fact never counts as certainly in June; facts of the 2023 document are out
    assert seen.page.evaluate(
        "Object.values(window.kgView.data.facts).filter(f => f.precision === 'year')"
        ".every(f => window.KG.factState(f) !== 'certain')"
    )
    assert seen.page.evaluate(
        "Object.values(window.kgView.data.facts).filter(f => !f.earliest && f.source.id === 'kgr:source/000')"
        ".every(f => window.KG.factState(f) === 'out')"
    )
    # the legend counts follow the filter
    state_count = seen.page.inner_text("#kg-legend li:first-child .count")
    assert state_count.split("/")[0] != state_count.split("/")[1]
    seen.page.uncheck("#kg-possible")
    assert seen.count("facts-possible") == 0


def test_2_every_tooltip_lies_inside_the_viewport(opened):
    seen = opened("redline.html", size=(1280, 720))
    ids = seen.page.evaluate("window.kgView.data.nodes.map(n => n.id)")
    for node in ids:
        x, y = seen.point_of(node)
        if not (0 <= x < 1280 and 0 <= y < 720):
            continue
        seen.page.mouse.move(x, y)
        seen.page.wait_for_timeout(60)
        if seen.page.is_hidden("#kg-tooltip"):
            continue
        box = seen.page.evaluate(
            "(() => { const r = document.getElementById('kg-tooltip').getBoundingClientRect();"
            " return [r.left, r.top, r.right, r.bottom]; })()"
        )
        assert box[0] >= 0 and box[1] >= 0 and box[2] <= 1280 and box[3] <= 720, (node, box)
        seen.page.mouse.move(1, 1)
    ARTIFACTS.mkdir(exist_ok=True)
    seen.page.screenshot(path=str(ARTIFACTS / "view-redline-tooltip.png"))


@pytest.mark.parametrize(
    "typed,entity", [("Seoul", "kgr:ROK"), ("ROK", "kgr:ROK"), ("DPRK", "kgr:DPRK"), ("Kyiv", "kgr:Ukraine")]
)
def test_3_find_knows_names_aliases_metonyms_and_ids(opened, typed, entity):
    seen = opened("overview.html")
    seen.page.fill("#kg-search", typed)
    seen.page.press("#kg-search", "Enter")
    assert seen.page.get_attribute("#kg-find-results", "data-found") == entity
    assert seen.page.evaluate("window.kgView.network.getSelectedNodes()") == [entity]
    assert not seen.page.evaluate(f"window.kgView.nodes.get('{entity}').hidden")


def test_3_find_says_no_match_and_never_focuses_a_hidden_node(opened):
    seen = opened("overview.html")
    seen.page.fill("#kg-search", "zzz")
    seen.page.press("#kg-search", "Enter")
    assert "no match" in seen.page.inner_text("#kg-find-results")
    seen.page.fill("#kg-search", "Seoul City")  # a place named only by hidden statements
    seen.page.press("#kg-search", "Enter")
    found = seen.page.get_attribute("#kg-find-results", "data-found")
    assert found == "" or not seen.page.evaluate(f"window.kgView.nodes.get('{found}').hidden")


def test_4_paths_view_lists_its_chains_and_tells_linked_from_unlinked(opened):
    seen = opened("paths-ROK-Ukraine.html")
    chains = seen.page.evaluate("window.kgView.data.chains.map(c => c.tag)")
    assert chains.count("linked") == 4 and chains.count("unlinked") == 6  # as `kg chains` counts
    assert "4 linked, 6 unlinked" in seen.page.inner_text("#kg-note")
    seen.page.click("#kg-chains button[data-chain='0']")
    details = seen.page.inner_text("#kg-details")
    assert "hop 1:" in details and "hop 2:" in details and "in source" in details
    legend = seen.page.inner_text("#kg-status-legend")
    assert "linked chain" in legend and "only passes through the same state" in legend
    assert "chain=0" in seen.page.evaluate("location.hash")


def test_5_reset_dates_keeps_statements_hidden_and_show_every_class_reveals_them(opened):
    seen = opened("overview.html")
    before = seen.count("visible-nodes")
    _june(seen)
    seen.page.click("#kg-reset-dates")
    assert seen.count("visible-nodes") == before
    assert not seen.page.is_checked("#kg-legend input[data-cls=Statement]")
    seen.page.click("#kg-show-all")
    assert seen.count("visible-nodes") > before


def test_6_source_reader_highlights_exactly_the_located_quotes_and_each_opens_its_claim(
    opened, store, view_dir
):
    from kg.network import extract_graph
    from kg.paths import project_paths

    data = extract_graph(store)
    text = (project_paths().root / "seeds/texts/001_74cd32a4d6a1b515.txt").read_bytes().decode("utf-8")
    located = {
        (claim.iri, i)
        for claim in data.claims.values()
        for i, e in enumerate(claim.evidence, start=1)
        if e.document and e.document.endswith("/source/001") and text[e.start : e.end] == e.exact
    }
    seen = opened("source-001.html", ready="mark[data-ev]")
    keys = seen.page.evaluate(
        "[...new Set([...document.querySelectorAll('mark[data-ev]')].flatMap(m => m.dataset.ev.split(' ')))]"
    )
    assert len(keys) == len(located) > 0
    marks = seen.page.query_selector_all("mark[id]")
    for mark in marks[:12]:
        mark.click()
        fact = seen.page.evaluate("id => window.kgReader.data.evidence[id].fact", mark.get_attribute("id"))
        assert fact in seen.page.inner_text("#kg-details")
    ARTIFACTS.mkdir(exist_ok=True)
    seen.page.screenshot(path=str(ARTIFACTS / "reader-001.png"))
    assert seen.errors == [] and seen.blocked == []


def test_6_a_claim_in_a_view_links_to_its_highlighted_passage(opened, view_dir):
    seen = opened("treaty.html")
    seen.page.mouse.click(*seen.point_of("kgr:DPRKRussiaTreatyArt4"))
    href = seen.page.get_attribute("#kg-details a.source-link", "href")
    page, anchor = href.split("#")
    assert (view_dir / page).exists() and f'id="{anchor}"' in (view_dir / page).read_text("utf-8")


def test_7_clicking_an_entity_shows_its_card(opened):
    seen = opened("ego-ROK-d1.html")
    seen.page.mouse.click(*seen.point_of("kgr:ROK"))
    card = seen.page.inner_text("#kg-details")
    assert "Seoul" in card and "Transfer" in card and "entity page" in card


def test_8_parallel_links_are_drawn_as_one_edge_with_a_count_and_expand(opened):
    seen = opened("paths-ROK-Ukraine.html")
    merged = seen.page.evaluate(
        "window.kgView.edges.get().filter(e => e.id.startsWith('merged:') && !e.hidden)"
        ".map(e => ({id: e.id, label: e.label}))"
    )
    assert merged and all(re.fullmatch(r"\d+ × \w+", m["label"]) for m in merged)
    key = merged[0]["id"].removeprefix("merged:")
    members = seen.page.evaluate(f"window.kgView.data.edges.filter(e => e.group === {key!r}).map(e => e.id)")
    assert len(members) == int(merged[0]["label"].split()[0]) and len(members) > 1
    hidden = seen.page.evaluate(f"{members!r}.map(id => window.kgView.edges.get(id).hidden)")
    assert all(hidden)  # drawn as the one merged edge
    seen.page.evaluate(f"window.KG.state.expanded[{key!r}] = true; window.kgView.apply()")
    shown = seen.page.evaluate(f"{members!r}.map(id => window.kgView.edges.get(id).hidden)")
    assert not any(shown) and seen.page.evaluate(f"window.kgView.edges.get('merged:{key}').hidden")


def test_9_timeline_shows_the_19_june_2024_signing_with_its_sources(opened):
    seen = opened("timeline.html", ready="#tl-svg[data-ready=true]")
    items = seen.page.evaluate(
        "window.kgTimeline.data.items.filter(i => i.cls === 'Signing' && i.start === '2024-06-19')"
    )
    sources = {
        seen.page.evaluate(f"window.kgTimeline.data.facts['{f}'].source.id")
        for i in items
        for f in i["facts"]
    }
    assert len(sources) >= 2
    seen.page.click(f"#tl-svg g.item[data-key='{items[0]['key']}']")
    assert "Signing" in seen.page.inner_text("#kg-details")
    assert seen.page.evaluate("window.kgTimeline.data.undated.length") > 0
    ARTIFACTS.mkdir(exist_ok=True)
    seen.page.screenshot(path=str(ARTIFACTS / "timeline.png"))
    assert seen.errors == [] and seen.blocked == []


def test_10_filters_live_in_the_url_hash(opened):
    seen = opened("overview.html", hash="#from=2024-06-01&to=2024-06-30&status=reported")
    assert seen.page.input_value("#kg-from") == "2024-06-01"
    assert seen.page.evaluate("Object.keys(window.KG.state.status)") == ["reported"]
    assert not seen.page.is_checked("#kg-filter-status input[data-value=reported]")


def test_11_png_export_produces_an_image(opened):
    seen = opened("overview.html")
    with seen.page.expect_download() as download:
        seen.page.click("#kg-export-png")
    path = download.value.path()
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and path.stat().st_size > 10_000
    svg = seen.page.evaluate("window.KG.svgText()")
    assert svg.startswith("<svg") and "South Korea" in svg


def test_12_every_page_of_the_site_loads_offline_without_errors(browser, view_dir):
    for page in sorted(view_dir.glob("*.html")):
        if page.name.startswith("ego-") and page.name != "ego-ROK-d1.html":
            continue
        seen = visit(browser, page, ready="body")
        seen.page.wait_for_timeout(200)
        assert seen.errors == [] and seen.blocked == [], page.name
        seen.page.close()
    index = (view_dir / "index.html").read_text("utf-8")
    for name in ("overview.html", "timeline.html", "entities.html", "source-001.html", "ego-ROK-d1.html"):
        assert f'href="{name}"' in index
