import datetime as dt
import re
import xml.etree.ElementTree as ET

from markupsafe import Markup

from wharf_credit.web.charts import (GRADE_COLOURS, Band, Series, bar_chart, component_bars, line_chart,
                                     stacked_bars)

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: Markup) -> ET.Element:
    assert isinstance(svg, Markup)
    return ET.fromstring(str(svg))


def count(root: ET.Element, tag: str, cls: str | None = None) -> int:
    return sum(1 for el in root.iter(SVG + tag) if cls is None or cls in el.get("class", "").split())


def texts(root: ET.Element) -> list[str]:
    return ["".join(el.itertext()) for el in root.iter(SVG + "text")]


def test_a_bar_chart_has_one_bar_per_value_a_title_and_an_aria_label():
    root = parse(bar_chart([("AA", 3), ("A", 5), ("B", 0), ("C", 1), ("D", 2)], "Wharves per grade",
                           colours=GRADE_COLOURS))
    assert root.get("role") == "img" and root.get("aria-label") == "Wharves per grade"
    assert root.find(SVG + "title").text == "Wharves per grade"
    assert count(root, "rect", "chart-bar") == 5
    fills = [el.get("fill") for el in root.iter(SVG + "rect") if el.get("class") == "chart-bar"]
    assert fills == [GRADE_COLOURS[g] for g in ("AA", "A", "B", "C", "D")]


def test_the_tallest_bar_fills_the_plot_and_heights_are_proportional():
    root = parse(bar_chart([("x", 10), ("y", 5)], "t"))
    heights = [float(el.get("height")) for el in root.iter(SVG + "rect") if el.get("class") == "chart-bar"]
    assert heights[0] == 2 * heights[1]


def test_text_is_escaped_in_labels_titles_and_attributes():
    evil = '<script>alert("x")</script> & co'
    for svg in (bar_chart([(evil, 1)], evil), stacked_bars([(evil, [1])], [(evil, "#000")], evil),
                line_chart([Series(evil, [(1, 2, evil)])], evil), component_bars([(evil, 50)], evil)):
        assert "<script>" not in str(svg)
        root = parse(svg)  # still well-formed XML
        assert root.get("aria-label") == evil
        assert any(evil in t for t in texts(root)) or root.find(SVG + "title").text == evil


def test_empty_data_gives_an_svg_that_says_no_data():
    for svg in (bar_chart([], "t"), bar_chart([("AA", 0)], "t"), stacked_bars([], [("AA", "#000")], "t"),
                line_chart([], "t"), line_chart([Series("s", [])], "t"), component_bars([], "t")):
        root = parse(svg)
        assert "No data" in texts(root) and count(root, "rect", "chart-bar") == 0


def test_the_no_data_text_comes_translated_from_the_caller():
    assert "暂无数据" in texts(parse(bar_chart([], "t", empty="暂无数据")))


def test_stacked_bars_draw_one_segment_per_non_zero_value_and_a_legend():
    rows = [("Bulk", [2, 3, 0, 0, 1]), ("Container", [0, 1, 0, 0, 0])]
    keys = [(g, GRADE_COLOURS[g]) for g in ("AA", "A", "B", "C", "D")]
    root = parse(stacked_bars(rows, keys, "By type"))
    assert count(root, "rect", "segment") == 4
    assert count(root, "g", "row") == 2
    legend = next(el for el in root.iter(SVG + "g") if el.get("class") == "legend")
    assert ["".join(t.itertext()) for t in legend.iter(SVG + "text")] == ["AA", "A", "B", "C", "D"]
    assert "6" in texts(root) and "1" in texts(root)  # row totals


def test_a_line_chart_has_one_point_per_value_and_bands_behind_it():
    points = [(dt.date(2026, 1, 10), 72.5, "A"), (dt.date(2026, 5, 1), 81.0), (dt.date(2026, 11, 1), 91.25)]
    bands = [Band(90, 100, GRADE_COLOURS["AA"], "AA"), Band(80, 90, GRADE_COLOURS["A"], "A")]
    root = parse(line_chart([Series("Score", points)], "History", bands=bands, step=True, x_format=dt.date.isoformat))
    assert count(root, "circle", "point") == 3
    assert count(root, "g", "band") == 2 and count(root, "path", "line") == 1
    assert "2026-01-10" in texts(root) and "2026-11-01" in texts(root)
    tips = ["".join(c.itertext()) for c in root.iter(SVG + "circle")]
    assert tips[0] == "A" and tips[2] == "2026-11-01: 91.25"


def test_higher_values_are_drawn_higher_and_a_single_point_is_centred():
    root = parse(line_chart([Series("s", [(0, 10), (1, 90)])], "t"))
    ys = [float(c.get("cy")) for c in root.iter(SVG + "circle")]
    assert ys[1] < ys[0]
    root = parse(line_chart([Series("s", [(dt.date(2026, 3, 1), 50)])], "t", width=640))
    (circle,) = root.iter(SVG + "circle")
    assert 300 < float(circle.get("cx")) < 340


def test_several_series_get_a_legend_and_keep_their_colours():
    series = [Series(g, [(i, 20.0 * i) for i in range(4)], GRADE_COLOURS[g]) for g in ("AA", "D")]
    root = parse(line_chart(series, "Share", y_format=lambda v: f"{v:.0f}%"))
    assert count(root, "g", "series") == 2 and count(root, "circle", "point") == 8
    assert {p.get("stroke") for p in root.iter(SVG + "path")} == {GRADE_COLOURS["AA"], GRADE_COLOURS["D"]}
    assert "100%" in texts(root)


def test_component_bars_scale_to_the_maximum_and_clamp():
    root = parse(component_bars([("Green", 100), ("Safety", 50), ("Basic", 140)], "Components"))
    tracks = [float(el.get("width")) for el in root.iter(SVG + "rect") if el.get("class") == "chart-track"]
    bars = [float(el.get("width")) for el in root.iter(SVG + "rect") if el.get("class") == "chart-bar"]
    assert len(bars) == 3 and bars[0] == tracks[0] and bars[1] == tracks[1] / 2 and bars[2] == tracks[2]


def test_charts_are_deterministic_and_use_no_style_attributes():
    def build():
        return str(line_chart([Series("s", [(dt.date(2026, 1, 1), 80.123), (dt.date(2026, 2, 1), 70)])], "t",
                              bands=[Band(0, 60, "#9b1c1c", "D")]))
    assert build() == build()
    for svg in (build(), str(bar_chart([("a", 1)], "t")), str(component_bars([("a", 1)], "t")),
                str(stacked_bars([("a", [1])], [("k", "#000")], "t"))):
        assert "style=" not in svg and "<style" not in svg and "<script" not in svg


def test_chart_classes_do_not_collide_with_page_styles():
    """app.css styles HTML classes such as .bar (height, overflow): an SVG element sharing such a class would be
    resized by CSS, whatever its attributes say."""
    from pathlib import Path

    css = (Path(__file__).resolve().parents[2] / "static" / "css" / "app.css").read_text()
    styled = set(re.findall(r"\.([a-zA-Z][\w-]*)", css))
    svgs = [bar_chart([("a", 1)], "t"), stacked_bars([("a", [1])], [("k", "#000")], "t"), bar_chart([], "t"),
            line_chart([Series("s", [(0, 1), (1, 2)])], "t", bands=[Band(0, 50, "#000", "D")]),
            component_bars([("a", 1)], "t")]
    used = {c for svg in svgs for el in parse(svg).iter() for c in (el.get("class") or "").split()}
    assert used & styled <= {"chart-svg", "no-data"}, used & styled


def _x_labels(root: ET.Element) -> list[tuple[float, str]]:
    axis = next(g for g in root.iter(SVG + "g") if "x-axis" in g.get("class", "").split())
    return [(float(t.get("x")), t.text) for t in axis.iter(SVG + "text")]


def test_x_axis_labels_of_ratings_a_few_weeks_apart_do_not_overlap():
    from wharf_credit.web.charts import text_width

    days = [dt.date(2024, 1, 10), dt.date(2025, 3, 1), dt.date(2025, 3, 20), dt.date(2025, 4, 8),
            dt.date(2025, 4, 29), dt.date(2025, 5, 15), dt.date(2026, 11, 2), dt.date(2026, 11, 30)]
    for fmt in (dt.date.isoformat, lambda d: f"{d.year}年{d.month}月{d.day}日"):
        labels = _x_labels(parse(line_chart([Series("Score", [(d, 70) for d in days])], "History", x_format=fmt)))
        assert labels[0][1] == fmt(days[0]) and labels[-1][1] == fmt(days[-1])
        assert 2 <= len(labels) < len(days)
        for (x1, t1), (x2, t2) in zip(labels, labels[1:], strict=False):
            assert x2 - x1 >= (text_width(t1) + text_width(t2)) / 2, (t1, t2, x2 - x1)


def test_evenly_spaced_points_all_get_a_label_when_there_is_room():
    days = [dt.date(2020 + i, 1, 1) for i in range(5)]
    labels = _x_labels(parse(line_chart([Series("Score", [(d, 50) for d in days])], "History",
                                        x_format=dt.date.isoformat)))
    assert [t for _, t in labels] == [d.isoformat() for d in days]
