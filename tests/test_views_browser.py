"""Graph views in a real browser: Debian's headless Chromium driven by Playwright, with every
network request blocked. Screenshots go to test-artifacts/ for people to look at."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright
from support.views import EDGE_COUNT, NODE_COUNT, SCRIPT, XSS, count, hostile_store

from kg.store import open_store
from kg.views import make_view
from kg.views.site import DEFAULT_VIEWS, view_filename

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
    for kind, options in DEFAULT_VIEWS:
        make_view(store, kind, **options).save(folder / view_filename(kind, **options))
    make_view(hostile_store(), "overview").save(folder / "hostile.html")
    return folder


def visit(browser: Browser, path: Path) -> Visit:
    page = browser.new_page(viewport={"width": 1400, "height": 900})
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
    page.goto(path.as_uri())
    page.wait_for_selector("#kg-graph[data-stable=true]", timeout=60_000)
    return seen


@pytest.fixture
def opened(browser, view_dir):
    pages: list[Page] = []

    def open_view(name: str) -> Visit:
        seen = visit(browser, view_dir / name)
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
    drawn = seen.page.evaluate("[window.kgView.nodes.length, window.kgView.edges.length]")
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
    seen.page.uncheck("#kg-undated")
    seen.page.fill("#kg-from", "2024-06-01")
    seen.page.fill("#kg-to", "2024-06-30")
    after = seen.count("visible-edges")
    assert 0 < after < before
    assert seen.count("visible-nodes") < seen.count("node-count")
    seen.page.click("#kg-reset")
    assert seen.count("visible-edges") == seen.count("edge-count")


def test_time_slider_shows_fewer_facts_at_its_left_end(opened):
    seen = opened("overview.html")
    before = seen.count("visible-edges")
    seen.page.uncheck("#kg-undated")
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
